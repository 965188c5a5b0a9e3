package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Stage 3 of a Converse model's Test, instead of MAP: the answer as Modelgate reads it from Converse's fixed shape,
 * which is what an invocation answers. A Converse model has no mapping to fail; the stage fails only when it ends
 * past its bound.
 *
 * <p>JSON: {@code {"stage": "ANSWER", "outcome", "latencyMs", "text", "toolCalls": [{"toolUseId", "name",
 * "input"}], "stopReason", "usage": {"inputTokens", "outputTokens", "cacheReadInputTokens",
 * "cacheWriteInputTokens"}, "warnings", "diagnosis"}}.
 *
 * @param text       the answer's text blocks, joined (empty when the model only called tools)
 * @param toolCalls  the tool calls, as Converse's {@code toolUse} blocks
 * @param stopReason Converse's stop reason ({@code end_turn}, {@code tool_use}, {@code max_tokens}, …)
 * @param usage      Converse's token counts; null when skipped
 * @param warnings   what looks wrong without failing the stage (an answer cut by maxTokens, an empty
 *                   answer); a guardrail's intervention fails the INVOKE stage, as for a template model
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "text", "toolCalls", "stopReason", "usage", "warnings",
        "diagnosis"})
public record AnswerStage(Outcome outcome, long latencyMs, String text, List<JsonNode> toolCalls, String stopReason,
                          Usage usage, List<String> warnings, Diagnosis diagnosis) implements StageResult {

    public AnswerStage {
        Objects.requireNonNull(outcome, "outcome");
        toolCalls = List.copyOf(toolCalls);
        warnings = List.copyOf(warnings);
        if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
            throw new IllegalArgumentException("a stage has a diagnosis exactly when it failed, got " + outcome);
        }
    }

    @Override
    public Stage stage() {
        return Stage.ANSWER;
    }

    /** A stage that did not run. */
    static AnswerStage skipped() {
        return new AnswerStage(Outcome.SKIPPED, 0, null, List.of(), null, null, List.of(), null);
    }

    /** Converse's token counts; each null when Bedrock did not say. */
    public record Usage(Long inputTokens, Long outputTokens, Long cacheReadInputTokens, Long cacheWriteInputTokens) {
    }
}
