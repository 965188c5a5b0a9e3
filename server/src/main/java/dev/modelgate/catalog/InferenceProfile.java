package dev.modelgate.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An inference profile a tenant may invoke in a Region, as {@code ListInferenceProfiles} describes it: a system-defined
 * cross-Region profile or one of the tenant's application profiles.
 *
 * @param id        the profile ID, e.g. {@code us.anthropic.claude-3-haiku-20240307-v1:0}
 * @param arn       its ARN in the tenant's account
 * @param name      its display name, or empty
 * @param type      {@code SYSTEM_DEFINED} or {@code APPLICATION}
 * @param modelArns the foundation-model ARNs it routes to, one per Region it may serve a request in
 */
public record InferenceProfile(String id, String arn, String name, String type, List<String> modelArns) {

    public InferenceProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(arn, "arn");
        name = Objects.requireNonNullElse(name, "");
        type = Objects.requireNonNullElse(type, "");
        modelArns = List.copyOf(modelArns);
    }

    /** Whether it routes to the base model {@code modelId} (in any Region). */
    public boolean contains(String modelId) {
        return modelArns.stream().anyMatch(arn -> arn.endsWith(":foundation-model/" + modelId));
    }
}
