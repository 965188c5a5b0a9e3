package dev.modelgate.web;

import dev.modelgate.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes RFC 9457 problem+json from outside Spring MVC's handlers and before {@link ProblemResponses} is reached
 * (authentication, access, CSRF and rate-limit refusals, the firewall, the error page, Tomcat's own refusals): the
 * same {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance} as every other problem of the
 * API, with the {@link ProblemHeaders}.
 */
final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String slug, String title,
                      String detail) throws IOException {
        write(response, status, slug, title, detail, request.getRequestURI(), null);
    }

    /**
     * @param instance  the path the problem is about, or null to leave it out (a path that was itself refused)
     * @param violation the broken rule, or null
     */
    static void write(HttpServletResponse response, int status, String slug, String title, String detail,
                      String instance, Violation violation) throws IOException {
        byte[] body = body(status, slug, title, detail, instance, violation).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        ProblemHeaders.apply(response);
        response.getOutputStream().write(body);
    }

    /** The title of a status without a problem of its own: its reason phrase, in sentence case. */
    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "Error " + status : known.getReasonPhrase();
        return reason.charAt(0) + reason.substring(1).toLowerCase(Locale.ROOT);
    }

    /** The code of such a status: its reason phrase in kebab-case ({@code request-timeout}). */
    static String slug(int status) {
        return title(status).toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** The problem's JSON text. */
    static String body(int status, String slug, String title, String detail, String instance, Violation violation) {
        ObjectNode problem = JSON.createObjectNode()
                .put("type", ProblemResponses.TYPE_BASE + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (violation != null) {
            problem.set("violations", JSON.valueToTree(List.of(ProblemResponses.violation(violation))));
        }
        return JSON.writeValueAsString(problem);
    }
}
