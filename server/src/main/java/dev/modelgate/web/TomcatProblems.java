package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;

import dev.modelgate.validation.Violation;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Tomcat's own refusals as problem+json (under {@code /v1}, OpenAI's error shape, {@link OpenAiErrors}): what Tomcat answers before Spring sees the request (a request line or path it
 * cannot parse or will not accept: an encoded slash or backslash, {@code %00}, {@code %ZZ}, a {@code ..} above the
 * root, a raw backslash; headers over {@code server.max-http-request-header-size}) is written by {@link ProblemValve}
 * instead of Tomcat's HTML error page. Tomcat keeps its strict defaults: no relaxed path or query characters, encoded
 * slashes refused.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatProblems {

    /** After Spring Boot's own customizer, which adds Tomcat's HTML {@link ErrorReportValve} to the host. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemValve.class.getName());
                host.getPipeline().addValve(new ProblemValve());
            }
        });
    }

    /**
     * Writes the problem for an error Tomcat raised itself, with the {@link ProblemHeaders}; errors Spring answered
     * (through {@code /error}) are left as they are. A request whose headers are too large is answered 431, not 400.
     */
    public static final class ProblemValve extends ErrorReportValve {

        private static final String MARK = "\u0000";
        private static final StringManager HTTP11 = StringManager.getManager("org.apache.coyote.http11");

        public ProblemValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean io = new AtomicBoolean();
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
            if (!io.get()) {
                return;
            }
            String reason = throwable == null ? null : throwable.getMessage();
            ErrorCode code;
            String detail;
            Violation violation = null;
            if (status == 400 && reason != null && reason.equals(HTTP11.getString("iib.requestheadertoolarge.error"))) {
                code = ErrorCode.HEADER_TOO_LARGE;
                detail = "the request's headers are larger than the limit of " + request.getConnector()
                        .getProperty("maxHttpRequestHeaderSize") + " bytes";
            } else if (status == 400) {
                violation = path(request, reason);
                code = violation != null ? ErrorCode.INVALID_PATH : ErrorCode.BAD_REQUEST;
                detail = violation != null ? violation.message() : "the request is not valid HTTP/1.1";
            } else {
                code = ErrorCode.ofServerStatus(status);
                detail = "the request could not be served: " + code.title().toLowerCase(Locale.ROOT);
            }
            String target = request.getCoyoteRequest().requestURI().toString();
            boolean openAi = OpenAiErrors.applies(target);
            String body = openAi ? OpenAiErrors.text(code, detail, violation)
                    : ProblemWriter.body(code, detail, null, violation);
            try {
                response.setStatus(openAi ? OpenAiErrors.status(code) : code.status());
                response.setContentType(openAi ? "application/json" : "application/problem+json");
                if (openAi) {
                    OpenAiErrors.headers(code, response.getHeader("Retry-After"), response::setHeader);
                }
                ProblemHeaders.apply(response);
                // Written in Tomcat's default encoding, ISO-8859-1: these problems are ASCII (the path is not echoed).
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response was committed meanwhile: there is no one left to tell.
            }
        }

        /** The path rule the request broke: from the parsed path, or from the parser's complaint about the target. */
        private static Violation path(Request request, String reason) {
            String target = request.getCoyoteRequest().requestURI().toString();
            String invalid = HTTP11.getString("iib.invalidRequestTarget", MARK);
            String prefix = invalid.substring(0, invalid.indexOf(MARK));
            if ((target == null || target.isEmpty()) && reason != null && reason.startsWith(prefix)) {
                int end = reason.indexOf(']', prefix.length());
                target = end < 0 ? "" : reason.substring(prefix.length(), end);
                Violation broken = PathRules.broken(target);
                return broken != null ? broken : Violation.of(PathRules.FIELD, "invalid-character", "the path must "
                        + "not contain spaces, control characters or non-ASCII characters unless percent-encoded");
            }
            return target == null || target.isEmpty() ? null : PathRules.broken(target);
        }

    }
}
