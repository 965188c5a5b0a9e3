package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Stage 3: the output mapping applied to Bedrock's answer, each field's outcome, and the token counts compared with
 * Bedrock's {@code X-Amzn-Bedrock-*-Token-Count} headers.
 *
 * <p>JSON: {@code {"stage": "MAP", "outcome", "latencyMs", "fields": [{"field", "path", "outcome", "value", "rule",
 * "message", "available"}], "tokens": {"input": {"mapped", "header", "agree"}, "output": {...}}, "warnings",
 * "diagnosis"}}.
 *
 * @param fields   every field of the mapping: text, the token counts, then the extras
 * @param tokens   the token counts by the mapping and by Bedrock's headers
 * @param warnings what looks wrong without failing the stage (token counts that disagree with the headers)
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "fields", "tokens", "warnings", "diagnosis"})
public record MapStage(Outcome outcome, long latencyMs, List<Field> fields, Tokens tokens, List<String> warnings,
                       Diagnosis diagnosis) implements StageResult {

    public MapStage {
        Objects.requireNonNull(outcome, "outcome");
        fields = List.copyOf(fields);
        warnings = List.copyOf(warnings);
        if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
            throw new IllegalArgumentException("a stage has a diagnosis exactly when it failed, got " + outcome);
        }
    }

    @Override
    public Stage stage() {
        return Stage.MAP;
    }

    /** A stage that did not run. */
    static MapStage skipped() {
        return new MapStage(Outcome.SKIPPED, 0, List.of(), null, List.of(), null);
    }

    /** How one field of the mapping fared. */
    public enum FieldOutcome { MAPPED, FAILED, UNMAPPED }

    /**
     * One field of the mapping.
     *
     * @param field     as violations name it: {@code outputMapping.text}, {@code outputMapping.extras.stopReason}
     * @param path      its JSONPath; null when {@code UNMAPPED} (an optional field without one)
     * @param outcome   mapped, failed, or not configured
     * @param value     the extracted value when mapped (a string, a number, any JSON for extras), else null
     * @param rule      why it failed ({@code no-match}, {@code multiple-matches}, {@code not-a-non-negative-integer},
     *                  {@code not-text}), else null
     * @param message   a sentence saying what was found instead, else null
     * @param available paths the answer does have where the path failed; empty unless failed
     */
    public record Field(String field, String path, FieldOutcome outcome, JsonNode value, String rule, String message,
                       List<String> available) {
        public Field {
            available = List.copyOf(available);
        }
    }

    /** The input and output token counts. */
    public record Tokens(TokenCount input, TokenCount output) {
    }

    /**
     * One token count.
     *
     * @param mapped what the mapping read from the body, or null (not mapped, or failed)
     * @param header what Bedrock's header says, or null (absent)
     * @param agree  whether both are there and equal; null when either is missing
     */
    public record TokenCount(Long mapped, Long header, Boolean agree) {
        static TokenCount of(Long mapped, Long header) {
            return new TokenCount(mapped, header, mapped == null || header == null ? null : mapped.equals(header));
        }
    }
}
