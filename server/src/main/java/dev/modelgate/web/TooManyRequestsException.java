package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.time.Duration;

/** A request refused by a rate limit: answered 429 with {@code Retry-After} in whole seconds (at least 1). */
final class TooManyRequestsException extends ModelgateException {

    private final long retryAfterSeconds;

    /** @param detailFormat the detail, with {@code %d} where the seconds go */
    TooManyRequestsException(Duration retryAfter, String detailFormat) {
        this(seconds(retryAfter), detailFormat);
    }

    private TooManyRequestsException(long seconds, String detailFormat) {
        super(ErrorCode.RATE_LIMITED, detailFormat.formatted(seconds));
        this.retryAfterSeconds = seconds;
    }

    static long seconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
