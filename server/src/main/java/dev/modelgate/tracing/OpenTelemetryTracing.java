package dev.modelgate.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Objects;

/**
 * {@link Tracing} on the OpenTelemetry API: spans of the tracer {@value #INSTRUMENTATION}, children of OpenTelemetry's
 * current context (so also of a span that the HTTP layer made current from the caller's {@code traceparent}).
 */
public final class OpenTelemetryTracing implements Tracing {

    /** The instrumentation scope of Modelgate's spans. */
    public static final String INSTRUMENTATION = "dev.modelgate";

    private final Tracer tracer;

    public OpenTelemetryTracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public TraceSpan start(String name, Kind kind) {
        Objects.requireNonNull(name, "name");
        return new OtelSpan(tracer.spanBuilder(name).setSpanKind(switch (kind) {
            case INTERNAL -> SpanKind.INTERNAL;
            case CLIENT -> SpanKind.CLIENT;
            case SERVER -> SpanKind.SERVER;
        }).startSpan());
    }

    @Override
    public TraceSpan current() {
        Span span = Span.current();
        return span.getSpanContext().isValid() ? new OtelSpan(span) : TraceSpan.NONE;
    }

    @Override
    public String toString() {
        return "OpenTelemetryTracing[" + tracer + "]";
    }

    private record OtelSpan(Span span) implements TraceSpan {

        @Override
        public TraceSpan set(String key, String value) {
            if (value != null) {
                span.setAttribute(key, value);
            }
            return this;
        }

        @Override
        public TraceSpan set(String key, long value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public TraceSpan set(String key, boolean value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public TraceSpan set(String key, List<String> values) {
            if (values != null) {
                span.setAttribute(AttributeKey.stringArrayKey(key), values);
            }
            return this;
        }

        @Override
        public TraceSpan failed(String errorType) {
            span.setAttribute(ERROR_TYPE, errorType == null ? "_OTHER" : errorType);
            span.setStatus(StatusCode.ERROR);
            return this;
        }

        @Override
        public boolean recording() {
            return span.isRecording();
        }

        @Override
        public Scope enter() {
            return span.makeCurrent()::close;
        }

        @Override
        public void end() {
            span.end();
        }
    }
}
