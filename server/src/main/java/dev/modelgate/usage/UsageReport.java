package dev.modelgate.usage;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link UsageQuery} found: totals, each model's usage and latency, and each UTC day's.
 *
 * @param models every model with at least one call, ordered by name, a saved model before a draft of the same name
 * @param days   the days with at least one call, oldest first; days without calls are absent
 */
public record UsageReport(UsageQuery query, UsageTotals totals, List<ModelUsage> models, List<DayUsage> days) {

    public UsageReport {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(totals, "totals");
        models = List.copyOf(models);
        days = List.copyOf(days);
    }
}
