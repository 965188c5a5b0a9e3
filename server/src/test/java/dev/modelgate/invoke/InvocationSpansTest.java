package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.tracing.TraceSpan;
import dev.modelgate.tracing.Tracing;
import dev.modelgate.usage.UsageKind;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** With tracing off, an invocation's spans are one shared span that records nothing, and cost no allocation. */
class InvocationSpansTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void off_everySpanIsNone() {
        assertThat(InvocationSpans.invocation(Tracing.OFF, null, null, null, UsageKind.INVOKE, false))
                .isSameAs(TraceSpan.NONE);
        assertThat(InvocationSpans.attempt(Tracing.OFF, InvocationSpans.INVOKE_MODEL, 1)).isSameAs(TraceSpan.NONE);
        assertThat(Tracing.OFF.current()).isSameAs(TraceSpan.NONE);
        assertThat(TraceSpan.NONE.enter()).isSameAs(TraceSpan.Scope.NONE);
    }

    @Test
    void off_aCallsSpanWork_allocatesNothing() {
        OptionalLong tokens = OptionalLong.of(12);
        BedrockCall call = new BedrockCall("m", 200, null, "r", 1, 2, 3, new byte[0], java.time.Duration.ZERO, 1);
        Runnable oneCall = () -> {
            TraceSpan span = InvocationSpans.invocation(Tracing.OFF, null, null, null, UsageKind.INVOKE, false);
            try (TraceSpan.Scope ignored = span.enter()) {
                TraceSpan attempt = InvocationSpans.attempt(Tracing.OFF, InvocationSpans.INVOKE_MODEL, 1);
                try (TraceSpan.Scope inAttempt = attempt.enter()) {
                    Tracing.OFF.current().set("modelgate.session", "cached");
                    InvocationSpans.attemptAnswered(attempt, call);
                } finally {
                    attempt.end();
                }
                TraceSpan mapping = Tracing.OFF.start(InvocationSpans.OUTPUT_MAPPING, Tracing.Kind.INTERNAL);
                mapping.end();
                InvocationSpans.outcome(span, "OK", tokens, tokens);
                InvocationSpans.finishReason(span, "end_turn");
            } finally {
                span.end();
            }
        };
        for (int i = 0; i < 20_000; i++) {
            oneCall.run(); // compiled before it is measured
        }
        // The fewest bytes of five rounds: a one-time event of the JVM on this thread (a deoptimisation and
        // recompilation when classes that other tests of this fork loaded change a call site's profile) lands in one
        // round, whereas span work that allocates per call, even 1 byte, shows in every round as 100,000 bytes or more.
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                oneCall.run();
            }
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }

        assertThat(fewest).as("bytes allocated by 100,000 calls' spans, the fewest of five rounds").isLessThan(10_000);
    }
}
