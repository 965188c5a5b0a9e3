package dev.modelgate.pricing;

import dev.modelgate.model.RequestOptions.ServiceTier;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of an operator's price: platform-wide ({@code workspaceId} null) or for one workspace, for one base
 * model in one Region or every Region ({@value ShippedPrices#ALL_REGIONS}) and one service tier ({@code DEFAULT}, the
 * standard price, or {@code PRIORITY} or {@code FLEX}), in effect from {@code effectiveAt} until a later version of
 * the same scope. A removal is a version too ({@code price} null): from then on the scope below
 * applies.
 *
 * @param id the version's number, growing; {@code override <id>} is what records priced by it name
 */
public record PriceOverride(long id, String workspaceId, String baseModelId, String region, ServiceTier serviceTier,
                            Price price, Instant effectiveAt, String createdBy) {

    public PriceOverride {
        Objects.requireNonNull(baseModelId, "baseModelId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(serviceTier, "serviceTier");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Whether this version removes the override. */
    public boolean removed() {
        return price == null;
    }

    /** The scope this version belongs to: later versions of the same scope replace it. */
    record Scope(String workspaceId, String baseModelId, String region, ServiceTier serviceTier) {
    }

    Scope scope() {
        return new Scope(workspaceId, baseModelId, region, serviceTier);
    }

    /**
     * What calls priced by version {@code id} of a tier's price name: {@code override 17} (the standard price),
     * {@code override 17 priority}.
     */
    static String ref(long id, ServiceTier serviceTier) {
        return "override " + id + (serviceTier == ServiceTier.DEFAULT ? "" : " " + serviceTier.wire());
    }
}
