package dev.modelgate.bench;

/**
 * One streamed answer as its caller saw it: when the first text arrived and when the stream ended, both measured from
 * the moment the call began ({@code System.nanoTime}), and what it carried.
 *
 * @param firstTokenNanos time to the first piece of text (Bedrock: the first chunk with text; Modelgate: the first
 *                        {@code delta} event)
 * @param totalNanos      time to the end (Bedrock: the stream complete; Modelgate: the {@code done} event)
 * @param events          the chunks Bedrock sent (direct) or the events Modelgate sent up to {@code done} (included)
 * @param textChunks      of those, the chunks or {@code delta} events that carried text
 * @param text            the text, concatenated
 * @param outputTokens    the output tokens the stream reported (Bedrock: Claude's {@code message_delta} usage;
 *                        Modelgate: {@code done}'s {@code usage.outputTokens}); -1 when it reported none
 * @param serverFirstTokenMillis Modelgate's own time to first token ({@code done}'s {@code timeToFirstTokenMs}); -1
 *                        for the direct path or when {@code done} carries none
 * @param serverTotalMillis Modelgate's own latency of the stream ({@code done}'s {@code latencyMs}); -1 likewise
 */
record StreamAnswer(long firstTokenNanos, long totalNanos, int events, int textChunks, String text, long outputTokens,
                    long serverFirstTokenMillis, long serverTotalMillis) {
}
