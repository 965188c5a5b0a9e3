package dev.modelgate.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * A budget as stored.
 *
 * @param targetId  the key's id for {@link BudgetScope#KEY}, the model's id for {@link BudgetScope#MODEL}, {@code ""}
 *                  for {@link BudgetScope#WORKSPACE}
 * @param limit     the hard limit: calls are refused once the period's spending reaches it, in the unit's base units
 *                  (tokens, nano-USD): 1 to {@link BudgetUnit#maxLimit()}
 * @param softLimit the soft threshold, below {@code limit}: answers carry a warning once spending reaches it; null
 *                  for none
 */
public record Budget(String id, String workspaceId, BudgetScope scope, String targetId, BudgetUnit unit,
                     BudgetPeriod period, long limit, Long softLimit, Instant createdAt, String createdBy,
                     Instant updatedAt, String updatedBy) {

    public Budget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        if ((scope == BudgetScope.WORKSPACE) != targetId.isEmpty()) {
            throw new IllegalArgumentException("a workspace budget has no target and a key or model budget has one, "
                    + "got " + scope + " with target \"" + targetId + "\"");
        }
        if (limit < 1 || limit > unit.maxLimit()) {
            throw new IllegalArgumentException("a budget's limit must be 1 to " + unit.maxLimit() + ", got " + limit);
        }
        if (softLimit != null && (softLimit < 1 || softLimit >= limit)) {
            throw new IllegalArgumentException("a budget's softLimit must be 1 to limit - 1, got " + softLimit
                    + " with limit " + limit);
        }
    }

    /** Whether a call by {@code keyId} (null: not a key) of the model {@code modelId} counts against this budget. */
    public boolean applies(String keyId, String modelId) {
        return switch (scope) {
            case WORKSPACE -> true;
            case KEY -> targetId.equals(keyId);
            case MODEL -> targetId.equals(modelId);
        };
    }

    /** The key's id for a KEY budget, else null. */
    public String keyId() {
        return scope == BudgetScope.KEY ? targetId : null;
    }

    /** The model's id for a MODEL budget, else null. */
    public String modelId() {
        return scope == BudgetScope.MODEL ? targetId : null;
    }
}
