package dev.modelgate.emulator.bedrock;

/** The Bedrock runtime operations that run a model, with the IAM action each one is authorised as. */
public enum Operation {
    /** {@code POST /model/{modelId}/invoke}. */
    INVOKE("bedrock:InvokeModel", false),
    /** {@code POST /model/{modelId}/invoke-with-response-stream}. */
    INVOKE_STREAM("bedrock:InvokeModelWithResponseStream", true),
    /** {@code POST /model/{modelId}/converse}: authorised as {@code bedrock:InvokeModel}. */
    CONVERSE("bedrock:InvokeModel", false),
    /** {@code POST /model/{modelId}/converse-stream}: authorised as {@code bedrock:InvokeModelWithResponseStream}. */
    CONVERSE_STREAM("bedrock:InvokeModelWithResponseStream", true);

    private final String iamAction;
    private final boolean streaming;

    Operation(String iamAction, boolean streaming) {
        this.iamAction = iamAction;
        this.streaming = streaming;
    }

    /** The IAM action checked against {@link ResolvedModel#resourceArns()}. */
    public String iamAction() {
        return iamAction;
    }

    /** Whether the response is an event stream. */
    public boolean streaming() {
        return streaming;
    }

    /** Whether the request body is a Converse request rather than the model's native body. */
    public boolean converse() {
        return this == CONVERSE || this == CONVERSE_STREAM;
    }
}
