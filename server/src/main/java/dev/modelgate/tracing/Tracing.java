package dev.modelgate.tracing;

/**
 * Starts spans, each the child of the span current on the calling thread (or a root span when there is none).
 * Thread-safe.
 */
public interface Tracing {

    /** Tracing turned off: {@link #enabled()} is false and every span is {@link TraceSpan#NONE}. */
    Tracing OFF = new Tracing() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public TraceSpan start(String name, Kind kind) {
            return TraceSpan.NONE;
        }

        @Override
        public TraceSpan current() {
            return TraceSpan.NONE;
        }

        @Override
        public String toString() {
            return "Tracing.OFF";
        }
    };

    /** What a span stands for, as OpenTelemetry's span kinds say. */
    enum Kind {
        /** Work inside Modelgate. */
        INTERNAL,
        /** A call out: to Bedrock, to STS, or a model invocation as a whole. */
        CLIENT,
        /** An HTTP request Modelgate answers. */
        SERVER
    }

    /**
     * Whether spans are recorded. When false, callers may skip building what only a span would hold (names, lists);
     * every span is {@link TraceSpan#NONE} anyway.
     */
    boolean enabled();

    /** Starts a span named {@code name}, a child of the current one. End it with {@link TraceSpan#end()}. */
    TraceSpan start(String name, Kind kind);

    /** The span current on this thread ({@link TraceSpan#enter()}), or {@link TraceSpan#NONE} when there is none. */
    TraceSpan current();
}
