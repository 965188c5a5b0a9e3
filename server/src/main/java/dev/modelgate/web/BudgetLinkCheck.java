package dev.modelgate.web;

import dev.modelgate.budget.BudgetExceededException;
import dev.modelgate.budget.Budgets;
import dev.modelgate.invoke.Router;
import dev.modelgate.model.StoredModel;
import dev.modelgate.workspace.Workspace;
import java.util.Objects;
import java.util.Optional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A model's own budgets, checked before each link of a routed call is tried: a link whose MODEL budget is spent is
 * skipped as {@value #OVER_BUDGET} (its fallback, if any, is tried; with none left the answer is its 429
 * {@code budget-exceeded}); one past its soft threshold adds its {@value BudgetWarnings#HEADER} entry to the answer.
 */
public final class BudgetLinkCheck implements Router.LinkCheck {

    /** The reason a link over its budget was skipped, and the next link's route reason. */
    public static final String OVER_BUDGET = "OVER_BUDGET";

    private final Budgets budgets;

    public BudgetLinkCheck(Budgets budgets) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
    }

    @Override
    public Optional<Router.Skip> check(Workspace workspace, StoredModel link) {
        try {
            var warnings = budgets.checkModel(workspace.id(), link.id());
            if (!warnings.isEmpty()
                    && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                    && request.getResponse() != null) {
                BudgetWarnings.warn(warnings, request.getResponse());
            }
            return Optional.empty();
        } catch (BudgetExceededException e) {
            return Optional.of(new Router.Skip(OVER_BUDGET, e));
        }
    }
}
