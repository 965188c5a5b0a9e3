package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes RFC 9457 problem+json from servlet filters, before Spring MVC and {@link ProblemResponses} are reached
 * (authentication, access, CSRF and rate-limit refusals): the same {@code type}, {@code title}, {@code status},
 * {@code detail} and {@code instance} as every other problem of the API.
 */
final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    /** Writes {@code code}'s problem, with the status and title the table gives it. */
    static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        int status = code.status();
        ObjectNode problem = JSON.createObjectNode()
                .put("type", code.type())
                .put("title", code.title())
                .put("status", status)
                .put("detail", detail)
                .put("instance", request.getRequestURI());
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
