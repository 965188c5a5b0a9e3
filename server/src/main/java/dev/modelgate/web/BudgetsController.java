package dev.modelgate.web;

import dev.modelgate.budget.BudgetStatus;
import dev.modelgate.budget.Budgets;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.util.RawValue;

/**
 * {@code /api/v1/budgets}: the workspace's budgets, each with what it has spent in its current period and when that
 * period ends. Developers read them; admins create, replace and delete them. Body of a create or replace:
 * {@code {"scope": "KEY", "keyId": "…", "unit": "TOKENS", "period": "DAY", "limit": 100000, "softLimit": 80000}}
 * ({@code keyId} for KEY, {@code modelId} for MODEL, neither for WORKSPACE; {@code softLimit} optional). Amounts
 * ({@code limit}, {@code softLimit}, {@code spent}) are JSON numbers in the unit's terms: whole tokens for TOKENS, US
 * dollars with at most 9 decimal places for USD ({@code "limit": 12.5}, {@code "spent": 0.00125}).
 */
@RestController
@RequestMapping(path = "/api/v1/budgets", produces = "application/json")
public class BudgetsController {

    /**
     * A budget now: {@code spent} in its current period, {@code resetsAt} when that period ends (00:00 UTC),
     * {@code warning} whether the soft threshold is reached, {@code exceeded} whether calls are refused. The
     * amounts are JSON numbers in the unit's terms, exact decimals ({@link dev.modelgate.budget.BudgetUnit#json}).
     */
    record BudgetView(String id, String scope, String keyId, String modelId, String unit, String period,
                      RawValue limit, RawValue softLimit, RawValue spent, Instant resetsAt, boolean warning,
                      boolean exceeded, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

        static BudgetView of(BudgetStatus status) {
            var b = status.budget();
            return new BudgetView(b.id(), b.scope().name(), b.keyId(), b.modelId(), b.unit().name(),
                    b.period().name(), b.unit().json(b.limit()),
                    b.softLimit() == null ? null : b.unit().json(b.softLimit()), b.unit().json(status.spent()),
                    status.resetsAt(), status.warning(), status.exceeded(), b.createdAt(), b.createdBy(),
                    b.updatedAt(), b.updatedBy());
        }
    }

    record BudgetList(List<BudgetView> budgets) {
    }

    private final Budgets budgets;
    private final WorkspaceContext workspaces;

    public BudgetsController(Budgets budgets, WorkspaceContext workspaces) {
        this.budgets = budgets;
        this.workspaces = workspaces;
    }

    @GetMapping
    BudgetList list() {
        return new BudgetList(budgets.list(workspaces.current().id()).stream().map(BudgetView::of).toList());
    }

    @GetMapping("/{id}")
    BudgetView get(@PathVariable String id) {
        return budgets.find(workspaces.current().id(), id).map(BudgetView::of)
                .orElseThrow(() -> new NotFoundException("budget", id));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<BudgetView> create(@RequestBody Budgets.Draft body) {
        BudgetView created = BudgetView.of(budgets.create(workspaces.current().id(), body, workspaces.actor()));
        return ResponseEntity.created(URI.create("/api/v1/budgets/" + created.id())).body(created);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    BudgetView replace(@PathVariable String id, @RequestBody Budgets.Draft body) {
        return budgets.update(workspaces.current().id(), id, body, workspaces.actor()).map(BudgetView::of)
                .orElseThrow(() -> new NotFoundException("budget", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!budgets.delete(workspaces.current().id(), id, workspaces.actor())) {
            throw new NotFoundException("budget", id);
        }
        return ResponseEntity.noContent().build();
    }
}
