package dev.modelgate.usage;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link UsageQuery} found: totals, each model's usage and latency, each UTC day's, and each caller's.
 *
 * @param models  every model with at least one call, ordered by name, a saved model before a draft of the same name
 * @param days    the days with at least one call, oldest first; days without calls are absent
 * @param callers every API key or account with at least one call, by name; calls naming no caller are one entry
 *                with a null caller, last
 */
public record UsageReport(UsageQuery query, UsageTotals totals, List<ModelUsage> models, List<DayUsage> days,
                          List<CallerUsage> callers) {

    public UsageReport {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(totals, "totals");
        models = List.copyOf(models);
        days = List.copyOf(days);
        callers = List.copyOf(callers);
    }

    /** A caller's totals; {@code caller} null for the calls that name none. */
    public record CallerUsage(UsageCaller caller, UsageTotals totals) {

        public CallerUsage {
            Objects.requireNonNull(totals, "totals");
        }
    }
}
