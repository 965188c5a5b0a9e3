package dev.modelgate.budget;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.time.Duration;
import java.time.Instant;

/**
 * A call refused because a budget's hard limit is reached in its current period ({@code budget-exceeded}). Carries
 * the budget, what it has spent and when it resets; a MODEL budget's refusal lets a caller try another model.
 */
public final class BudgetExceededException extends ModelgateException {

    private final BudgetStatus status;
    private final Instant checkedAt;

    /** @param checkedAt when the budget was found spent: the wait until {@link BudgetStatus#resetsAt()} counts from it */
    public BudgetExceededException(BudgetStatus status, Instant checkedAt) {
        super(ErrorCode.BUDGET_EXCEEDED, "the " + describe(status.budget()) + " budget " + status.budget().id()
                + " of " + status.budget().unit().format(status.budget().limit()) + " "
                + status.budget().unit().label() + " per "
                + status.budget().period().name().toLowerCase(java.util.Locale.ROOT) + " is spent ("
                + status.budget().unit().format(status.spent()) + "); it resets at " + status.resetsAt());
        this.status = status;
        this.checkedAt = checkedAt;
    }

    /** How long until the budget's period starts again. */
    public Duration retryAfter() {
        return Duration.between(checkedAt, status.resetsAt());
    }

    /** The budget, its spending and its reset. */
    public BudgetStatus status() {
        return status;
    }

    /** The scope of the budget that refused. */
    public BudgetScope scope() {
        return status.budget().scope();
    }

    private static String describe(Budget budget) {
        return switch (budget.scope()) {
            case WORKSPACE -> "workspace's";
            case KEY -> "API key's";
            case MODEL -> "model's";
        };
    }
}
