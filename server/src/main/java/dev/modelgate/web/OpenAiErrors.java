package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.Retry;
import dev.modelgate.validation.Violation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one translation of a failure into OpenAI's error shape, which every answer under {@code /v1} speaks instead
 * of problem+json, whichever layer refused (Spring MVC's advices through {@link OpenAiProblemAdvice}, the filters,
 * security and firewall through {@link ProblemWriter}, Tomcat through {@link TomcatProblems}, a stream that failed
 * after its first chunk through {@link OpenAiController}):
 *
 * <pre>
 * {"error": {"message": "…", "type": "invalid_request_error", "param": "messages[0].role", "code": "one_of"}}
 * </pre>
 *
 * <ul>
 *   <li>status: the {@link ErrorCode}'s, except {@code invalid-input} (422 on the native API), which is 400 here: OpenAI
 *       clients read a request whose parameters break a rule as a {@code BadRequestError}.</li>
 *   <li>{@code type}: {@code invalid_request_error} for 4xx, {@code permission_error} for 403, {@code requests} for
 *       429 (OpenAI's own type of a request-rate limit), {@code insufficient_quota} for a spent budget (OpenAI's
 *       own for a spent quota, with the same {@code code}; never retried by the SDKs), {@code server_error} for
 *       5xx.</li>
 *   <li>{@code code}: {@code invalid_api_key} for 401, {@code model_not_found} for a model the workspace does not
 *       have, {@code rate_limit_exceeded} for 429, else the broken rule (with a violation) or the {@link ErrorCode}'s
 *       code, in snake_case ({@code unknown_parameter}, {@code inference_disabled}, {@code bedrock_unavailable}).</li>
 *   <li>{@code param}: the first violation's field (an OpenAI parameter path such as {@code messages[2].content}),
 *       {@code model} for an unknown model of a chat request, else null. {@code message}: the detail; with several
 *       violations each {@code field: message}, joined by {@code "; "}.</li>
 *   <li>headers: {@code x-should-retry: false} where the code's {@link Retry} advice says the same request cannot
 *       succeed by waiting (OpenAI's SDKs then do not retry, 409 included); {@code retry-after-ms} beside every
 *       {@code Retry-After}.</li>
 * </ul>
 */
final class OpenAiErrors {

    /** The path prefix whose answers are in OpenAI's shape. */
    static final String PREFIX = "/v1/";
    /** A request attribute set (to the parameter's name) when the model a /v1 request names does not exist. */
    static final String MODEL_NOT_FOUND = OpenAiErrors.class.getName() + ".modelNotFound";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenAiErrors() {
    }

    /** Whether the request's path is under {@code /v1}, so its errors are in OpenAI's shape. */
    static boolean applies(String path) {
        return path != null && (path.equals("/v1") || path.startsWith(PREFIX));
    }

    /** The status of {@code code}'s answer under {@code /v1}. */
    static int status(ErrorCode code) {
        return code == ErrorCode.INVALID_INPUT ? 400 : code.status();
    }

    /** Whether OpenAI clients should be told not to retry: only waiting helps for LATER and AFTER_RETRY_AFTER. */
    static boolean retryable(ErrorCode code) {
        // A spent budget's Retry-After runs to the end of its day or month: far past what an SDK waits.
        return code != ErrorCode.BUDGET_EXCEEDED
                && (code.retry() == Retry.LATER || code.retry() == Retry.AFTER_RETRY_AFTER);
    }

    /**
     * The {@code {"error": {...}}} object of a failure.
     *
     * @param modelParam the parameter that named a model the workspace does not have ({@code model}; empty for a path
     *                   segment), or null when the failure is not that
     */
    static ObjectNode body(ErrorCode code, String detail, List<Violation> violations, String modelParam) {
        int status = status(code);
        ObjectNode error = JSON.createObjectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("message", message(detail, violations));
        inner.put("type", code == ErrorCode.BUDGET_EXCEEDED ? "insufficient_quota" : switch (status) {
            case 403 -> "permission_error";
            case 429 -> "requests";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        });
        String param = !violations.isEmpty() ? violations.getFirst().field()
                : modelParam != null && !modelParam.isEmpty() ? modelParam : null;
        inner.put("param", param);
        inner.put("code", status == 401 ? "invalid_api_key"
                : code == ErrorCode.BUDGET_EXCEEDED ? "insufficient_quota"
                : status == 429 ? "rate_limit_exceeded"
                : modelParam != null && code == ErrorCode.NOT_FOUND ? "model_not_found"
                : snake(violations.isEmpty() ? code.code() : violations.getFirst().rule()));
        return error;
    }

    /** The body of a problem an advice of Spring MVC answered: its code from its type, detail and violations. */
    static ObjectNode body(ProblemDetail problem, String modelParam) {
        return body(code(problem), problem.getDetail(), violations(problem), modelParam);
    }

    /** The {@link ErrorCode} a problem's {@code type} names; a status-generic one when it names none of ours. */
    static ErrorCode code(ProblemDetail problem) {
        String type = problem.getType().toString();
        return type.startsWith(ErrorCode.TYPE_BASE)
                ? ErrorCode.of(type.substring(ErrorCode.TYPE_BASE.length()))
                        .orElseGet(() -> ErrorCode.ofServerStatus(problem.getStatus()))
                : ErrorCode.ofServerStatus(problem.getStatus());
    }

    /**
     * Sets the headers OpenAI clients act on through {@code set}: {@code x-should-retry: false} when retrying cannot
     * help, and {@code retry-after-ms} when {@code retryAfter} (the answer's {@code Retry-After}, seconds) is there.
     */
    static void headers(ErrorCode code, String retryAfter, BiConsumer<String, String> set) {
        if (!retryable(code)) {
            set.accept("x-should-retry", "false");
        }
        if (retryAfter != null) {
            try {
                set.accept("retry-after-ms", Long.toString(Math.multiplyExact(Long.parseLong(retryAfter.strip()),
                        1000L)));
            } catch (NumberFormatException | ArithmeticException notSeconds) {
                // An HTTP date (never written by Modelgate): clients read Retry-After itself.
            }
        }
    }

    /** Writes the whole answer of {@code code} on a servlet response not yet committed (filters, the error page). */
    static void write(HttpServletResponse response, ErrorCode code, String detail, Violation violation)
            throws IOException {
        byte[] body = JSON.writeValueAsBytes(body(code, detail, violation == null ? List.of() : List.of(violation),
                null));
        response.setStatus(status(code));
        response.setContentType("application/json");
        response.setContentLength(body.length);
        headers(code, response.getHeader("Retry-After"), response::setHeader);
        ProblemHeaders.apply(response);
        response.getOutputStream().write(body);
    }

    /** The text of {@code code}'s answer (Tomcat writes it itself). */
    static String text(ErrorCode code, String detail, Violation violation) {
        return JSON.writeValueAsString(body(code, detail, violation == null ? List.of() : List.of(violation), null));
    }

    private static String message(String detail, List<Violation> violations) {
        if (violations.size() < 2) {
            return detail == null ? "" : detail;
        }
        return violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
    }

    /** The {@code violations} member ProblemResponses and InvocationProblems set (field, rule, message each). */
    private static List<Violation> violations(ProblemDetail problem) {
        Map<String, Object> properties = problem.getProperties();
        if (properties == null || !(properties.get("violations") instanceof List<?> list)) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        Function<Object, String> text = value -> value == null ? "" : value.toString();
        for (Object item : list) {
            if (item instanceof Map<?, ?> v) {
                out.add(Violation.of(text.apply(v.get("field")), text.apply(v.get("rule")),
                        text.apply(v.get("message"))));
            }
        }
        return out;
    }

    private static String snake(String kebab) {
        return kebab.replace('-', '_');
    }
}
