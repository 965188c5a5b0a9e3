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
 * @param inputModalities  what it reads: {@code TEXT}, {@code IMAGE}, ...
 * @param outputModalities what it writes: {@code TEXT}, {@code EMBEDDING}, ...
 */
public record FoundationModel(String modelId, String modelName, String providerName, List<String> inferenceTypes,
                              List<String> inputModalities, List<String> outputModalities) {

    public FoundationModel {
        Objects.requireNonNull(modelId, "modelId");
        modelName = Objects.requireNonNullElse(modelName, "");
        providerName = Objects.requireNonNullElse(providerName, "");
        inferenceTypes = List.copyOf(inferenceTypes);
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
    }

    /** Without modalities. */
    public FoundationModel(String modelId, String modelName, String providerName, List<String> inferenceTypes) {
        this(modelId, modelName, providerName, inferenceTypes, List.of(), List.of());
    }

    /** Whether the model may be invoked by its own ID (not only through an inference profile). */
    public boolean onDemand() {
        return inferenceTypes.contains("ON_DEMAND");
    }
}
