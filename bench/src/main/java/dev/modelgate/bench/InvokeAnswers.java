package dev.modelgate.bench;

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
 * soak takes its allowed set from; when Modelgate has a single table of error codes, this is what derives from it.
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

        static Answer metered(int status, String code, boolean retryAfter, String outcome) {
            return new Answer(status, code, retryAfter, Optional.of(outcome));
        }

        static Answer unmetered(int status, String code, boolean retryAfter) {
            return new Answer(status, code, retryAfter, Optional.empty());
        }

        /** {@code 502 assume-role-failed}, or {@code 200}. */
        String label() {
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    /** The documented answers. */
    static final List<Answer> DOCUMENTED = List.of(
            Answer.metered(200, null, false, "OK"),
            // Refused before the call is metered: the caller's key, body or rate, or the model's state.
            Answer.unmetered(400, "malformed-json", false),
            Answer.unmetered(400, "unknown-field", false),
            Answer.unmetered(401, "unauthenticated", false),
            Answer.unmetered(403, "forbidden", false),
            Answer.unmetered(404, "not-found", false),
            Answer.unmetered(409, "inference-disabled", false),
            Answer.unmetered(409, "model-not-ready", false),
            Answer.unmetered(409, "role-not-approved", false),
            Answer.unmetered(413, "payload-too-large", false),
            Answer.unmetered(415, "unsupported-media-type", false),
            Answer.unmetered(422, "invalid-input", false),
            Answer.unmetered(429, "rate-limited", true),
            // Metered: the call went to STS or Bedrock.
            Answer.metered(422, "bedrock-validation", false, "VALIDATION"),
            // One code for two outcomes (ON_DEMAND_NOT_SUPPORTED too); the soak's model meets neither.
            Answer.metered(422, "model-not-invocable", false, "MODEL_NOT_FOUND"),
            Answer.metered(429, "throttled", true, "THROTTLED"),
            Answer.metered(502, "assume-role-failed", false, ASSUME_ROLE_OUTCOME_PREFIX),
            Answer.metered(502, "bedrock-access-denied", false, "ACCESS_DENIED"),
            Answer.metered(502, "session-expired", false, "EXPIRED_CREDENTIALS"),
            Answer.metered(502, "model-error", false, "MODEL_ERROR"),
            Answer.metered(502, "response-too-large", false, "RESPONSE_TOO_LARGE"),
            Answer.metered(502, "invalid-response", false, "INVALID_RESPONSE"),
            Answer.metered(502, "output-mapping-failed", false, "MAPPING_FAILED"),
            Answer.metered(503, "bedrock-unavailable", true, "UNAVAILABLE"),
            Answer.metered(503, "model-not-ready-at-bedrock", true, "MODEL_NOT_READY"),
            Answer.metered(504, "timeout", false, "TIMEOUT"));

    private static final Map<String, Answer> BY_LABEL = DOCUMENTED.stream()
            .collect(Collectors.toMap(Answer::label, Function.identity()));

    private InvokeAnswers() {
    }

    /** The documented answer with this status and code (null for a 200), if there is one. */
    static Optional<Answer> find(int status, String code) {
        return Optional.ofNullable(BY_LABEL.get(code == null ? Integer.toString(status) : status + " " + code));
    }
}
