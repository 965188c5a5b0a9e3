package dev.modelgate.model;

/** What a model reference points at, and in which form it was given. */
public enum ModelReferenceKind {

    /** A base model ID: {@code anthropic.claude-3-haiku-20240307-v1:0}. */
    FOUNDATION_MODEL_ID(false),
    /** A base model's ARN: {@code arn:aws:bedrock:us-east-1::foundation-model/<model ID>} (empty account). */
    FOUNDATION_MODEL_ARN(true),
    /**
     * A Bedrock Marketplace model as a foundation-model ARN whose resource is a name without a provider dot:
     * {@code arn:aws:bedrock:us-east-1::foundation-model/<name>}; the name is what Modelgate sends.
     */
    MARKETPLACE_MODEL_ARN(true),
    /** A cross-Region (system-defined) inference profile ID: {@code us.anthropic.claude-3-haiku-20240307-v1:0}. */
    INFERENCE_PROFILE_ID(false),
    /** A cross-Region inference profile's ARN: {@code arn:aws:bedrock:<region>:<account>:inference-profile/<ID>}. */
    INFERENCE_PROFILE_ARN(true),
    /** An application inference profile's ARN: {@code …:application-inference-profile/<12 characters>}. */
    APPLICATION_INFERENCE_PROFILE_ARN(true),
    /**
     * A bare 12-character ID of lowercase letters and digits, taken as a Provisioned Throughput's ID. Other
     * account resources (application profiles, imported models) have IDs of the same shape; Bedrock resolves it.
     */
    PROVISIONED_MODEL_ID(false),
    /** A Provisioned Throughput's ARN: {@code …:provisioned-model/<12 characters>}. */
    PROVISIONED_MODEL_ARN(true),
    /** A custom model's ARN: {@code …:custom-model/<base model ID or "imported">/<12 characters>}. */
    CUSTOM_MODEL_ARN(true),
    /** A custom model deployment's ARN (on-demand custom models): {@code …:custom-model-deployment/<12 characters>}. */
    CUSTOM_MODEL_DEPLOYMENT_ARN(true),
    /** An imported model's ARN: {@code …:imported-model/<12 characters>}. */
    IMPORTED_MODEL_ARN(true),
    /** A Bedrock Marketplace endpoint: {@code arn:aws:sagemaker:<region>:<account>:endpoint/<name>}. */
    MARKETPLACE_ENDPOINT_ARN(true);

    private final boolean arn;

    ModelReferenceKind(boolean arn) {
        this.arn = arn;
    }

    /** Whether references of this kind are ARNs (and so carry a Region). */
    public boolean arn() {
        return arn;
    }

    /** Whether references of this kind name an account (every ARN but the foundation-model ones). */
    public boolean hasAccount() {
        return arn && this != FOUNDATION_MODEL_ARN && this != MARKETPLACE_MODEL_ARN;
    }

    /** Whether references of this kind are cross-Region inference profiles, which carry a {@link GeoPrefix}. */
    public boolean crossRegionProfile() {
        return this == INFERENCE_PROFILE_ID || this == INFERENCE_PROFILE_ARN;
    }
}
