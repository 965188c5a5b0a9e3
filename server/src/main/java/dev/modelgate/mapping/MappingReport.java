package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Every field's outcome of an {@link OutputMapping} on one response, so that a Test run can show all of them at once.
 *
 * @param text         the text field's outcome
 * @param inputTokens  the input token count's outcome ({@link MappingResult.Unmapped} when not configured)
 * @param outputTokens the output token count's outcome ({@link MappingResult.Unmapped} when not configured)
 * @param extras       each extra field's outcome by name, in the mapping's order
 */
public record MappingReport(MappingResult<String> text, MappingResult<Long> inputTokens, MappingResult<Long> outputTokens,
                            Map<String, MappingResult<JsonNode>> extras) {

    public MappingReport {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(inputTokens, "inputTokens");
        Objects.requireNonNull(outputTokens, "outputTokens");
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** All outcomes in order: text, inputTokens, outputTokens, then the extras. */
    public List<MappingResult<?>> results() {
        List<MappingResult<?>> all = new ArrayList<>(3 + extras.size());
        all.add(text);
        all.add(inputTokens);
        all.add(outputTokens);
        all.addAll(extras.values());
        return all;
    }

    /** The failed outcomes, in the order of {@link #results()}. */
    public List<MappingResult.Failed<?>> failures() {
        List<MappingResult.Failed<?>> failed = new ArrayList<>();
        for (MappingResult<?> result : results()) {
            if (result instanceof MappingResult.Failed<?> failure) {
                failed.add(failure);
            }
        }
        return failed;
    }

    /** Whether every configured field was mapped. */
    public boolean successful() {
        if (text instanceof MappingResult.Failed || inputTokens instanceof MappingResult.Failed
                || outputTokens instanceof MappingResult.Failed) {
            return false;
        }
        for (MappingResult<JsonNode> extra : extras.values()) {
            if (extra instanceof MappingResult.Failed) {
                return false;
            }
        }
        return true;
    }

    /**
     * The extracted output.
     *
     * @throws MappingException when any field failed, carrying this report
     */
    public MappedOutput output() {
        if (!successful()) {
            throw new MappingException(this);
        }
        Map<String, JsonNode> extraValues = new LinkedHashMap<>();
        extras.forEach((name, result) -> extraValues.put(name, valueOf(result)));
        return new MappedOutput(valueOf(text), valueOf(inputTokens), valueOf(outputTokens), extraValues);
    }

    private static <T> T valueOf(MappingResult<T> result) {
        return result instanceof MappingResult.Mapped<T> mapped ? mapped.value() : null;
    }
}
