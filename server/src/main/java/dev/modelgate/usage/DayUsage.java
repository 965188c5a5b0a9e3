package dev.modelgate.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Usage on one UTC day: the day's totals and each model's share (with its latency that day).
 *
 * @param day    a day in UTC, from 00:00 inclusive to the next day's 00:00 exclusive
 * @param models the models called that day, in {@link UsageReport}'s model order
 */
public record DayUsage(LocalDate day, UsageTotals totals, List<ModelUsage> models) {

    public DayUsage {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(totals, "totals");
        models = List.copyOf(models);
    }
}
