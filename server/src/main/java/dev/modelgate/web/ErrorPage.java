package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring Boot's {@code /error}, as problem+json whatever the client accepts: what Tomcat or a filter sent as a bare
 * status after the request reached the application (TRACE, an exception outside Spring MVC, {@code sendError}).
 * Replaces Boot's {@code {"timestamp", "status", "error", "path"}} and its HTML page. Never shows the exception.
 */
@Controller
class ErrorPage implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status) || status < 400) {
            ProblemWriter.write(response, ErrorCode.NOT_FOUND, "no such resource: "
                    + request.getRequestURI(), request.getRequestURI(), null);
            return;
        }
        String instance = uri instanceof String path ? path : null;
        // An error dispatch reports its own method (GET); the request's is kept aside (Servlet 6.1).
        String method = request.getAttribute(RequestDispatcher.ERROR_METHOD) instanceof String m ? m
                : request.getMethod();
        if (status == 405 && !RejectedRequests.METHODS.contains(method)) {
            RejectedRequests.methodNotAllowed(response, method, instance);
            return;
        }
        switch (status) {
            case 400 -> ProblemWriter.write(response, ErrorCode.BAD_REQUEST,
                    "the request could not be read", instance, null);
            case 404 -> ProblemWriter.write(response, ErrorCode.NOT_FOUND, "no such resource: " + instance,
                    instance, null);
            case 500 -> ProblemWriter.write(response, ErrorCode.INTERNAL_ERROR,
                    "Modelgate failed to answer this request; the failure is logged", instance, null);
            default -> ProblemWriter.write(response, ErrorCode.ofServerStatus(status),
                    "the request could not be served: " + ErrorCode.ofServerStatus(status).title()
                            .toLowerCase(Locale.ROOT),
                    instance, null);
        }
    }
}
