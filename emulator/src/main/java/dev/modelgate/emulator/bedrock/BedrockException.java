package dev.modelgate.emulator.bedrock;

import java.util.Objects;

/**
 * An error Bedrock answers with: a {@link BedrockErrorType} (code and HTTP status) and the message AWS puts in the
 * JSON body {@code {"message": ...}}.
 *
 * <p>The factories carry AWS's own wording where it is known (PROTOCOL.md §2.4); the HTTP layer turns the exception
 * into the response (status, {@code x-amzn-ErrorType}, body) or into an in-stream exception frame.
 */
public final class BedrockException extends RuntimeException {

    private final BedrockErrorType type;

    /**
     * @param type    the error shape; not null
     * @param message the message as AWS words it; not blank
     */
    public BedrockException(BedrockErrorType type, String message) {
        super(requireMessage(message));
        this.type = Objects.requireNonNull(type, "type");
    }

    private static String requireMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a Bedrock error needs a message, got " + message);
        }
        return message;
    }

    /** The error shape. */
    public BedrockErrorType type() {
        return type;
    }

    /** The shape name sent in {@code x-amzn-ErrorType}, e.g. {@code ValidationException}. */
    public String errorType() {
        return type.code();
    }

    /** The HTTP status of the error response. */
    public int httpStatus() {
        return type.httpStatus();
    }

    /** The message, as in the JSON body. */
    public String message() {
        return getMessage();
    }

    /** ValidationException with a given message. */
    public static BedrockException validation(String message) {
        return new BedrockException(BedrockErrorType.VALIDATION, message);
    }

    /** ValidationException "The provided model identifier is invalid." — AWS's answer to most unusable model IDs. */
    public static BedrockException invalidModelIdentifier() {
        return validation("The provided model identifier is invalid.");
    }

    /** ValidationException for a model that is served only through an inference profile. */
    public static BedrockException onDemandNotSupported(String modelId) {
        return validation("Invocation of model ID " + modelId + " with on-demand throughput isn't supported. Retry your"
                + " request with the ID or ARN of an inference profile that contains this model.");
    }

    /**
     * ValidationException for a body the model rejects: "Malformed input request: {detail}, please reformat your
     * input and try again."
     */
    public static BedrockException malformedInput(String detail) {
        return validation("Malformed input request: " + detail + ", please reformat your input and try again.");
    }

    /** ValidationException for a streaming call on a model without response streaming. */
    public static BedrockException streamingUnsupported() {
        return validation("The model is unsupported for streaming.");
    }

    /** ValidationException for Converse / ConverseStream on a model the Converse API does not serve. */
    public static BedrockException converseUnsupported() {
        return validation("This action doesn't support the model that you provided. Try again with a supported text"
                + " or chat model.");
    }

    /** AccessDeniedException "You don't have access to the model with the specified model ID." */
    public static BedrockException accessDenied() {
        return new BedrockException(BedrockErrorType.ACCESS_DENIED,
                "You don't have access to the model with the specified model ID.");
    }

    /** ResourceNotFoundException with a given message. */
    public static BedrockException resourceNotFound(String message) {
        return new BedrockException(BedrockErrorType.RESOURCE_NOT_FOUND, message);
    }

    /** ThrottlingException "Too many requests, please wait before trying again." */
    public static BedrockException throttling() {
        return new BedrockException(BedrockErrorType.THROTTLING, "Too many requests, please wait before trying again.");
    }

    /** ModelTimeoutException. */
    public static BedrockException modelTimeout() {
        return new BedrockException(BedrockErrorType.MODEL_TIMEOUT,
                "Model has timed out in processing the request. Try your request again.");
    }

    /** ModelNotReadyException (the SDKs retry it). */
    public static BedrockException modelNotReady() {
        return new BedrockException(BedrockErrorType.MODEL_NOT_READY,
                "Model is not ready to serve inference requests. Try your request again later.");
    }

    /** ModelErrorException with the model's own message. */
    public static BedrockException modelError(String message) {
        return new BedrockException(BedrockErrorType.MODEL_ERROR, message);
    }

    /** ServiceUnavailableException. */
    public static BedrockException serviceUnavailable() {
        return new BedrockException(BedrockErrorType.SERVICE_UNAVAILABLE, "Bedrock is unable to process your request.");
    }

    /** InternalServerException. */
    public static BedrockException internalServer() {
        return new BedrockException(BedrockErrorType.INTERNAL_SERVER,
                "The server encountered an internal error while processing the request.");
    }

    /** ServiceQuotaExceededException (HTTP 400) with a given message. */
    public static BedrockException serviceQuotaExceeded(String message) {
        return new BedrockException(BedrockErrorType.SERVICE_QUOTA_EXCEEDED, message);
    }

    @Override
    public String toString() {
        return type.code() + ": " + getMessage();
    }
}
