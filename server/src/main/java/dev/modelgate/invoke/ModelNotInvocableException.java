package dev.modelgate.invoke;

/**
 * The model exists but may not be invoked now: its inference is switched off, or its current revision has not passed
 * a Test. Answered 409: the request was fine, the model's state refuses it.
 */
public final class ModelNotInvocableException extends RuntimeException {

    /** Why the model may not be invoked. */
    public enum Reason {
        /** A workspace admin switched inference off. */
        INFERENCE_DISABLED,
        /** The current revision is a DRAFT: no Test of it has passed. */
        NOT_READY
    }

    private final Reason reason;
    private final String modelId;

    public ModelNotInvocableException(Reason reason, String modelName, String modelId, long revision) {
        super(switch (reason) {
            case INFERENCE_DISABLED -> "inference is disabled for model \"" + modelName + "\"; a workspace admin can "
                    + "enable it with PUT /api/v1/models/" + modelId + "/inference {\"enabled\": true}";
            case NOT_READY -> "model \"" + modelName + "\" is a draft: revision " + revision + " has not passed a "
                    + "Test; run POST /api/v1/models/" + modelId + "/test and invoke it once the Test passes";
        }, null, false, false);
        this.reason = reason;
        this.modelId = modelId;
    }

    public Reason reason() {
        return reason;
    }

    public String modelId() {
        return modelId;
    }
}
