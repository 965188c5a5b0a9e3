package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API keys ({@code modelgate.keys.*}).
 *
 * @param lookupTtl how long a key looked up is kept in memory: the bound on a revocation reaching an instance should
 *                  its invalidation not arrive (revoking drops the key at once on the instance that revoked it and,
 *                  on PostgreSQL, on every other as the invalidation reaches it). Positive; default 10 s
 */
@ConfigurationProperties(ApiKeyProperties.PREFIX)
public record ApiKeyProperties(@DefaultValue("10s") Duration lookupTtl) {

    static final String PREFIX = "modelgate.keys";

    public ApiKeyProperties {
        PropertyRules.positive(PREFIX + ".lookup-ttl", lookupTtl);
    }
}
