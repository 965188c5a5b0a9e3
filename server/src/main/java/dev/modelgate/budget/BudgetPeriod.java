package dev.modelgate.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The UTC calendar period a budget's spending is counted over; it starts again at 00:00 UTC. */
public enum BudgetPeriod {
    /** A UTC day. */
    DAY,
    /** A UTC calendar month. */
    MONTH;

    /** The first day of the period holding {@code now}. */
    public LocalDate start(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return this == DAY ? today : today.withDayOfMonth(1);
    }

    /** The first day after the period holding {@code now}. */
    public LocalDate end(Instant now) {
        LocalDate start = start(now);
        return this == DAY ? start.plusDays(1) : start.plusMonths(1);
    }

    /** When the period holding {@code now} ends and spending counts from zero again. */
    public Instant resetsAt(Instant now) {
        return end(now).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
