package dev.modelgate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The security headers every problem+json answer carries, whichever layer wrote it (Spring MVC, a security filter,
 * the firewall, the error page or Tomcat itself): nothing in it may run, be framed, be sniffed as another type, leak
 * the page it came from or be cached. A problem from the console's files keeps the console's own policy.
 */
final class ProblemHeaders implements HeaderWriter {

    /** A problem loads nothing and may be framed by nobody. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    /** The headers, in the order they are written; the policy is written only where none was set. */
    static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        return Collections.unmodifiableMap(headers);
    }

    /** Sets the headers on {@code response}. */
    static void apply(HttpServletResponse response) {
        HEADERS.forEach((name, value) -> {
            if (!name.equals("Content-Security-Policy") || !response.containsHeader(name)) {
                response.setHeader(name, value);
            }
        });
    }

    /** In the security filter chain: adds the headers to answers that are problems, when they are committed. */
    @Override
    public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
        String type = response.getContentType();
        String problem = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
        if (type != null && type.regionMatches(true, 0, problem, 0, problem.length())) {
            apply(response);
        }
    }
}
