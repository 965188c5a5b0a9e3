package dev.modelgate.mapping;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * How the chunks of a streamed answer ({@code InvokeModelWithResponseStream}) map to text deltas and token counts:
 * JSONPaths (RFC 9535) applied to each decoded chunk (the JSON inside a {@code chunk} event's base64 {@code bytes}),
 * compiled once when the model is saved.
 *
 * <ul>
 *   <li><b>text</b> (required): a chunk's text delta. A chunk it selects nothing in has no text; strings are joined
 *       in order, numbers and booleans give their JSON text, nulls nothing; an object or an array fails the field
 *       ({@code not-text}). A stream in whose chunks it never selects anything fails it ({@code no-match}).</li>
 *   <li><b>inputTokens</b>, <b>outputTokens</b> (optional): read from whichever chunk has them, the last match wins;
 *       each match must be one integral number from 0 to 2^63 - 1 ({@code multiple-matches},
 *       {@code not-a-non-negative-integer}), a single JSON null counting as no match; a path no chunk matched fails
 *       ({@code no-match}).</li>
 * </ul>
 * Bedrock's {@code amazon-bedrock-invocationMetrics} (in the last chunk) are read too: the counts' fallback and
 * their check. Fields are named {@code outputMapping.stream.text} and so on. Immutable and thread-safe; each stream
 * reads through its own {@link Reading}.
 */
public final class StreamMapping {

    /** The member of the last chunk that carries Bedrock's own counts and latencies. */
    public static final String METRICS = "amazon-bedrock-invocationMetrics";
    private static final String FIELD = "outputMapping.stream.";
    /** The first chunks a reading keeps (with the last) to say, when a path matched nothing, what the chunks hold. */
    static final int SAMPLES = 8;

    private final JsonPath text;
    private final JsonPath inputTokens;
    private final JsonPath outputTokens;

    private StreamMapping(JsonPath text, JsonPath inputTokens, JsonPath outputTokens) {
        this.text = text;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
    }

    /**
     * Checks and compiles a stream mapping.
     *
     * @throws InvalidInputException listing every problem ({@code required}, {@code invalid-jsonpath},
     *                               {@code jsonpath-too-long}, {@code jsonpath-too-costly}) on
     *                               {@code outputMapping.stream.text}, {@code .inputTokens}, {@code .outputTokens}
     */
    public static StreamMapping compile(String text, String inputTokens, String outputTokens) {
        List<Violation> violations = new ArrayList<>();
        JsonPath textPath = OutputMapping.path(FIELD + "text", text, true, violations,
                "$.delta.text");
        JsonPath inputPath = OutputMapping.path(FIELD + "inputTokens", inputTokens, false, violations, null);
        JsonPath outputPath = OutputMapping.path(FIELD + "outputTokens", outputTokens, false, violations, null);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new StreamMapping(textPath, inputPath, outputPath);
    }

    /** The text delta path. */
    public JsonPath text() {
        return text;
    }

    /** The input token count path, if any. */
    public Optional<JsonPath> inputTokens() {
        return Optional.ofNullable(inputTokens);
    }

    /** The output token count path, if any. */
    public Optional<JsonPath> outputTokens() {
        return Optional.ofNullable(outputTokens);
    }

    /** A new reading of one stream. */
    public Reading start() {
        return new Reading();
    }

    @Override
    public String toString() {
        return "StreamMapping[text=" + text + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + "]";
    }

    /**
     * One stream's chunks as they come: {@link #chunk} answers each one's text delta and keeps the counts; the
     * {@link #report()} says how every field fared. Holds no chunk's text; keeps at most {@value #SAMPLES} chunks
     * (the first ones) and the last, for the diagnosis of a path that matched nothing. One thread at a time.
     */
    public final class Reading {

        private long chunks;
        private long textChunks;
        private MappingResult.Failed<String> textFailure;
        private final Count input = new Count(FIELD + "inputTokens", inputTokens);
        private final Count output = new Count(FIELD + "outputTokens", outputTokens);
        private long metricInput = -1;
        private long metricOutput = -1;
        private long invocationLatency = -1;
        private long firstByteLatency = -1;
        private final List<JsonNode> samples = new ArrayList<>(SAMPLES);
        private JsonNode last;

        private Reading() {
        }

        /**
         * Reads one decoded chunk.
         *
         * @return its text delta, or null when the text path selects nothing in it (or fails on it)
         */
        public String chunk(JsonNode chunk) {
            Objects.requireNonNull(chunk, "chunk");
            chunks++;
            if (samples.size() < SAMPLES) {
                samples.add(chunk);
            }
            last = chunk;
            JsonNode metrics = chunk.get(METRICS);
            if (metrics != null && metrics.isObject()) {
                metricInput = count(metrics.get("inputTokenCount"), metricInput);
                metricOutput = count(metrics.get("outputTokenCount"), metricOutput);
                invocationLatency = count(metrics.get("invocationLatency"), invocationLatency);
                firstByteLatency = count(metrics.get("firstByteLatency"), firstByteLatency);
            }
            input.read(chunk);
            output.read(chunk);
            return text(chunk);
        }

        private String text(JsonNode chunk) {
            Evaluation evaluation = text.evaluation(chunk);
            List<JsonNode> nodes;
            try {
                nodes = text.values(evaluation);
                if (nodes.isEmpty()) {
                    return null;
                }
                if (nodes.size() == 1 && nodes.getFirst().isString()) {
                    textChunks++;
                    return nodes.getFirst().stringValue();
                }
                for (JsonNode node : nodes) {
                    if (node.isContainer()) {
                        MappingResult<String> failed = FieldExtraction.text(FIELD + "text", text, chunk);
                        failText(failed instanceof MappingResult.Failed<String> f ? f
                                : new MappingResult.Failed<>(FIELD + "text", text.expression(), MappingResult.NOT_TEXT,
                                FIELD + "text selected an object or an array in chunk " + chunks, List.of()));
                        return null;
                    }
                }
                MappingResult<String> joined = FieldExtraction.text(FIELD + "text", text, chunk);
                if (joined instanceof MappingResult.Mapped<String> mapped) {
                    textChunks++;
                    return mapped.value();
                }
                failText((MappingResult.Failed<String>) joined);
                return null;
            } catch (JsonPathTooCostlyException e) {
                failText(new MappingResult.Failed<>(FIELD + "text", text.expression(), MappingResult.TOO_COSTLY,
                        FIELD + "text: " + e.getMessage(), List.of()));
                return null;
            }
        }

        private void failText(MappingResult.Failed<String> failure) {
            if (textFailure == null) {
                textFailure = new MappingResult.Failed<>(failure.field(), failure.expression(), failure.rule(),
                        failure.message() + " (chunk " + chunks + ")", failure.available());
            }
        }

        /** How many chunks were read. */
        public long chunks() {
            return chunks;
        }

        /** The input token count: the mapped one, or else Bedrock's invocation metrics'. */
        public OptionalLong inputTokens() {
            return input.value >= 0 ? OptionalLong.of(input.value)
                    : metricInput >= 0 ? OptionalLong.of(metricInput) : OptionalLong.empty();
        }

        /** The output token count: the mapped one, or else Bedrock's invocation metrics'. */
        public OptionalLong outputTokens() {
            return output.value >= 0 ? OptionalLong.of(output.value)
                    : metricOutput >= 0 ? OptionalLong.of(metricOutput) : OptionalLong.empty();
        }

        /** Whether the input count came from the mapping (rather than from the metrics, or nowhere). */
        public boolean inputTokensMapped() {
            return input.value >= 0;
        }

        /** Whether the output count came from the mapping. */
        public boolean outputTokensMapped() {
            return output.value >= 0;
        }

        /** Bedrock's {@code invocationLatency} in ms, or -1. */
        public long bedrockLatencyMillis() {
            return invocationLatency;
        }

        /** What every field came to, after the last chunk (or so far, on a stream cut short). */
        public StreamMappingReport report() {
            MappingResult<String> textResult;
            if (textFailure != null) {
                textResult = textFailure;
            } else if (textChunks == 0) {
                textResult = noMatch(FIELD + "text", text);
            } else {
                textResult = new MappingResult.Mapped<>(FIELD + "text", text.expression(),
                        textChunks + " of " + chunks + " chunks");
            }
            return new StreamMappingReport(textResult, input.result(), output.result(), chunks, textChunks,
                    metricInput < 0 ? OptionalLong.empty() : OptionalLong.of(metricInput),
                    metricOutput < 0 ? OptionalLong.empty() : OptionalLong.of(metricOutput),
                    invocationLatency < 0 ? OptionalLong.empty() : OptionalLong.of(invocationLatency),
                    firstByteLatency < 0 ? OptionalLong.empty() : OptionalLong.of(firstByteLatency));
        }

        private <T> MappingResult<T> noMatch(String field, JsonPath path) {
            List<String> available = new ArrayList<>();
            List<JsonNode> seen = new ArrayList<>(samples);
            if (last != null && !samples.contains(last)) {
                seen.add(last);
            }
            for (JsonNode chunk : seen) {
                List<String> paths = new ArrayList<>();
                ResponseShape.leafPaths(chunk, Location.ROOT, OutputMapping.DIAGNOSTIC_PATH_LIMIT, paths);
                for (String p : paths) {
                    if (available.size() < OutputMapping.DIAGNOSTIC_PATH_LIMIT && !available.contains(p)) {
                        available.add(p);
                    }
                }
            }
            String shown = available.size() <= 20 ? String.join(", ", available)
                    : String.join(", ", available.subList(0, 20)) + ", …";
            return new MappingResult.Failed<>(field, path.expression(), MappingResult.NO_MATCH, field + ": "
                    + path.expression() + " selected nothing in any of the " + chunks + " chunks"
                    + (chunks == 0 ? "" : "; the chunks hold " + shown), available);
        }

        /** A token count path's state over the stream. */
        private final class Count {
            private final String field;
            private final JsonPath path;
            private long value = -1;
            private MappingResult.Failed<Long> failure;

            Count(String field, JsonPath path) {
                this.field = field;
                this.path = path;
            }

            void read(JsonNode chunk) {
                if (path == null || failure != null) {
                    return;
                }
                List<JsonNode> nodes;
                try {
                    nodes = path.values(chunk);
                } catch (JsonPathTooCostlyException e) {
                    failure = new MappingResult.Failed<>(field, path.expression(), MappingResult.TOO_COSTLY,
                            field + ": " + e.getMessage(), List.of());
                    return;
                }
                if (nodes.isEmpty() || nodes.size() == 1 && nodes.getFirst().isNull()) {
                    return; // a chunk that has the member but null there (Titan, Llama after the first) has no count
                }
                MappingResult<Long> result = FieldExtraction.tokenCount(field, path, chunk);
                if (result instanceof MappingResult.Mapped<Long> mapped) {
                    value = mapped.value();
                } else if (result instanceof MappingResult.Failed<Long> failed) {
                    failure = new MappingResult.Failed<>(failed.field(), failed.expression(), failed.rule(),
                            failed.message() + " (chunk " + chunks + ")", failed.available());
                }
            }

            MappingResult<Long> result() {
                if (path == null) {
                    return new MappingResult.Unmapped<>(field);
                }
                if (failure != null) {
                    return failure;
                }
                return value >= 0 ? new MappingResult.Mapped<>(field, path.expression(), value) : noMatch(field, path);
            }
        }
    }

    private static long count(JsonNode node, long otherwise) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0
                ? node.longValue() : otherwise;
    }
}
