package dev.modelgate.pricing;

import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.usage.UsageRecord;
import java.util.Objects;

/** Prices each record ({@link Pricing#price}), then hands it on; a record priced already passes unchanged. */
public final class PricingUsageRecorder implements UsageRecorder {

    private final UsageRecorder delegate;
    private final Pricing pricing;

    public PricingUsageRecorder(UsageRecorder delegate, Pricing pricing) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    @Override
    public void record(UsageRecord record) {
        delegate.record(record == null ? null : pricing.price(record));
    }
}
