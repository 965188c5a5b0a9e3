package dev.modelgate.pricing;

import dev.modelgate.usage.PricingMode;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.usage.UsageRecord;
import java.util.Objects;

/**
 * Prices each record ({@link Pricing#price}), then hands it on; a record priced already passes unchanged. Never
 * throws: a record that cannot be priced (the prices unreadable) goes on {@link PricingMode#UNPRICED}, counted
 * ({@link #unpriceable()}) and logged at most once a minute.
 */
public final class PricingUsageRecorder implements UsageRecorder {

    private final UsageRecorder delegate;
    private final Pricing pricing;

    public PricingUsageRecorder(UsageRecorder delegate, Pricing pricing) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    @Override
    public void record(UsageRecord record) {
        UsageRecord priced = record;
        if (record != null) {
            try {
                priced = pricing.price(record);
            } catch (RuntimeException e) {
                unpriceable.incrementAndGet();
                long now = System.nanoTime();
                long next = nextLog.get();
                if (now - next >= 0 && nextLog.compareAndSet(next, now + 60_000_000_000L)) {
                    LOG.warn("usage record {} recorded unpriced: {} ({} so far)", record.id(), e.toString(),
                            unpriceable.get());
                }
                priced = record.pricing() != null ? record : record.withCost(PricingMode.UNPRICED, null, null);
            }
        }
        delegate.record(priced);
    }

    /** How many records went on unpriced since start because pricing them failed. */
    public long unpriceable() {
        return unpriceable.get();
    }

    private final java.util.concurrent.atomic.AtomicLong unpriceable = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong nextLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime());
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PricingUsageRecorder.class);
}
