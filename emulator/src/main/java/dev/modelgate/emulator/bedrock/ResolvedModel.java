package dev.modelgate.emulator.bedrock;

import java.util.List;

/**
 * What a {@code {modelId}} of a runtime call resolved to.
 *
 * @param modelIdAsSent the identifier as the caller sent it (percent-decoded)
 * @param model         the foundation model that serves the call (for account resources: the model they serve)
 * @param family        the body format: {@code model.family()}
 * @param resourceArns  the ARNs IAM must allow the operation's action on, in order: the ARN named by the caller
 *                      first, then the foundation-model ARN(s) a profile routes to
 * @param kind          what kind of identifier it was
 * @param servedModelId {@code model.modelId()}: pass it to the family's response writers
 */
public record ResolvedModel(String modelIdAsSent, FoundationModel model, ModelFamily family,
                            List<String> resourceArns, Kind kind, String servedModelId) {

    /** The kinds of model identifier Bedrock runtime accepts. */
    public enum Kind {
        /** A bare foundation-model ID or a foundation-model ARN. */
        FOUNDATION_MODEL,
        /** A system-defined (cross-Region) inference profile, by ID or ARN. */
        SYSTEM_PROFILE,
        /** An application inference profile ARN of the caller's account. */
        APPLICATION_PROFILE,
        /** A provisioned-throughput model ARN. */
        PROVISIONED,
        /** A Custom Model Import ARN. */
        IMPORTED,
        /** A custom-model on-demand deployment ARN. */
        CUSTOM_DEPLOYMENT,
        /** A SageMaker endpoint ARN of a Bedrock Marketplace deployment. */
        MARKETPLACE_ENDPOINT,
        /** A Bedrock Marketplace model's foundation-model ARN. */
        MARKETPLACE_FOUNDATION
    }

    public ResolvedModel {
        if (modelIdAsSent == null || model == null || family == null || kind == null || servedModelId == null) {
            throw new IllegalArgumentException("a resolved model needs every component, got " + modelIdAsSent
                    + " -> " + kind + " " + servedModelId);
        }
        if (family != model.family() || !servedModelId.equals(model.modelId())) {
            throw new IllegalArgumentException("resolved family and served model must be those of "
                    + model.modelId() + ", got " + family + " / " + servedModelId);
        }
        if (resourceArns == null || resourceArns.isEmpty()) {
            throw new IllegalArgumentException("resolved model " + modelIdAsSent + " needs at least one resource ARN");
        }
        resourceArns = List.copyOf(resourceArns);
    }

    /** A resolution whose family and served model are the model's own. */
    static ResolvedModel of(String modelIdAsSent, FoundationModel model, Kind kind, List<String> resourceArns) {
        return new ResolvedModel(modelIdAsSent, model, model.family(), resourceArns, kind, model.modelId());
    }
}
