package dev.modelgate.emulator.bedrock;

/**
 * The {@code amazon-bedrock-invocationMetrics} object Bedrock adds to the last chunk of an
 * InvokeModelWithResponseStream response (PROTOCOL.md §2.5).
 *
 * @param inputTokenCount   input tokens, {@code >= 0}
 * @param outputTokenCount  output tokens, {@code >= 0}
 * @param invocationLatency milliseconds from request to last byte, {@code >= 0}
 * @param firstByteLatency  milliseconds from request to first byte, {@code >= 0}
 */
public record InvocationMetrics(int inputTokenCount, int outputTokenCount, long invocationLatency,
                                long firstByteLatency) {

    public InvocationMetrics {
        if (inputTokenCount < 0 || outputTokenCount < 0 || invocationLatency < 0 || firstByteLatency < 0) {
            throw new IllegalArgumentException("invocation metrics must not be negative, got input=" + inputTokenCount
                    + " output=" + outputTokenCount + " invocationLatency=" + invocationLatency
                    + " firstByteLatency=" + firstByteLatency);
        }
    }

    /** The metrics of a generation: its token counts and the given latencies in milliseconds. */
    public static InvocationMetrics of(Generation generation, long invocationLatencyMs, long firstByteLatencyMs) {
        return new InvocationMetrics(generation.inputTokens(), generation.outputTokens(), invocationLatencyMs,
                firstByteLatencyMs);
    }
}
