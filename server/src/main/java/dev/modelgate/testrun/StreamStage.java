package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Stage 4, for a model whose output mapping has a stream part: the answer streamed once
 * ({@code InvokeModelWithResponseStream}), its chunks as they came, the stream mapping applied to each, the text
 * the deltas join to and the counts against Bedrock's {@code amazon-bedrock-invocationMetrics}. A stream that fails,
 * or a stream mapping that does not fit the chunks, fails the stage (and the Test: the model is not READY, and so
 * not streamed); counts that disagree with the metrics, or a text unlike the non-streamed answer's, only warn.
 *
 * <p>JSON: {@code {"stage": "STREAM", "outcome", "latencyMs", "requestId", "chunkCount", "chunks": [{"raw",
 * "decoded"}], "chunksTruncated", "text", "textTruncated", "fields", "tokens": {"input": {"mapped", "metrics",
 * "agree"}, "output": {...}}, "timeToFirstTokenMs", "warnings", "diagnosis"}}.
 *
 * @param requestId       Bedrock's request ID of the stream, or null
 * @param chunkCount      chunks received
 * @param chunks          the first {@value StreamCheck#MAX_CHUNKS} chunks: {@code raw} the event's base64
 *                        {@code bytes} as sent, {@code decoded} their JSON (null when not JSON or longer than
 *                        {@value StreamCheck#MAX_CHUNK_CHARS} characters, then {@code raw} is cut to that)
 * @param chunksTruncated whether chunks were left out or cut
 * @param text            the text deltas joined, at most {@value StreamCheck#MAX_TEXT_CHARS} characters
 * @param fields          each stream mapping field: {@code outputMapping.stream.text} (its value says how many chunks
 *                        had text), {@code .inputTokens}, {@code .outputTokens}
 * @param tokens          the counts by the mapping and by Bedrock's invocation metrics
 * @param timeToFirstTokenMs from sending the request to the first text delta, or null
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "requestId", "chunkCount", "chunks", "chunksTruncated", "text",
        "textTruncated", "fields", "tokens", "timeToFirstTokenMs", "warnings", "diagnosis"})
public record StreamStage(Outcome outcome, long latencyMs, String requestId, long chunkCount, List<Chunk> chunks,
                          boolean chunksTruncated, String text, boolean textTruncated, List<MapStage.Field> fields,
                          Tokens tokens, Long timeToFirstTokenMs, List<String> warnings, Diagnosis diagnosis)
        implements StageResult {

    public StreamStage {
        Objects.requireNonNull(outcome, "outcome");
        chunks = List.copyOf(chunks);
        fields = List.copyOf(fields);
        warnings = List.copyOf(warnings);
        if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
            throw new IllegalArgumentException("a stage has a diagnosis exactly when it failed, got " + outcome);
        }
    }

    @Override
    public Stage stage() {
        return Stage.STREAM;
    }

    /** Not run: the model has no stream mapping, or an earlier stage failed. */
    static StreamStage skipped(String why) {
        return new StreamStage(Outcome.SKIPPED, 0, null, 0, List.of(), false, null, false, List.of(), null, null,
                why == null ? List.of() : List.of(why), null);
    }

    /** One chunk as it came. */
    public record Chunk(String raw, JsonNode decoded) {
    }

    /** The input and output token counts. */
    public record Tokens(TokenCount input, TokenCount output) {
    }

    /**
     * One token count.
     *
     * @param mapped  what the stream mapping read, or null
     * @param metrics what Bedrock's invocation metrics say, or null
     * @param agree   whether both are there and equal; null when either is missing
     */
    public record TokenCount(Long mapped, Long metrics, Boolean agree) {
        static TokenCount of(Long mapped, Long metrics) {
            return new TokenCount(mapped, metrics, mapped == null || metrics == null ? null : mapped.equals(metrics));
        }
    }
}
