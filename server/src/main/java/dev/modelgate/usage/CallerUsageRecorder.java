package dev.modelgate.usage;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stamps each record with the caller of the request the current thread serves, then hands it on. A record that names
 * its caller already, or one written outside a request, passes unchanged.
 */
public final class CallerUsageRecorder implements UsageRecorder {

    private final UsageRecorder delegate;
    private final Supplier<Optional<UsageCaller>> callers;

    /** @param callers the current request's caller; empty outside a request */
    public CallerUsageRecorder(UsageRecorder delegate, Supplier<Optional<UsageCaller>> callers) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    @Override
    public void record(UsageRecord record) {
        delegate.record(record.caller() != null ? record
                : callers.get().map(record::withCaller).orElse(record));
    }
}
