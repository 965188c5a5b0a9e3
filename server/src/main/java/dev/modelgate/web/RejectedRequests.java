package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;

import dev.modelgate.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Requests refused before any of Modelgate's own code runs, answered as problem+json: by Spring Security's
 * {@link StrictHttpFirewall} (a method outside {@link #METHODS}, a path that is not normalized or holds {@code ;},
 * {@code %2F}, {@code %5C}, {@code %25}, {@code %00} or control characters, a header with non-printable characters)
 * and by Tomcat (TRACE; see {@link TomcatProblems}).
 */
final class RejectedRequests implements RequestRejectedHandler {

    /** The methods Modelgate answers; any other is refused with 405 {@code method-not-allowed}. */
    static final List<String> METHODS = List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    /** The firewall, with its defaults spelled out where the problems above depend on them. */
    static HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(METHODS);
        firewall.setAllowSemicolon(false);
        firewall.setAllowUrlEncodedSlash(false);
        firewall.setAllowBackSlash(false);
        firewall.setAllowUrlEncodedPercent(false);
        firewall.setAllowNull(false);
        return firewall;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        if (!METHODS.contains(request.getMethod())) {
            methodNotAllowed(response, request.getMethod(), request.getRequestURI());
            return;
        }
        Violation path = PathRules.broken(request.getRequestURI());
        if (path != null) {
            invalidPath(response, path, request.getRequestURI());
            return;
        }
        ProblemWriter.write(response, ErrorCode.REQUEST_REJECTED,
                "the request has a header, parameter or host name that is not allowed (control or non-printable "
                        + "characters)", request.getRequestURI(), null);
    }

    /** 405 for a method Modelgate never answers (TRACE, FOO), listing the ones it does in {@code Allow}. */
    static void methodNotAllowed(HttpServletResponse response, String method, String instance) throws IOException {
        String allowed = String.join(", ", METHODS);
        response.setHeader("Allow", allowed);
        ProblemWriter.write(response, ErrorCode.METHOD_NOT_ALLOWED,
                method + " is not supported here; allowed: " + allowed, instance, null);
    }

    /** 400 naming the rule a refused path broke; the path itself is not echoed back. */
    static void invalidPath(HttpServletResponse response, Violation path, String requestPath) throws IOException {
        ProblemWriter.write(response, ErrorCode.INVALID_PATH, path.message(), null, path, requestPath);
    }
}
