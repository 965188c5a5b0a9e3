package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How an instance stops ({@code modelgate.shutdown.*}, see {@link GracefulShutdown}): it refuses new API requests at
 * once, lets those in flight finish for {@code grace}, cuts what still runs then and waits {@code cut-timeout} more for
 * the cut calls to answer and record their usage.
 *
 * @param grace      how long calls and streams in flight may take to finish once the instance stops, default 30 s;
 *                   zero cuts them at once
 * @param cutTimeout how long, after the grace, the cut calls have to answer (a stream its {@code error} event) and
 *                   record their usage, default 5 s; the instance stops then whatever still runs
 * @param retryAfter the {@code Retry-After} of the 503 {@code shutting-down} answers, default 5 s (rounded up to
 *                   whole seconds, at least 1)
 */
@ConfigurationProperties("modelgate.shutdown")
public record ShutdownProperties(@DefaultValue("30s") Duration grace, @DefaultValue("5s") Duration cutTimeout,
                                 @DefaultValue("5s") Duration retryAfter) {

    public ShutdownProperties {
        PropertyRules.notNegative("modelgate.shutdown.grace", grace);
        PropertyRules.notNegative("modelgate.shutdown.cut-timeout", cutTimeout);
        PropertyRules.notNegative("modelgate.shutdown.retry-after", retryAfter);
    }
}
