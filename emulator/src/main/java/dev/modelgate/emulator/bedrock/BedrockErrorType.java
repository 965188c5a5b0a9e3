package dev.modelgate.emulator.bedrock;

/**
 * The error shapes of the Bedrock runtime and control-plane service models, with the HTTP status each one carries
 * (botocore {@code bedrock-runtime/2023-09-30} and {@code bedrock/2023-04-20}, PROTOCOL.md §2.4 and §3).
 *
 * <p>{@link #code()} is what goes into {@code x-amzn-ErrorType} (before the {@code :} namespace suffix) and what the
 * SDKs map to their exception classes.
 */
public enum BedrockErrorType {
    /** 403: the caller may not use the resource. */
    ACCESS_DENIED("AccessDeniedException", 403),
    /** 400: the request is malformed or names something that cannot be used. */
    VALIDATION("ValidationException", 400),
    /** 404: the named resource does not exist. */
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    /** 429: request rate too high. */
    THROTTLING("ThrottlingException", 429),
    /** 408: the model took too long. */
    MODEL_TIMEOUT("ModelTimeoutException", 408),
    /** 429: the model is still loading; the SDKs retry it. */
    MODEL_NOT_READY("ModelNotReadyException", 429),
    /** 424: the model itself failed. */
    MODEL_ERROR("ModelErrorException", 424),
    /** 424: the model failed while streaming (only inside an event stream). */
    MODEL_STREAM_ERROR("ModelStreamErrorException", 424),
    /** 503: the service cannot take the request now. */
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),
    /** 500: the service failed. */
    INTERNAL_SERVER("InternalServerException", 500),
    /** 400 (not 429): a quota of the account is exhausted. */
    SERVICE_QUOTA_EXCEEDED("ServiceQuotaExceededException", 400);

    private final String code;
    private final int httpStatus;

    BedrockErrorType(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The shape name, e.g. {@code ValidationException}. */
    public String code() {
        return code;
    }

    /** The HTTP status of a response carrying this error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the service (not the caller) is at fault, as the model's {@code fault} trait says. */
    public boolean serverFault() {
        return this == SERVICE_UNAVAILABLE || this == INTERNAL_SERVER;
    }
}
