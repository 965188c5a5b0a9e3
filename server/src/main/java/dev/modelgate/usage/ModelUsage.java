package dev.modelgate.usage;

import java.util.Objects;

/**
 * Usage of one model. A saved model is one entry however often it was renamed; each unsaved draft is one entry per
 * name.
 *
 * @param modelId   the saved model's id, or null for Tests of unsaved drafts named {@code modelName}
 * @param modelName the name the model had at its latest call in the range
 * @param latency   percentiles of the successful calls, or null when none succeeded
 */
public record ModelUsage(String modelId, String modelName, UsageTotals totals, LatencyPercentiles latency) {

    public ModelUsage {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(totals, "totals");
    }
}
