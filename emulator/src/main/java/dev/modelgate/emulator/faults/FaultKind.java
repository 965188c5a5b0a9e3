package dev.modelgate.emulator.faults;

/**
 * The failures the emulator can inject into Bedrock runtime calls, each answered the way AWS answers it.
 */
public enum FaultKind {
    /** 429 ThrottlingException "Too many requests, please wait before trying again." */
    THROTTLING(429, "ThrottlingException", "Too many requests, please wait before trying again."),
    /** 503 ServiceUnavailableException "Bedrock is unable to process your request." (as Bedrock words it). */
    SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
    /** 408 ModelTimeoutException. */
    MODEL_TIMEOUT(408, "ModelTimeoutException", "Model has timed out in processing the request. Try your request again."),
    /** 500 InternalServerException. */
    INTERNAL_SERVER(500, "InternalServerException", "The server encountered an internal error while processing the request."),
    /** 429 ModelNotReadyException (the SDK retries it). */
    MODEL_NOT_READY(429, "ModelNotReadyException", "Model is not ready for inference. Wait and try your request again."),
    /**
     * 424 ModelErrorException: the model itself failed; the message is the service model's description of the error
     * (AWS's own wording varies with the model's failure).
     */
    MODEL_ERROR(424, "ModelErrorException", "The request failed due to an error while processing the model."),
    /** 200 with the model's JSON cut in half. */
    TRUNCATED_BODY(200, null, null),
    /** 200 with a body that is not JSON at all. */
    NON_JSON_BODY(200, null, null),
    /**
     * Streams only: after {@code afterChunks} chunks an exception frame ({@code modelStreamErrorException} unless
     * {@code exceptionType} says otherwise) ends the stream.
     */
    MID_STREAM_EXCEPTION(200, "modelStreamErrorException", "The model encountered an error while streaming the response.");

    private final int status;
    private final String errorType;
    private final String message;

    FaultKind(int status, String errorType, String message) {
        this.status = status;
        this.errorType = errorType;
        this.message = message;
    }

    /** HTTP status of the injected answer. */
    public int status() {
        return status;
    }

    /** The AWS error type ({@code x-amzn-ErrorType} or {@code :exception-type}), or null for body faults. */
    public String errorType() {
        return errorType;
    }

    /** The message AWS sends with this error, or null for body faults. */
    public String message() {
        return message;
    }

    /** True when the fault replaces the whole answer with an AWS error. */
    public boolean isError() {
        return this != TRUNCATED_BODY && this != NON_JSON_BODY && this != MID_STREAM_EXCEPTION;
    }
}
