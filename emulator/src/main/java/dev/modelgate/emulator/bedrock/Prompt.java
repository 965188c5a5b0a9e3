package dev.modelgate.emulator.bedrock;

import java.util.List;

/**
 * What the emulator takes from a request body: enough to produce a deterministic reply.
 *
 * @param system        the system prompt, empty when there is none; never null
 * @param text          the text of the last user turn (for raw-prompt families the last user segment of the prompt
 *                      template, else the whole prompt); never null
 * @param maxTokens     the output token budget, {@code >= 0}, or {@link #MODEL_DEFAULT} when the request left it to
 *                      the model (the family's default then applies)
 * @param stopSequences the stop sequences, in request order; never null
 * @param inputTokens   the input token count: {@link Tokens#count} over the system prompt and every message text of
 *                      the request (all turns, not only the last), at least 1
 */
public record Prompt(String system, String text, int maxTokens, List<String> stopSequences, int inputTokens) {

    /** {@link #maxTokens()} value meaning "the request did not say; use the model's default". */
    public static final int MODEL_DEFAULT = -1;

    public Prompt {
        if (system == null || text == null) {
            throw new IllegalArgumentException("prompt system and text must not be null (use \"\" for none), got "
                    + (system == null ? "a null system" : "a null text"));
        }
        if (maxTokens < MODEL_DEFAULT) {
            throw new IllegalArgumentException("prompt maxTokens must be >= 0 or MODEL_DEFAULT (-1), got " + maxTokens);
        }
        stopSequences = List.copyOf(stopSequences);
        if (inputTokens < 1) {
            throw new IllegalArgumentException("prompt inputTokens must be >= 1, got " + inputTokens);
        }
    }

    /** A prompt whose input tokens are counted over {@code system} and {@code text} alone. */
    public Prompt(String system, String text, int maxTokens, List<String> stopSequences) {
        this(system, text, maxTokens, stopSequences, Tokens.countInput(List.of(nullToEmpty(system), nullToEmpty(text))));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
