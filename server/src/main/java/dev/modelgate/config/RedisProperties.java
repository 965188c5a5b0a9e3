package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis, where the instances of one deployment share what must be shared fast: the rate limits' token buckets.
 *
 * @param url        Redis's address, {@code redis://host:port} ({@code rediss://} for TLS; a user and password go in the
 *                   URL); none (the default): each instance enforces the rate limits on its own
 * @param keyPrefix  prepended to every key Modelgate writes, so that deployments sharing a Redis keep apart
 * @param timeout    the most a connect or a command to Redis may take; no request waits on Redis longer
 * @param retryAfter once Redis failed, how long each instance enforces the limits on its own before trying Redis again
 */
@ConfigurationProperties("modelgate.redis")
public record RedisProperties(String url,
                              @DefaultValue("modelgate:") String keyPrefix,
                              @DefaultValue("250ms") Duration timeout,
                              @DefaultValue("5s") Duration retryAfter) {

    public RedisProperties {
        PropertyRules.positive("modelgate.redis.timeout", timeout);
        PropertyRules.positive("modelgate.redis.retry-after", retryAfter);
        if (url == null) {
            url = "";
        }
        if (!url.isBlank() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            // The URL may hold a password: only its scheme is repeated.
            throw new IllegalArgumentException("modelgate.redis.url must start with redis:// or rediss://, got one "
                    + "starting " + (url.contains("://") ? url.substring(0, url.indexOf("://") + 3) : "without a scheme"));
        }
    }

    /** Whether a Redis is configured. */
    public boolean configured() {
        return !url.isBlank();
    }
}
