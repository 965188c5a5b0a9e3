package dev.modelgate.bench;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.Retry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every answer {@code POST /api/v1/models/{name}/invoke} is documented to give (the README's invoke section, the
 * {@code InvokeController} and {@code InvocationProblems} Javadoc, and the handlers of {@code ProblemResponses},
 * {@code CallerFilter} and {@code WebSecurity} it passes through), with what the fault soak expects of each: whether
 * it must carry {@code Retry-After}, and which usage record it leaves (its {@code outcome}), if any. The one place the
 * soak takes its allowed set from. Each code, its status and whether it carries {@code Retry-After} come from
 * Modelgate's table of error codes ({@link ErrorCode}); what is listed here is which of them the invoke endpoint gives,
 * and the usage outcome each leaves.
 *
 * <p>Every problem answer is {@code application/problem+json} with {@code type}
 * {@value #TYPE_BASE}{@code <code>} and a {@code status} equal to the HTTP status.
 */
final class InvokeAnswers {

    static final String TYPE_BASE = "https://modelgate.dev/problems/";

    /** The usage outcome of an {@code assume-role-failed} answer: this prefix and the problem's {@code reason}. */
    static final String ASSUME_ROLE_OUTCOME_PREFIX = "ASSUME_ROLE_";

    /**
     * One documented answer.
     *
     * @param status       the HTTP status
     * @param code         the problem's code (the last segment of its {@code type}), or null for the 200 answer
     * @param retryAfter   whether the answer carries {@code Retry-After}
     * @param usageOutcome the outcome of the usage record it leaves; {@link #ASSUME_ROLE_OUTCOME_PREFIX} alone for
     *                     {@code assume-role-failed} (completed by the problem's {@code reason}); empty when the call
     *                     is refused before anything is metered
     */
    record Answer(int status, String code, boolean retryAfter, Optional<String> usageOutcome) {

        /** An error the table lists, with its status and its Retry-After advice, that leaves a usage record. */
        static Answer metered(ErrorCode code, String outcome) {
            return new Answer(code.status(), code.code(), code.retry() == Retry.AFTER_RETRY_AFTER,
                    Optional.of(outcome));
        }

        /** An error the table lists, refused before anything is metered. */
        static Answer unmetered(ErrorCode code) {
            return new Answer(code.status(), code.code(), code.retry() == Retry.AFTER_RETRY_AFTER, Optional.empty());
        }

        /** {@code 502 assume-role-failed}, or {@code 200}. */
        String label() {
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    /** The documented answers: their statuses and Retry-After come from Modelgate's table of error codes. */
    static final List<Answer> DOCUMENTED = List.of(
            new Answer(200, null, false, Optional.of("OK")),
            // Refused before the call is metered: the caller's key, body or rate, or the model's state.
            Answer.unmetered(ErrorCode.MALFORMED_JSON),
            Answer.unmetered(ErrorCode.UNKNOWN_FIELD),
            Answer.unmetered(ErrorCode.WRONG_TYPE),
            Answer.unmetered(ErrorCode.DUPLICATE_KEY),
            Answer.unmetered(ErrorCode.JSON_LIMIT_EXCEEDED),
            Answer.unmetered(ErrorCode.UNAUTHENTICATED),
            Answer.unmetered(ErrorCode.INVALID_API_KEY),
            Answer.unmetered(ErrorCode.FORBIDDEN),
            Answer.unmetered(ErrorCode.NOT_FOUND),
            Answer.unmetered(ErrorCode.INFERENCE_DISABLED),
            Answer.unmetered(ErrorCode.MODEL_NOT_READY),
            Answer.unmetered(ErrorCode.ROLE_NOT_APPROVED),
            Answer.unmetered(ErrorCode.PAYLOAD_TOO_LARGE),
            Answer.unmetered(ErrorCode.UNSUPPORTED_MEDIA_TYPE),
            Answer.unmetered(ErrorCode.INVALID_INPUT),
            Answer.unmetered(ErrorCode.RATE_LIMITED),
            // Metered: the call went to STS or Bedrock.
            Answer.metered(ErrorCode.BEDROCK_VALIDATION, "VALIDATION"),
            Answer.metered(ErrorCode.MODEL_NOT_AVAILABLE, "MODEL_NOT_FOUND"),
            Answer.metered(ErrorCode.ON_DEMAND_NOT_SUPPORTED, "ON_DEMAND_NOT_SUPPORTED"),
            Answer.metered(ErrorCode.THROTTLED, "THROTTLED"),
            Answer.metered(ErrorCode.ASSUME_ROLE_FAILED, ASSUME_ROLE_OUTCOME_PREFIX),
            Answer.metered(ErrorCode.BEDROCK_ACCESS_DENIED, "ACCESS_DENIED"),
            Answer.metered(ErrorCode.SESSION_EXPIRED, "EXPIRED_CREDENTIALS"),
            Answer.metered(ErrorCode.MODEL_ERROR, "MODEL_ERROR"),
            Answer.metered(ErrorCode.RESPONSE_TOO_LARGE, "RESPONSE_TOO_LARGE"),
            Answer.metered(ErrorCode.INVALID_RESPONSE, "INVALID_RESPONSE"),
            Answer.metered(ErrorCode.OUTPUT_MAPPING_FAILED, "MAPPING_FAILED"),
            Answer.metered(ErrorCode.MAPPING_TOO_COSTLY, "MAPPING_FAILED"),
            Answer.metered(ErrorCode.BEDROCK_UNAVAILABLE, "UNAVAILABLE"),
            Answer.metered(ErrorCode.MODEL_NOT_READY_AT_BEDROCK, "MODEL_NOT_READY"),
            Answer.metered(ErrorCode.TIMEOUT, "TIMEOUT"));

    private static final Map<String, Answer> BY_LABEL = DOCUMENTED.stream()
            .collect(Collectors.toMap(Answer::label, Function.identity()));

    private InvokeAnswers() {
    }

    /** The documented answer with this status and code (null for a 200), if there is one. */
    static Optional<Answer> find(int status, String code) {
        return Optional.ofNullable(BY_LABEL.get(code == null ? Integer.toString(status) : status + " " + code));
    }
}
