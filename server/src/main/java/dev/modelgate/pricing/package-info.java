/**
 * What calls cost: the price table shipped with Modelgate ({@link dev.modelgate.pricing.ShippedPrices}), operators'
 * versioned overrides ({@link dev.modelgate.pricing.PriceBook}), and how a call's model is priced
 * ({@link dev.modelgate.pricing.Pricing}), applied to each usage record as it is recorded
 * ({@link dev.modelgate.pricing.PricingUsageRecorder}).
 */
package dev.modelgate.pricing;
