package dev.modelgate.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A base model Bedrock offers in a Region, as {@code ListFoundationModels} describes it.
 *
 * @param modelId        the model ID, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param modelName      its display name, or empty
 * @param providerName   its provider, or empty
 * @param inferenceTypes how it may be invoked: {@code ON_DEMAND}, {@code PROVISIONED}, {@code INFERENCE_PROFILE}
 */
public record FoundationModel(String modelId, String modelName, String providerName, List<String> inferenceTypes) {

    public FoundationModel {
        Objects.requireNonNull(modelId, "modelId");
        modelName = Objects.requireNonNullElse(modelName, "");
        providerName = Objects.requireNonNullElse(providerName, "");
        inferenceTypes = List.copyOf(inferenceTypes);
    }

    /** Whether the model may be invoked by its own ID (not only through an inference profile). */
    public boolean onDemand() {
        return inferenceTypes.contains("ON_DEMAND");
    }
}
