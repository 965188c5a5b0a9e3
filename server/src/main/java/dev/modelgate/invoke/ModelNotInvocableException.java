package dev.modelgate.invoke;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/**
 * The model exists but may not be invoked now: its inference is switched off, or its current revision has not passed
 * a Test. Answered 409: the request was fine, the model's state refuses it.
 */
public final class ModelNotInvocableException extends ModelgateException {

    /** Why the model may not be invoked. */
    public enum Reason {
        /** A workspace admin switched inference off. */
        INFERENCE_DISABLED(ErrorCode.INFERENCE_DISABLED),
        /** No revision is live by that name: the model's revision is a draft that no Test has promoted. */
        NOT_READY(ErrorCode.MODEL_NOT_READY);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        /** The public code of this refusal. */
        public ErrorCode code() {
            return code;
        }
    }

    private final Reason reason;
    private final String modelId;

    public ModelNotInvocableException(Reason reason, String modelName, String modelId, long revision) {
        super(reason.code(), switch (reason) {
            case INFERENCE_DISABLED -> "inference is disabled for model \"" + modelName + "\"; a workspace admin can "
                    + "enable it with PUT /api/v1/models/" + modelId + "/inference {\"enabled\": true}";
            case NOT_READY -> "model \"" + modelName + "\" is a draft: revision " + revision + " has not passed a "
                    + "Test; run POST /api/v1/models/" + modelId + "/test and invoke it once the Test passes";
        });
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
