package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Redis, where the instances of one deployment share what must be shared fast: the rate limits' token buckets.
 *
 * @param url        Redis's address, e.g. {@code redis://127.0.0.1:6379} ({@code rediss://} for TLS, user and password
 *                   in the URL); empty (the default): no Redis, each instance enforces the rate limits on its own
 * @param keyPrefix  prepended to every key Modelgate writes, so that deployments sharing a Redis keep apart
 * @param timeout    the most a connect or a command to Redis may take (default 250 ms); a request never waits longer
 * @param retryAfter after Redis failed, how long each instance enforces the limits on its own before trying Redis
 *                   again (default 5 s)
 */
@ConfigurationProperties("modelgate.redis")
public record RedisProperties(@DefaultValue("") String url,
                              @DefaultValue("modelgate:") String keyPrefix,
                              @DefaultValue("250ms") Duration timeout,
                              @DefaultValue("5s") Duration retryAfter) {

    public RedisProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("modelgate.redis.timeout must be positive, got " + timeout);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("modelgate.redis.retry-after must be positive, got " + retryAfter);
        }
        if (!url.isBlank() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException(
                    "modelgate.redis.url must start with redis:// or rediss://, got " + RedactedUrl.of(url));
        }
    }

    /** Whether a Redis is configured. */
    public boolean configured() {
        return !url.isBlank();
    }

    /** A Redis URL without its password, fit for messages and logs. */
    static final class RedactedUrl {

        private RedactedUrl() {
        }

        static String of(String url) {
            int at = url.lastIndexOf('@');
            int scheme = url.indexOf("://");
            return at < 0 ? url : url.substring(0, scheme < 0 ? 0 : scheme + 3) + "…" + url.substring(at);
        }
    }
}
