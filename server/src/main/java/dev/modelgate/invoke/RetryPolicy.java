package dev.modelgate.invoke;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How {@link ModelInvoker} retries throttling, 5xx and {@code ModelNotReadyException}: at most
 * {@code maxAttempts} calls in all, waiting a random time up to {@code baseDelay × 2^(attempt-1)} (capped at
 * {@code maxDelay}) before each retry ("full jitter"). Access and validation refusals are never retried.
 *
 * @param maxAttempts calls in all, at least 1 (1 means no retry)
 * @param baseDelay   the cap of the first wait; not negative
 * @param maxDelay    the cap of any wait; not less than {@code baseDelay}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /** 3 attempts, waits up to 100 ms, 200 ms, capped at 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= base <= max, got base " + baseDelay
                    + " and max " + maxDelay);
        }
    }

    /** Full jitter: a wait picked uniformly between 0 and its cap, both in milliseconds and inclusive. */
    static final LongUnaryOperator FULL_JITTER = cap -> ThreadLocalRandom.current().nextLong(cap + 1);

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ({@code attempt} from 1). */
    Duration delayAfter(int attempt) {
        return delayAfter(attempt, FULL_JITTER);
    }

    /** The wait before attempt {@code attempt + 1}, picked by {@code jitter} from the cap in milliseconds. */
    Duration delayAfter(int attempt, LongUnaryOperator jitter) {
        long capMillis = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 30));
        return capMillis <= 0 ? Duration.ZERO : Duration.ofMillis(Math.clamp(jitter.applyAsLong(capMillis), 0, capMillis));
    }
}
