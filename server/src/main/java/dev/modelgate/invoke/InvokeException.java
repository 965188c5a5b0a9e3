package dev.modelgate.invoke;

import java.util.Optional;

/**
 * An {@code InvokeModel} call that did not produce a usable answer. {@link #kind()} says why; the message is
 * Bedrock's (or the SDK's) own, never a secret, session token or body.
 */
public class InvokeException extends RuntimeException {

    /** Why a call failed. */
    public enum Kind {
        /** 403 {@code AccessDeniedException} (or another 403): the role may not invoke the model. */
        ACCESS_DENIED,
        /** 400 {@code ValidationException}: Bedrock refused the body ("Malformed input request: …"). */
        VALIDATION,
        /** 400: the model may only be invoked through an inference profile, not by its bare ID. */
        ON_DEMAND_NOT_SUPPORTED,
        /** 404 {@code ResourceNotFoundException}, or an invalid model identifier. */
        MODEL_NOT_FOUND,
        /** 429 {@code ThrottlingException} (retried) or 400 {@code ServiceQuotaExceededException} (not retried). */
        THROTTLED,
        /** 429 {@code ModelNotReadyException}, still so after the retries. */
        MODEL_NOT_READY,
        /** 408 {@code ModelTimeoutException}, or the client's API call timeout ran out. */
        TIMEOUT,
        /** 424 {@code ModelErrorException}: the model itself failed. */
        MODEL_ERROR,
        /** 5xx, or Bedrock could not be reached. */
        UNAVAILABLE,
        /** The answer was larger than {@link BedrockClients.Builder#maxResponseBytes}. */
        RESPONSE_TOO_LARGE,
        /**
         * 403 {@code ExpiredTokenException}, {@code UnrecognizedClientException} or {@code InvalidSignatureException}:
         * Bedrock refused the session itself, and still so with a newly assumed one.
         */
        EXPIRED_CREDENTIALS,
        /** A 2xx answer that is not JSON (cut short, an HTML page), or another error Bedrock's model does not list. */
        INVALID_RESPONSE
    }

    private final Kind kind;
    private final String detail;
    private final int statusCode;
    private final String errorCode;
    private final String requestId;
    private final int attempts;

    /**
     * @param statusCode the HTTP status, 0 when no answer came
     * @param errorCode  AWS's error code ({@code ThrottlingException}), or null
     * @param requestId  Bedrock's request id, or null
     * @param attempts   how many calls were made
     */
    public InvokeException(Kind kind, String message, int statusCode, String errorCode, String requestId,
                           int attempts, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
        this.detail = message;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    public Kind kind() {
        return kind;
    }

    /** Bedrock's (or the SDK's) own message, without the kind. */
    public String detail() {
        return detail;
    }

    /** The HTTP status of the last answer; 0 when none came (connect failure, client-side timeout). */
    public int statusCode() {
        return statusCode;
    }

    /** AWS's error code of the last answer, such as {@code ValidationException}. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Bedrock's {@code x-amzn-RequestId} of the last answer. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How many {@code InvokeModel} calls were made, retries included. */
    public int attempts() {
        return attempts;
    }
}
