package dev.modelgate.web;

import dev.modelgate.access.Caller;
import dev.modelgate.budget.BudgetStatus;
import dev.modelgate.budget.Budgets;
import dev.modelgate.workspace.Workspace;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The budget check of an API call, before anything reaches AWS: a spent budget is thrown
 * ({@link dev.modelgate.budget.BudgetExceededException}, answered 429 {@code budget-exceeded}); each budget whose soft
 * threshold is reached is named in the answer's {@value #HEADER} header, one entry per budget, joined by
 * {@code ", "}: {@code <id>; scope=KEY; unit=TOKENS; period=DAY; spent=812; softLimit=800; limit=1000;
 * resetsAt=2026-12-09T00:00:00Z}; amounts in the unit's terms, as in the budget's view ({@code unit=USD; spent=20.5;
 * softLimit=20; limit=25}).
 */
final class BudgetWarnings {

    /** The header naming the budgets whose soft threshold is reached. */
    static final String HEADER = "Modelgate-Budget-Warning";

    private BudgetWarnings() {
    }

    /**
     * Checks the workspace's and {@code caller}'s budgets (a model's own are checked as each link of the call is
     * tried: {@link BudgetLinkCheck}); adds {@value #HEADER} to {@code response} when warned.
     */
    static void check(Budgets budgets, Workspace workspace, Caller caller, HttpServletResponse response) {
        warn(budgets.check(workspace.id(), caller, null), response);
    }

    /** Adds {@value #HEADER} naming {@code warnings}, if any, to a response not yet committed. */
    static void warn(List<BudgetStatus> warnings, HttpServletResponse response) {
        if (!warnings.isEmpty() && !response.isCommitted()) {
            response.addHeader(HEADER, warnings.stream().map(BudgetWarnings::entry)
                    .collect(Collectors.joining(", ")));
        }
    }

    static String entry(BudgetStatus status) {
        return status.budget().id() + "; scope=" + status.budget().scope() + "; unit=" + status.budget().unit()
                + "; period=" + status.budget().period() + "; spent=" + status.budget().unit().format(status.spent())
                + "; softLimit=" + status.budget().unit().format(status.budget().softLimit()) + "; limit="
                + status.budget().unit().format(status.budget().limit()) + "; resetsAt="
                + status.resetsAt();
    }
}
