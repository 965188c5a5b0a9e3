package dev.modelgate.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What an {@link OutputMapping} extracted from one model response.
 *
 * @param text         the output text
 * @param inputTokens  the prompt's token count, or null when the mapping has no {@code inputTokens} path
 * @param outputTokens the completion's token count, or null when the mapping has no {@code outputTokens} path
 * @param extras       each named extra field's value, in the mapping's order; values are nodes of the response (or
 *                     arrays of them), not copies, and must not be modified
 */
public record MappedOutput(String text, Long inputTokens, Long outputTokens, Map<String, JsonNode> extras) {

    public MappedOutput {
        Objects.requireNonNull(text, "text");
        requireCount("inputTokens", inputTokens);
        requireCount("outputTokens", outputTokens);
        Objects.requireNonNull(extras, "extras").forEach((name, value) -> Objects.requireNonNull(value, "extras." + name));
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    private static void requireCount(String name, Long count) {
        if (count != null && count < 0) {
            throw new IllegalArgumentException(name + " must be null or non-negative, got " + count);
        }
    }
}
