package dev.modelgate.tracing;

import java.util.List;

/**
 * A started span: attributes are set on it, it may be {@linkplain #enter() made current} for a while (spans started
 * meanwhile on the thread are its children), and it is {@linkplain #end() ended} once. Attribute values that are
 * null are not set. Not meant to be shared between threads while it is being written.
 */
public interface TraceSpan {

    /** The span of {@link Tracing#OFF}: records nothing, and every method returns at once without allocating. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public TraceSpan set(String key, String value) {
            return this;
        }

        @Override
        public TraceSpan set(String key, long value) {
            return this;
        }

        @Override
        public TraceSpan set(String key, boolean value) {
            return this;
        }

        @Override
        public TraceSpan set(String key, List<String> values) {
            return this;
        }

        @Override
        public TraceSpan failed(String errorType) {
            return this;
        }

        @Override
        public boolean recording() {
            return false;
        }

        @Override
        public Scope enter() {
            return Scope.NONE;
        }

        @Override
        public void end() {
        }

        @Override
        public String toString() {
            return "TraceSpan.NONE";
        }
    };

    /** The OpenTelemetry attribute of a failure's type. */
    String ERROR_TYPE = "error.type";

    TraceSpan set(String key, String value);

    TraceSpan set(String key, long value);

    TraceSpan set(String key, boolean value);

    /** A string-array attribute. */
    TraceSpan set(String key, List<String> values);

    /**
     * Marks the span failed: {@value #ERROR_TYPE} is {@code errorType} (a low-cardinality code, such as
     * {@code THROTTLED} or {@code ThrottlingException}) and its status is ERROR, without a description (a failure's
     * message may quote the request).
     */
    TraceSpan failed(String errorType);

    /**
     * Whether the span records what is set on it: false for {@link #NONE} and for a span its sampler left out. Work
     * done only to set attributes can be skipped when false.
     */
    boolean recording();

    /** Makes this span current on the calling thread until the scope is closed (on the same thread). */
    Scope enter();

    /** Ends the span; later calls are ignored. */
    void end();

    /** A span made current, until {@link #close()}. */
    interface Scope extends AutoCloseable {

        /** The scope of {@link TraceSpan#NONE}. */
        Scope NONE = () -> {
        };

        /** Restores the span that was current before. */
        @Override
        void close();
    }
}
