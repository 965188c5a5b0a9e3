package dev.modelgate.web;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Objects;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Traces an API request, when tracing is on (the filter is registered only then): a SERVER span, the child of the
 * caller's {@code traceparent} (W3C Trace Context, or what {@code OTEL_PROPAGATORS} names) or the root of a new trace,
 * current while the request is handled, so that an invocation's span is its child. The answer carries the span as a
 * {@value #TRACEPARENT} header ({@code 00-<trace ID>-<span ID>-<flags>}), set before anything else is written, so
 * problem+json answers and streams carry it too; log lines written on the request's thread meanwhile carry the MDC's
 * {@value #TRACE_ID} and {@value #SPAN_ID}. The span is named {@code <method> <route>} once Spring MVC has matched the
 * route ({@code POST /api/v1/models/{name}/invoke}), {@code <method>} otherwise; a 5xx answer marks it failed.
 */
public final class TracingFilter extends OncePerRequestFilter {

    /** The W3C Trace Context header, read from the caller and written on the answer. */
    public static final String TRACEPARENT = "traceparent";
    /** The MDC key of the trace ID (32 hex digits). */
    public static final String TRACE_ID = "traceId";
    /** The MDC key of the request's span ID (16 hex digits). */
    public static final String SPAN_ID = "spanId";

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public TracingFilter(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer(dev.modelgate.tracing.OpenTelemetryTracing.INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        Span span = tracer.spanBuilder(method)
                .setParent(propagator.extract(Context.root(), request, HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", request.getRequestURI())
                .setAttribute("url.scheme", request.getScheme())
                .startSpan();
        SpanContext context = span.getSpanContext();
        response.setHeader(TRACEPARENT, "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex());
        MDC.put(TRACE_ID, context.getTraceId());
        MDC.put(SPAN_ID, context.getSpanId());
        try (Scope ignored = span.makeCurrent()) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            span.setAttribute("error.type", e.getClass().getName());
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
            if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route) {
                span.updateName(method + " " + route);
                span.setAttribute("http.route", route);
            }
            int status = response.getStatus();
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setAttribute("error.type", Integer.toString(status));
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
