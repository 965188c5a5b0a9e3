package dev.modelgate.usage;

/** How a call was priced (see {@code pricing/Pricing}). */
public enum PricingMode {
    /** Per token (and per request where the price says so), from a price in effect: the record has a cost. */
    ON_DEMAND,
    /** A Provisioned Throughput, billed per model unit and hour, not per call: no cost per call. */
    PROVISIONED,
    /** No price known for the model, its Region or its service tier, or the call's token counts are unknown. */
    UNPRICED
}
