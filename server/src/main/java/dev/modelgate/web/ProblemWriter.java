package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes RFC 9457 problem+json (under {@code /v1}, OpenAI's error shape) from outside Spring MVC's handlers and before {@link ProblemResponses} is reached
 * (authentication, access, CSRF and rate-limit refusals, the firewall, the error page, Tomcat's own refusals): the
 * same {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance} as every other problem of the
 * API, from the {@link ErrorCode} table, with the {@link ProblemHeaders}.
 */
final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    /** Writes {@code code}'s problem about the request's path, with the status and title the table gives it. */
    static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        write(response, code, detail, request.getRequestURI(), null);
    }

    /**
     * @param instance  the path the problem is about (which picks the shape: OpenAI's under {@code /v1}), or null to
     *                  leave it out (a path that was itself refused)
     * @param violation the broken rule, or null
     */
    static void write(HttpServletResponse response, ErrorCode code, String detail, String instance,
                      Violation violation) throws IOException {
        write(response, code, detail, instance, violation, instance);
    }

    /**
     * @param path the request's path: under {@code /v1} the answer is in OpenAI's error shape ({@link OpenAiErrors})
     */
    static void write(HttpServletResponse response, ErrorCode code, String detail, String instance,
                      Violation violation, String path) throws IOException {
        if (OpenAiErrors.applies(path)) {
            OpenAiErrors.write(response, code, detail, violation);
            return;
        }
        byte[] body = JSON.writeValueAsBytes(node(code, detail, instance, violation));
        response.setStatus(code.status());
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        ProblemHeaders.apply(response);
        response.getOutputStream().write(body);
    }

    /** The problem's JSON text. */
    static String body(ErrorCode code, String detail, String instance, Violation violation) {
        return JSON.writeValueAsString(node(code, detail, instance, violation));
    }

    private static ObjectNode node(ErrorCode code, String detail, String instance, Violation violation) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", code.type())
                .put("title", code.title())
                .put("status", code.status())
                .put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (violation != null) {
            problem.set("violations", JSON.valueToTree(List.of(ProblemResponses.violation(violation))));
        }
        return problem;
    }
}
