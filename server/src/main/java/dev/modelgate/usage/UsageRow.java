package dev.modelgate.usage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One UTC day's calls of one model (by the name it had), of one kind, by one caller: a row of the usage export.
 *
 * @param modelId the saved model's id, or null for Tests of an unsaved draft
 * @param caller  the caller, or null for calls that name none
 */
public record UsageRow(LocalDate day, String modelId, String modelName, UsageKind kind, UsageCaller caller,
                       UsageTotals totals) {

    public UsageRow {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(totals, "totals");
    }
}
