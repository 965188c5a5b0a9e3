package dev.modelgate.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API's limits on what callers send and what it tells them ({@code modelgate.api.*}); what one JSON body may
 * hold is {@link JsonReadLimits} ({@code modelgate.api.json.*}).
 *
 * @param maxRequestBytes     the largest request body accepted on /api and /v1, in bytes; larger is answered 413.
 *                            On /v1 images come inside the body as base64 data URLs, so this bounds the images of
 *                            one chat request together (1 MiB holds about 750 KiB of image bytes). At least 1;
 *                            default 1048576 (1 MiB)
 * @param throttledRetryAfter what a caller whose model call Bedrock throttled is told to wait (Retry-After, rounded
 *                            up to whole seconds). Positive; default 2 s
 */
@ConfigurationProperties(ApiProperties.PREFIX)
public record ApiProperties(@DefaultValue("1048576") long maxRequestBytes,
                            @DefaultValue("2s") Duration throttledRetryAfter) {

    static final String PREFIX = "modelgate.api";

    public ApiProperties {
        PropertyRules.atLeast(PREFIX + ".max-request-bytes", maxRequestBytes, 1);
        PropertyRules.positive(PREFIX + ".throttled-retry-after", throttledRetryAfter);
    }

    /** {@link #throttledRetryAfter()} in whole seconds, rounded up: what {@code Retry-After} says. */
    public long throttledRetryAfterSeconds() {
        return (throttledRetryAfter.toMillis() + 999) / 1000;
    }
}
