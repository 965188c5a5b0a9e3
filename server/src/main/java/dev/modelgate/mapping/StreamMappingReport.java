package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a {@link StreamMapping} fared on one stream: each field's outcome, how many chunks came (and how many had text),
 * and Bedrock's own {@code amazon-bedrock-invocationMetrics}.
 *
 * @param text          {@link MappingResult.Mapped} (its value says how many chunks had text) or the failure
 * @param inputTokens   the last input count mapped, its failure, or {@link MappingResult.Unmapped}
 * @param outputTokens  the last output count mapped, its failure, or {@link MappingResult.Unmapped}
 * @param chunks        chunks read
 * @param textChunks    chunks the text path found text in
 * @param metricsInput  {@code inputTokenCount} of the invocation metrics
 * @param metricsOutput {@code outputTokenCount} of the invocation metrics
 * @param bedrockLatencyMillis  {@code invocationLatency}
 * @param firstByteLatencyMillis {@code firstByteLatency}
 */
public record StreamMappingReport(MappingResult<String> text, MappingResult<Long> inputTokens,
                                  MappingResult<Long> outputTokens, long chunks, long textChunks,
                                  OptionalLong metricsInput, OptionalLong metricsOutput,
                                  OptionalLong bedrockLatencyMillis, OptionalLong firstByteLatencyMillis) {

    public StreamMappingReport {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(inputTokens, "inputTokens");
        Objects.requireNonNull(outputTokens, "outputTokens");
    }

    /** The failed fields, text first. */
    public List<MappingResult.Failed<?>> failures() {
        List<MappingResult.Failed<?>> failed = new ArrayList<>(3);
        for (MappingResult<?> result : List.of(text, inputTokens, outputTokens)) {
            if (result instanceof MappingResult.Failed<?> f) {
                failed.add(f);
            }
        }
        return failed;
    }

    /** Whether every configured field mapped. */
    public boolean successful() {
        return failures().isEmpty();
    }

    /**
     * The failure of the mapping as the API answers it ({@code output-mapping-failed} or {@code mapping-too-costly},
     * with the failed fields as violations).
     *
     * @throws IllegalStateException when it did not fail
     */
    public MappingException exception() {
        if (successful()) {
            throw new IllegalStateException("the stream mapping did not fail");
        }
        return new MappingException(new MappingReport(text, inputTokens, outputTokens, java.util.Map.of()));
    }

    /**
     * Where a mapped count disagrees with Bedrock's invocation metrics: one sentence per count, empty when they agree
     * (or one of them is absent).
     */
    public List<String> disagreements() {
        List<String> out = new ArrayList<>(2);
        disagreement("input", inputTokens, metricsInput, out);
        disagreement("output", outputTokens, metricsOutput, out);
        return out;
    }

    private static void disagreement(String which, MappingResult<Long> mapped, OptionalLong metric, List<String> out) {
        if (mapped instanceof MappingResult.Mapped<Long> m && metric.isPresent() && m.value() != metric.getAsLong()) {
            out.add(m.field() + " (" + m.expression() + ") read " + m.value() + " " + which
                    + " tokens, but Bedrock's " + StreamMapping.METRICS + " count " + metric.getAsLong());
        }
    }
}
