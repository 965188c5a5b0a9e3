package dev.modelgate.budget;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storage of budgets over plain SQL (H2 and PostgreSQL), every statement scoped to a workspace, and their spending
 * read from the daily usage rollups ({@code usage_daily}, whose key starts with workspace and day).
 */
public final class BudgetRepository {

    private static final String COLUMNS = "id, workspace_id, scope, target_id, unit, period, hard_limit, soft_limit, "
            + "created_at, created_by, updated_at, updated_by";

    private final JdbcClient jdbc;

    public BudgetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Budget budget) {
        jdbc.sql("INSERT INTO budgets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(budget.id(), budget.workspaceId(), budget.scope().name(), budget.targetId(),
                        budget.unit().name(), budget.period().name(), budget.limit(), budget.softLimit(),
                        Timestamp.from(budget.createdAt()), budget.createdBy(), Timestamp.from(budget.updatedAt()),
                        budget.updatedBy())
                .update();
    }

    /** Replaces what a budget counts and its limits; a new threshold may warn again this period. */
    public boolean update(Budget budget) {
        return jdbc.sql("UPDATE budgets SET scope = ?, target_id = ?, unit = ?, period = ?, hard_limit = ?, "
                        + "soft_limit = ?, warned_period = NULL, updated_at = ?, updated_by = ? "
                        + "WHERE workspace_id = ? AND id = ?")
                .params(budget.scope().name(), budget.targetId(), budget.unit().name(), budget.period().name(),
                        budget.limit(), budget.softLimit(), Timestamp.from(budget.updatedAt()), budget.updatedBy(),
                        budget.workspaceId(), budget.id())
                .update() == 1;
    }

    public boolean delete(String workspaceId, String id) {
        return jdbc.sql("DELETE FROM budgets WHERE workspace_id = ? AND id = ?").params(workspaceId, id).update() == 1;
    }

    public Optional<Budget> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM budgets WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(BudgetRepository::budget).optional();
    }

    /** The workspace's budgets, oldest first. */
    public List<Budget> list(String workspaceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM budgets WHERE workspace_id = ? ORDER BY created_at, id")
                .param(workspaceId).query(BudgetRepository::budget).list();
    }

    public long count(String workspaceId) {
        return jdbc.sql("SELECT COUNT(*) FROM budgets WHERE workspace_id = ?").param(workspaceId).query(Long.class)
                .single();
    }

    /** What {@code budget} counts, spent on the UTC days from {@code from} up to (not including) {@code to}. */
    public long spent(Budget budget, LocalDate from, LocalDate to) {
        String where = switch (budget.scope()) {
            case WORKSPACE -> "";
            case KEY -> " AND caller_kind = 'KEY' AND caller_id = ?";
            case MODEL -> " AND model_id = ?";
        };
        var statement = jdbc.sql("SELECT COALESCE(SUM(" + budget.unit().sum() + "), 0) FROM usage_daily "
                        + "WHERE workspace_id = ? AND utc_day >= ? AND utc_day < ?" + where)
                .params(budget.workspaceId(), from.toEpochDay(), to.toEpochDay());
        if (budget.scope() != BudgetScope.WORKSPACE) {
            statement = statement.param(budget.targetId());
        }
        return statement.query(Long.class).single();
    }

    /**
     * Marks the soft threshold of the period starting {@code periodStart} as reported, unless it already is: of
     * instances racing to report it, exactly one gets true.
     */
    public boolean markWarned(String workspaceId, String id, LocalDate periodStart) {
        return jdbc.sql("UPDATE budgets SET warned_period = ? WHERE workspace_id = ? AND id = ? "
                        + "AND (warned_period IS NULL OR warned_period <> ?)")
                .params(periodStart.toEpochDay(), workspaceId, id, periodStart.toEpochDay()).update() == 1;
    }

    /** Whether the workspace has an API key of that id. */
    public boolean keyExists(String workspaceId, String keyId) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE workspace_id = ? AND id = ?").params(workspaceId, keyId)
                .query(Long.class).single() > 0;
    }

    /** Whether the workspace has a model of that id. */
    public boolean modelExists(String workspaceId, String modelId) {
        return jdbc.sql("SELECT COUNT(*) FROM external_models WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, modelId).query(Long.class).single() > 0;
    }

    private static Budget budget(ResultSet rs, int row) throws SQLException {
        return new Budget(rs.getString("id"), rs.getString("workspace_id"), BudgetScope.valueOf(rs.getString("scope")),
                rs.getString("target_id"), BudgetUnit.valueOf(rs.getString("unit")),
                BudgetPeriod.valueOf(rs.getString("period")), rs.getLong("hard_limit"),
                rs.getObject("soft_limit", Long.class), rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"), rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by"));
    }
}
