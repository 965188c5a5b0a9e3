package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Writing usage records ({@code modelgate.usage.*}): what happens while the database fails, and at shutdown.
 *
 * @param bufferLimit         usage records kept in memory while the database fails (about 300 bytes each); past it
 *                            the newest record is dropped. At least 1; default 100000
 * @param retryInitialBackoff the pause after the first failed retry of buffered records, doubling after each further
 *                            one. Positive; default 100 ms
 * @param retryMaxBackoff     the longest pause between retries. At least retry-initial-backoff; default 30 s
 * @param closeTimeout        how long shutdown keeps trying to write buffered records before dropping them. Zero or
 *                            more; default 10 s
 */
@ConfigurationProperties(UsageProperties.PREFIX)
public record UsageProperties(@DefaultValue("100000") int bufferLimit,
                              @DefaultValue("100ms") Duration retryInitialBackoff,
                              @DefaultValue("30s") Duration retryMaxBackoff,
                              @DefaultValue("10s") Duration closeTimeout) {

    static final String PREFIX = "modelgate.usage";

    public UsageProperties {
        PropertyRules.atLeast(PREFIX + ".buffer-limit", bufferLimit, 1);
        PropertyRules.positive(PREFIX + ".retry-initial-backoff", retryInitialBackoff);
        if (PropertyRules.positive(PREFIX + ".retry-max-backoff", retryMaxBackoff).compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException(PREFIX + ".retry-max-backoff must be at least " + PREFIX
                    + ".retry-initial-backoff (" + retryInitialBackoff + "), got " + retryMaxBackoff);
        }
        PropertyRules.notNegative(PREFIX + ".close-timeout", closeTimeout);
    }
}
