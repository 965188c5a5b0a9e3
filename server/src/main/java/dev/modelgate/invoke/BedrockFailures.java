package dev.modelgate.invoke;

import dev.modelgate.invoke.InvokeException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates the SDK's exceptions into {@link InvokeException}s, keeping its split: an {@link AwsServiceException}
 * is Bedrock saying no (kind from its error code and status), an {@link SdkClientException} is Modelgate failing to
 * reach Bedrock or to read its answer.
 */
final class BedrockFailures {

    static final String EXPIRED_TOKEN = "ExpiredTokenException";
    private static final String ON_DEMAND = "with on-demand throughput isn't supported";
    private static final String INVALID_IDENTIFIER = "The provided model identifier is invalid";
    /** AWS's "The provided guardrail identifier is invalid." and its like for the version. */
    private static final java.util.regex.Pattern GUARDRAIL_UNKNOWN = java.util.regex.Pattern.compile(
            "provided guardrail (identifier|version) is invalid", java.util.regex.Pattern.CASE_INSENSITIVE);
    /**
     * A refusal of latency-optimized inference or of a service tier for the model (AWS's wording is not documented:
     * matched on what it must name), as opposed to a member's value outside its enumeration, which names the member.
     */
    private static final java.util.regex.Pattern OPTION_REFUSED = java.util.regex.Pattern.compile(
            "does not support (latency-optimized|the \\S+ service tier)|(latency-optimized|service tier).{0,40}"
                    + "(not supported|isn't supported|is not available)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private BedrockFailures() {
    }

    static InvokeException translate(SdkException e, int attempts) {
        if (e instanceof AwsServiceException service) {
            return service(service, attempts);
        }
        return client(e, attempts);
    }

    /** Whether a call that failed this way may succeed if made again soon. */
    static boolean retryable(InvokeException e) {
        return switch (e.kind()) {
            case THROTTLED -> e.errorCode().filter("ThrottlingException"::equals).isPresent();
            case MODEL_NOT_READY -> true;
            case UNAVAILABLE -> true;
            default -> false;
        };
    }

    private static InvokeException service(AwsServiceException e, int attempts) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? "HTTP " + status : e.awsErrorDetails().errorMessage();
        Kind kind = kind(status, code == null ? "" : code, message);
        return new InvokeException(kind, message, status, code, e.requestId(), attempts, e);
    }

    private static Kind kind(int status, String code, String message) {
        return switch (code) {
            case "AccessDeniedException" -> Kind.ACCESS_DENIED;
            // The session itself was refused (expired, or unknown: revoked, or issued by an STS that forgot it).
            case EXPIRED_TOKEN, "UnrecognizedClientException", "InvalidSignatureException" -> Kind.EXPIRED_CREDENTIALS;
            case "ValidationException" -> message.contains(ON_DEMAND) ? Kind.ON_DEMAND_NOT_SUPPORTED
                    : message.contains(INVALID_IDENTIFIER) ? Kind.MODEL_NOT_FOUND
                    : GUARDRAIL_UNKNOWN.matcher(message).find() ? Kind.GUARDRAIL_NOT_FOUND
                    : OPTION_REFUSED.matcher(message).find() ? Kind.OPTION_NOT_SUPPORTED : Kind.VALIDATION;
            case "ResourceNotFoundException" -> Kind.MODEL_NOT_FOUND;
            // A quota is not lifted by waiting a few hundred milliseconds: THROTTLED, but not retried.
            case "ThrottlingException", "ServiceQuotaExceededException" -> Kind.THROTTLED;
            case "ModelNotReadyException" -> Kind.MODEL_NOT_READY;
            case "ModelTimeoutException" -> Kind.TIMEOUT;
            case "ModelErrorException" -> Kind.MODEL_ERROR;
            default -> status >= 500 ? Kind.UNAVAILABLE
                    : status == 403 ? Kind.ACCESS_DENIED
                    : status == 429 ? Kind.THROTTLED
                    : Kind.INVALID_RESPONSE;
        };
    }

    private static InvokeException client(SdkException e, int attempts) {
        if (causedBy(e, BedrockClients.ResponseTooLargeException.class)) {
            Throwable tooLarge = cause(e, BedrockClients.ResponseTooLargeException.class);
            return new InvokeException(Kind.RESPONSE_TOO_LARGE, tooLarge.getMessage(), 200, null, null, attempts, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new InvokeException(Kind.TIMEOUT, "no answer within the API call timeout", 0, null, null,
                    attempts, e);
        }
        Throwable socketTimeout = cause(e, SocketTimeoutException.class);
        if (socketTimeout != null && !String.valueOf(socketTimeout.getMessage()).contains("connect")) {
            // The request may have reached the model: waiting for the answer timed out, which is not retried.
            return new InvokeException(Kind.TIMEOUT, "no answer within the socket timeout", 0, null, null,
                    attempts, e);
        }
        if (socketTimeout != null || causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class)) {
            return new InvokeException(Kind.UNAVAILABLE, "could not reach Bedrock: " + e.getMessage(), 0, null,
                    null, attempts, e);
        }
        return new InvokeException(Kind.INVALID_RESPONSE, "could not read Bedrock's answer: " + e.getMessage(), 0,
                null, null, attempts, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
