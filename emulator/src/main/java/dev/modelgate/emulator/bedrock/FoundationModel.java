package dev.modelgate.emulator.bedrock;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A Bedrock foundation model as ListFoundationModels describes it ({@code FoundationModelSummary}), plus where it runs
 * and which family's body it speaks.
 *
 * @param modelId                    e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param modelName                  1..20 characters (the model's {@code BrandedName} limit)
 * @param providerName               1..20 characters
 * @param family                     the native body format
 * @param inputModalities            not empty
 * @param outputModalities           not empty
 * @param responseStreamingSupported whether InvokeModelWithResponseStream and ConverseStream serve it
 * @param customizationsSupported    possibly empty
 * @param inferenceTypesSupported    not empty; profile-only models list {@link InferenceType#INFERENCE_PROFILE}
 *                                   without {@link InferenceType#ON_DEMAND}
 * @param lifecycleStatus            ACTIVE or LEGACY
 * @param regions                    the Regions where it is listed and can serve requests; not empty
 * @param marketplace                a Bedrock Marketplace model: invokable by ARN, never listed
 * @param latencyOptimized           whether it serves latency-optimized inference
 *                                   ({@code performanceConfig.latency = optimized}); AWS lists few models
 * @param serviceTiers               the service tiers ({@code ServiceTierType}) it serves; absent in the catalogue:
 *                                   {@code default}, {@code priority} and {@code flex} ({@code reserved} needs
 *                                   reserved capacity, which no emulated account has)
 * @param documentChat               whether Converse accepts {@code document} content blocks for it (AWS's
 *                                   "document chat" feature; independent of {@code inputModalities}, which say
 *                                   whether it takes {@code image} blocks)
 */
public record FoundationModel(String modelId, String modelName, String providerName, ModelFamily family,
                              List<Modality> inputModalities, List<Modality> outputModalities,
                              boolean responseStreamingSupported, List<Customization> customizationsSupported,
                              List<InferenceType> inferenceTypesSupported, LifecycleStatus lifecycleStatus,
                              List<String> regions, boolean marketplace, boolean latencyOptimized,
                              List<String> serviceTiers, boolean documentChat) {

    /** The service tiers of a model whose catalogue entry does not list them. */
    public static final List<String> DEFAULT_SERVICE_TIERS = List.of("default", "priority", "flex");
    private static final List<String> SERVICE_TIER_TYPES = List.of("priority", "default", "flex", "reserved");

    /** The model's {@code BedrockModelId} pattern. */
    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9-]{1,63}[.][a-z0-9-]{1,63}([a-z0-9-]{1,63}[.])"
            + "{0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    /** Modalities ({@code ModelModality}). */
    public enum Modality { TEXT, IMAGE, EMBEDDING }

    /** Customizations ({@code ModelCustomization}). */
    public enum Customization { FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION }

    /**
     * Inference types. The service model's enum has ON_DEMAND and PROVISIONED; the real service also returns
     * INFERENCE_PROFILE for profile-only models (SDKs read it as an unknown value).
     */
    public enum InferenceType { ON_DEMAND, PROVISIONED, INFERENCE_PROFILE }

    /** Lifecycle status ({@code FoundationModelLifecycleStatus}). */
    public enum LifecycleStatus { ACTIVE, LEGACY }

    public FoundationModel {
        if (modelId == null || modelId.length() > 140 || !MODEL_ID.matcher(modelId).matches()) {
            throw new IllegalArgumentException("model ID must match the BedrockModelId pattern (e.g."
                    + " anthropic.claude-3-haiku-20240307-v1:0), got \"" + modelId + "\"");
        }
        requireBranded("modelName", modelName, modelId);
        requireBranded("providerName", providerName, modelId);
        if (family == null || lifecycleStatus == null) {
            throw new IllegalArgumentException("model " + modelId + " needs a family and a lifecycleStatus");
        }
        inputModalities = nonEmpty("inputModalities", inputModalities, modelId);
        outputModalities = nonEmpty("outputModalities", outputModalities, modelId);
        customizationsSupported = List.copyOf(customizationsSupported);
        inferenceTypesSupported = nonEmpty("inferenceTypesSupported", inferenceTypesSupported, modelId);
        regions = nonEmpty("regions", regions, modelId);
        serviceTiers = serviceTiers == null ? DEFAULT_SERVICE_TIERS : List.copyOf(serviceTiers);
        if (!SERVICE_TIER_TYPES.containsAll(serviceTiers) || !serviceTiers.contains("default")) {
            throw new IllegalArgumentException("model " + modelId + " serviceTiers must include default and name only "
                    + SERVICE_TIER_TYPES + ", got " + serviceTiers);
        }
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("model " + modelId + " lists a malformed Region \"" + region
                        + "\" (expected e.g. us-east-1)");
            }
        }
        if (inferenceTypesSupported.contains(InferenceType.ON_DEMAND)
                == inferenceTypesSupported.contains(InferenceType.INFERENCE_PROFILE)) {
            throw new IllegalArgumentException("model " + modelId + " must support exactly one of ON_DEMAND and"
                    + " INFERENCE_PROFILE, got " + inferenceTypesSupported);
        }
    }

    private static void requireBranded(String field, String value, String modelId) {
        if (value == null || value.isEmpty() || value.length() > 20) {
            throw new IllegalArgumentException("model " + modelId + " " + field + " must be 1..20 characters, got \""
                    + value + "\"");
        }
    }

    private static <T> List<T> nonEmpty(String field, List<T> values, String modelId) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("model " + modelId + " " + field + " must not be empty");
        }
        return List.copyOf(values);
    }

    /** Whether it takes {@code image} content (its input modalities include IMAGE). */
    public boolean acceptsImages() {
        return inputModalities.contains(Modality.IMAGE);
    }

    /** Whether it can be invoked by its bare ID or foundation-model ARN (not only through an inference profile). */
    public boolean onDemand() {
        return inferenceTypesSupported.contains(InferenceType.ON_DEMAND);
    }

    /** Whether it runs in {@code region}. */
    public boolean availableIn(String region) {
        return regions.contains(region);
    }

    /** {@code arn:aws:bedrock:<region>::foundation-model/<modelId>} (foundation-model ARNs have no account). */
    public String arn(String region) {
        return "arn:aws:bedrock:" + region + "::foundation-model/" + modelId;
    }

    /** The Region-less ARN that global inference profiles route to: {@code arn:aws:bedrock:::foundation-model/…}. */
    public String regionlessArn() {
        return "arn:aws:bedrock:::foundation-model/" + modelId;
    }
}
