package dev.modelgate.usage;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells the request the current thread serves how many tokens its call really used (input + output + cache-read +
 * cache-write, unknown counts as 0), then hands the record on: a token-per-minute limit took an estimate before the
 * call and settles it here, on every path that records usage (invoke, stream, Converse, OpenAI chat). A record
 * written outside such a request passes unchanged.
 */
public final class SettlingUsageRecorder implements UsageRecorder {

    /** Tokens taken for a call before it ran, to be settled with what it used. */
    public interface Reservation {

        /**
         * Settles the reservation with the tokens one call used. A routed request records each model it tried: the
         * first record settles the estimate, each later one takes its own tokens (a fallback's answer counts).
         */
        void settle(long usedTokens);
    }

    private final UsageRecorder delegate;
    private final Supplier<Optional<Reservation>> reservations;

    /** @param reservations the current request's reservation; empty outside a request or when it took none */
    public SettlingUsageRecorder(UsageRecorder delegate, Supplier<Optional<Reservation>> reservations) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.reservations = Objects.requireNonNull(reservations, "reservations");
    }

    @Override
    public void record(UsageRecord record) {
        if (record.kind() != UsageKind.TEST) {
            reservations.get().ifPresent(r -> r.settle(tokens(record)));
        }
        delegate.record(record);
    }

    /** Every token the record counts: input, output, cache-read and cache-write (each unknown as 0). */
    public static long tokens(UsageRecord record) {
        return orZero(record.inputTokens()) + orZero(record.outputTokens()) + orZero(record.cacheReadTokens())
                + orZero(record.cacheWriteTokens());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
