package dev.modelgate.model;

import dev.modelgate.connection.Region;
import java.util.Objects;

/**
 * A tenant's model reference, parsed: what it points at and what Modelgate sends to Bedrock. Made by
 * {@link ModelReferenceParser}; the parts absent for a kind are {@code null}.
 *
 * @param raw         the reference exactly as the tenant entered it
 * @param kind        what it points at, and in which form
 * @param modelId     the value Modelgate sends as InvokeModel's {@code modelId}: the raw text, except for
 *                    foundation-model ARNs, whose model ID (or Marketplace name) is sent instead
 * @param baseModelId the underlying base model ID where the reference shows it (a model ID, a foundation-model
 *                    ARN's ID, a profile ID without its geography, a custom model's base), else {@code null}
 * @param geoPrefix   the geography of a cross-Region inference profile, else {@code null}
 * @param region      the Region inside an ARN, else {@code null}
 * @param accountId   the 12-digit account inside an ARN that has one, else {@code null}
 */
public record ModelReference(String raw, ModelReferenceKind kind, String modelId, String baseModelId,
                             GeoPrefix geoPrefix, Region region, String accountId) {

    /**
     * Checks that the parts present are those the kind has.
     *
     * @throws NullPointerException     when {@code raw}, {@code kind} or {@code modelId} is null
     * @throws IllegalArgumentException when the region, account or geo prefix is present for a kind without it, or
     *                                  missing for a kind with it
     */
    public ModelReference {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(modelId, "modelId");
        if (kind.arn() != (region != null)) {
            throw new IllegalArgumentException(kind + " must " + (kind.arn() ? "" : "not ") + "have a region");
        }
        if (kind.hasAccount() != (accountId != null)) {
            throw new IllegalArgumentException(kind + " must " + (kind.hasAccount() ? "" : "not ") + "have an account");
        }
        if (kind.crossRegionProfile() != (geoPrefix != null)) {
            throw new IllegalArgumentException(kind + " must " + (kind.crossRegionProfile() ? "" : "not ") + "have a geo prefix");
        }
    }
}
