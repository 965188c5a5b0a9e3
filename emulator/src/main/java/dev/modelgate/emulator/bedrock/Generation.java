package dev.modelgate.emulator.bedrock;

/**
 * A reply the emulator "generated" for a {@link Prompt}: deterministic text and token counts.
 *
 * @param text         the output text; never null
 * @param inputTokens  input token count, {@code >= 1}
 * @param outputTokens output token count ({@link Tokens#count} of {@code text}), {@code >= 0}
 * @param stopReason   why generation stopped, in the family's own vocabulary (e.g. Claude {@code end_turn}, Titan
 *                     {@code LENGTH}, Cohere {@code MAX_TOKENS}); not blank
 * @param stopSequence the stop sequence that ended the reply, or null when none did
 * @param toolCall     the tool the model calls instead of answering text (InvokeModel with Claude's Messages API
 *                     {@code tools}), or null
 */
public record Generation(String text, int inputTokens, int outputTokens, String stopReason, String stopSequence,
                         ToolCall toolCall) {

    /**
     * A call of a tool the request declared.
     *
     * @param id    the call's id, e.g. {@code toolu_bdrk_01…}
     * @param name  the tool's name
     * @param input the input object
     */
    public record ToolCall(String id, String name, tools.jackson.databind.node.ObjectNode input) {
    }

    /** A generation that calls no tool. */
    public Generation(String text, int inputTokens, int outputTokens, String stopReason, String stopSequence) {
        this(text, inputTokens, outputTokens, stopReason, stopSequence, null);
    }

    public Generation {
        if (text == null) {
            throw new IllegalArgumentException("generation text must not be null");
        }
        if (inputTokens < 1 || outputTokens < 0) {
            throw new IllegalArgumentException("generation token counts must be input >= 1 and output >= 0, got input="
                    + inputTokens + " output=" + outputTokens);
        }
        if (stopReason == null || stopReason.isBlank()) {
            throw new IllegalArgumentException("generation stopReason must not be blank, got " + stopReason);
        }
    }

    /** A generation that no stop sequence ended. */
    public Generation(String text, int inputTokens, int outputTokens, String stopReason) {
        this(text, inputTokens, outputTokens, stopReason, null);
    }

    /** Input plus output tokens. */
    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
