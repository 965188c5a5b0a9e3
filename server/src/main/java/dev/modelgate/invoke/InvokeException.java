package dev.modelgate.invoke;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.util.Optional;

/**
 * An {@code InvokeModel} call that did not produce a usable answer. {@link #kind()} says why; the message is
 * Bedrock's (or the SDK's) own, never a secret, session token or body. Its {@link #code()} is the kind's public code,
 * the same the API answers and the Test diagnoses.
 */
public class InvokeException extends ModelgateException {

    /** Why a call failed. */
    public enum Kind {
        /** 403 {@code AccessDeniedException} (or another 403): the role may not invoke the model. */
        ACCESS_DENIED(ErrorCode.BEDROCK_ACCESS_DENIED),
        /** 400 {@code ValidationException}: Bedrock refused the body ("Malformed input request: …"). */
        VALIDATION(ErrorCode.BEDROCK_VALIDATION),
        /** 400: the model may only be invoked through an inference profile, not by its bare ID. */
        ON_DEMAND_NOT_SUPPORTED(ErrorCode.ON_DEMAND_NOT_SUPPORTED),
        /** 404 {@code ResourceNotFoundException}, or an invalid model identifier. */
        MODEL_NOT_FOUND(ErrorCode.MODEL_NOT_AVAILABLE),
        /** 400 {@code ValidationException}: the model's guardrail, or its version, does not exist for the caller. */
        GUARDRAIL_NOT_FOUND(ErrorCode.GUARDRAIL_NOT_FOUND),
        /** 400 {@code ValidationException}: the model does not serve the latency or service tier its options ask for. */
        OPTION_NOT_SUPPORTED(ErrorCode.OPTION_NOT_SUPPORTED),
        /** 429 {@code ThrottlingException} (retried) or 400 {@code ServiceQuotaExceededException} (not retried). */
        THROTTLED(ErrorCode.THROTTLED),
        /** 429 {@code ModelNotReadyException}, still so after the retries. */
        MODEL_NOT_READY(ErrorCode.MODEL_NOT_READY_AT_BEDROCK),
        /** 408 {@code ModelTimeoutException}, or the client's API call timeout ran out. */
        TIMEOUT(ErrorCode.TIMEOUT),
        /** 424 {@code ModelErrorException}: the model itself failed. */
        MODEL_ERROR(ErrorCode.MODEL_ERROR),
        /** {@code modelStreamErrorException} in a stream: the model failed while streaming its answer. */
        MODEL_STREAM_ERROR(ErrorCode.MODEL_STREAM_ERROR),
        /** 5xx, or Bedrock could not be reached. */
        UNAVAILABLE(ErrorCode.BEDROCK_UNAVAILABLE),
        /** The answer was larger than {@link BedrockClients.Builder#maxResponseBytes}. */
        RESPONSE_TOO_LARGE(ErrorCode.RESPONSE_TOO_LARGE),
        /**
         * 403 {@code ExpiredTokenException}, {@code UnrecognizedClientException} or {@code InvalidSignatureException}:
         * Bedrock refused the session itself, and still so with a newly assumed one.
         */
        EXPIRED_CREDENTIALS(ErrorCode.SESSION_EXPIRED),
        /** A 2xx answer that is not JSON (cut short, an HTML page), or another error Bedrock's model does not list. */
        INVALID_RESPONSE(ErrorCode.INVALID_RESPONSE),
        /** The process is stopping and the call was still running at the end of its grace period ({@link Cutoff}). */
        SHUTTING_DOWN(ErrorCode.SHUTTING_DOWN);

        private final ErrorCode code;

        Kind(ErrorCode code) {
            this.code = code;
        }

        /** The public code of this failure: what the API answers and the Test diagnoses. */
        public ErrorCode code() {
            return code;
        }
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
        super(kind.code(), kind + ": " + message, cause);
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
