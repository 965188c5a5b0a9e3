package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Modelgate's own AWS identity, the principal tenants trust ({@code modelgate.platform.*}).
 *
 * @param identityTtl how long STS's answer to who Modelgate is (GetCallerIdentity) is kept; zero asks every
 *                    time. Zero or more; default 10 minutes
 */
@ConfigurationProperties(PlatformProperties.PREFIX)
public record PlatformProperties(@DefaultValue("10m") Duration identityTtl) {

    static final String PREFIX = "modelgate.platform";

    public PlatformProperties {
        PropertyRules.notNegative(PREFIX + ".identity-ttl", identityTtl);
    }
}
