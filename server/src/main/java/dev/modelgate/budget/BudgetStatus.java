package dev.modelgate.budget;

import java.time.Instant;

/**
 * A budget in its current period: how much is spent and when the period ends.
 *
 * @param spent    spending in the current period so far, in the unit's base units (tokens, nano-USD)
 * @param resetsAt when the current period ends (00:00 UTC) and spending counts from zero again
 */
public record BudgetStatus(Budget budget, long spent, Instant resetsAt) {

    /** Whether the hard limit is reached: calls are refused. */
    public boolean exceeded() {
        return spent >= budget.limit();
    }

    /** Whether the soft threshold is reached (false for a budget without one). */
    public boolean warning() {
        return budget.softLimit() != null && spent >= budget.softLimit();
    }
}
