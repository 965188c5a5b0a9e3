package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenants' assumed-role sessions Modelgate keeps ({@code modelgate.sessions.*}), one per role, External ID and
 * STS endpoint.
 *
 * @param duration      how long a session is asked for (STS's DurationSeconds); the role's MaxSessionDuration must
 *                      allow it. Whole seconds from 15 minutes to 12 hours; default 1 hour
 * @param refreshMargin a session is renewed this long before it expires, one AssumeRole in flight per role however
 *                      many calls wait. Zero or more, less than duration; default 5 minutes
 * @param maxSize       the most sessions kept; past it, the least recently used go first. At least 1; default 10000
 */
@ConfigurationProperties(TenantSessionProperties.PREFIX)
public record TenantSessionProperties(@DefaultValue("1h") Duration duration,
                                      @DefaultValue("5m") Duration refreshMargin,
                                      @DefaultValue("10000") long maxSize) {

    static final String PREFIX = "modelgate.sessions";
    private static final Duration MIN_DURATION = Duration.ofMinutes(15);
    private static final Duration MAX_DURATION = Duration.ofHours(12);

    public TenantSessionProperties {
        if (PropertyRules.positive(PREFIX + ".duration", duration).toNanosPart() != 0
                || duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(PREFIX + ".duration must be whole seconds from " + MIN_DURATION
                    + " to " + MAX_DURATION + " (STS's DurationSeconds), got " + duration);
        }
        if (PropertyRules.notNegative(PREFIX + ".refresh-margin", refreshMargin).compareTo(duration) >= 0) {
            throw new IllegalArgumentException(PREFIX + ".refresh-margin must be less than " + PREFIX + ".duration ("
                    + duration + "), got " + refreshMargin);
        }
        PropertyRules.atLeast(PREFIX + ".max-size", maxSize, 1);
    }
}
