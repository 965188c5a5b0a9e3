package dev.modelgate.workspace;

import dev.modelgate.usage.RollupRange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What platform operators see of workspaces: counts of models, keys, members and agents' calls, and one workspace's
 * overview. Counts for every workspace take one grouped query per kind, whatever the number of workspaces. Plain SQL
 * over the tables of several features (H2 and PostgreSQL alike), read only.
 */
public final class WorkspaceOverviews {

    /** How far back calls are counted. */
    public static final Duration CALL_WINDOW = Duration.ofDays(30);

    /** The most models, keys, members and registrations one overview lists. */
    public static final int MAX_ITEMS = 500;

    /** Agents' calls: invocations and chat completions, not the console's Tests. */
    private static final String AGENT_CALL = "kind <> 'TEST'";

    private static final String SUCCEEDED = "CASE WHEN outcome = 'OK' THEN 1 ELSE 0 END";

    private static final List<String> REGISTRATION_STATES = List.of("PENDING", "APPROVED", "REJECTED", "REVOKED");

    private final JdbcClient jdbc;
    private final Clock clock;

    public WorkspaceOverviews(JdbcClient jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every workspace's counts by workspace id; a workspace with nothing in it may be missing (its counts are NONE). */
    public Map<String, WorkspaceCounts> counts() {
        return countsOf(null);
    }

    /** One workspace's counts. */
    public WorkspaceCounts counts(String workspaceId) {
        return countsOf(Objects.requireNonNull(workspaceId, "workspaceId")).getOrDefault(workspaceId,
                WorkspaceCounts.NONE);
    }

    /** The workspace's counts, models, keys, members and registrations. */
    public WorkspaceOverview overview(Workspace workspace) {
        String id = workspace.id();
        Instant now = clock.instant();
        return new WorkspaceOverview(workspace, counts(id), models(id, now), keys(id, now), members(id),
                registrationStates(id), registrations(id));
    }

    /** Counts by workspace: of {@code workspaceId} only, or of all when it is null. */
    private Map<String, WorkspaceCounts> countsOf(String workspaceId) {
        Instant now = clock.instant();
        Map<String, Counter> counters = new HashMap<>();
        String where = workspaceId == null ? "" : " AND workspace_id = :workspace";
        Map<String, Object> params = new HashMap<>();
        if (workspaceId != null) {
            params.put("workspace", workspaceId);
        }
        params.put("now", utc(now));

        group("SELECT workspace_id, COUNT(*) AS n, SUM(CASE WHEN live_revision IS NOT NULL THEN 1 ELSE 0 END) AS m "
                + "FROM external_models" + (workspaceId == null ? "" : " WHERE workspace_id = :workspace")
                + " GROUP BY workspace_id", params, counters, (rs, c) -> {
                    c.models = rs.getLong("n");
                    c.liveModels = rs.getLong("m");
                });
        group("SELECT workspace_id, COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL "
                + "AND (expires_at IS NULL OR expires_at > :now)" + where + " GROUP BY workspace_id", params, counters,
                (rs, c) -> c.activeKeys = rs.getLong("n"));
        group("SELECT workspace_id, COUNT(*) AS n FROM accounts WHERE workspace_id IS NOT NULL" + where
                + " GROUP BY workspace_id", params, counters, (rs, c) -> c.members = rs.getLong("n"));
        RollupRange window = RollupRange.of(now.minus(CALL_WINDOW), now, now);
        window.bind(params);
        group("SELECT workspace_id, SUM(calls) AS n, SUM(calls - succeeded) AS m FROM ("
                + window.union("SELECT workspace_id, calls, succeeded FROM usage_daily WHERE " + AGENT_CALL + where,
                        "SELECT workspace_id, 1 AS calls, " + SUCCEEDED + " AS succeeded FROM usage_records WHERE "
                                + AGENT_CALL + where)
                + ") calls GROUP BY workspace_id", params, counters, (rs, c) -> {
                    c.calls = rs.getLong("n");
                    c.failedCalls = rs.getLong("m");
                });
        group("SELECT workspace_id, MAX(last_at) AS latest FROM usage_daily WHERE " + AGENT_CALL + where
                + " GROUP BY workspace_id", params, counters, (rs, c) -> c.lastCallAt = instant(rs, "latest"));

        Map<String, WorkspaceCounts> counts = new HashMap<>();
        counters.forEach((id, c) -> counts.put(id, c.counts()));
        return counts;
    }

    private interface RowReader {
        void read(ResultSet rs, Counter counter) throws SQLException;
    }

    private void group(String sql, Map<String, Object> params, Map<String, Counter> counters, RowReader reader) {
        jdbc.sql(sql).params(params).query((ResultSet rs) -> {
            reader.read(rs, counters.computeIfAbsent(rs.getString("workspace_id"), id -> new Counter()));
        });
    }

    private static final class Counter {
        long models;
        long liveModels;
        long activeKeys;
        long members;
        long calls;
        long failedCalls;
        Instant lastCallAt;

        WorkspaceCounts counts() {
            return new WorkspaceCounts(models, liveModels, activeKeys, members, calls, failedCalls, lastCallAt);
        }
    }

    private List<WorkspaceOverview.Model> models(String workspaceId, Instant now) {
        record Usage(long calls, long failed, long input, long output, long cost, long unpriced) {
        }
        Map<String, Usage> usage = new HashMap<>();
        RollupRange window = RollupRange.of(now.minus(CALL_WINDOW), now, now);
        Map<String, Object> params = new HashMap<>();
        params.put("workspace", workspaceId);
        window.bind(params);
        String agentCalls = " WHERE workspace_id = :workspace AND " + AGENT_CALL;
        jdbc.sql("SELECT model_id, SUM(calls) AS n, SUM(calls - succeeded) AS m, SUM(input_tokens) AS i, "
                        + "SUM(output_tokens) AS o, SUM(cost_nanos) AS c, SUM(unpriced_calls) AS u FROM ("
                        + window.union("SELECT model_id, calls, succeeded, input_tokens, output_tokens, cost_nanos, "
                                        + "unpriced_calls FROM usage_daily" + agentCalls + " AND model_id <> ''",
                                "SELECT model_id, 1 AS calls, " + SUCCEEDED + " AS succeeded, "
                                        + "COALESCE(input_tokens, 0) AS input_tokens, "
                                        + "COALESCE(output_tokens, 0) AS output_tokens, "
                                        + "COALESCE(cost_nanos, 0) AS cost_nanos, "
                                        + "CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END AS unpriced_calls "
                                        + "FROM usage_records" + agentCalls + " AND model_id IS NOT NULL")
                        + ") calls GROUP BY model_id")
                .params(params)
                .query((ResultSet rs) -> {
                    usage.put(rs.getString("model_id"), new Usage(rs.getLong("n"), rs.getLong("m"), rs.getLong("i"),
                            rs.getLong("o"), rs.getLong("c"), rs.getLong("u")));
                });
        Usage none = new Usage(0, 0, 0, 0, 0, 0);
        return jdbc.sql("SELECT id, name, status, revision, live_revision, inference_enabled, updated_at "
                        + "FROM external_models WHERE workspace_id = ? ORDER BY name, id FETCH FIRST " + MAX_ITEMS
                        + " ROWS ONLY")
                .param(workspaceId)
                .query((rs, row) -> {
                    String id = rs.getString("id");
                    Usage u = usage.getOrDefault(id, none);
                    long live = rs.getLong("live_revision");
                    Long liveRevision = rs.wasNull() ? null : live;
                    return new WorkspaceOverview.Model(id, rs.getString("name"), rs.getString("status"),
                            rs.getLong("revision"), liveRevision, rs.getBoolean("inference_enabled"),
                            timestamp(rs, "updated_at"), u.calls(), u.failed(), u.input(), u.output(),
                            java.math.BigDecimal.valueOf(u.cost(), 9).toPlainString(), u.unpriced());
                }).list();
    }

    private List<WorkspaceOverview.Key> keys(String workspaceId, Instant now) {
        Map<String, Instant> lastUsed = new HashMap<>();
        jdbc.sql("SELECT caller_id, MAX(last_at) AS latest FROM usage_daily WHERE workspace_id = ? "
                        + "AND caller_kind = 'KEY' GROUP BY caller_id")
                .param(workspaceId)
                .query((ResultSet rs) -> {
                    lastUsed.put(rs.getString("caller_id"), instant(rs, "latest"));
                });
        return jdbc.sql("SELECT id, name, prefix, role, created_at, created_by, expires_at, revoked_at FROM api_keys "
                        + "WHERE workspace_id = ? ORDER BY name, id FETCH FIRST " + MAX_ITEMS + " ROWS ONLY")
                .param(workspaceId)
                .query((rs, row) -> {
                    Instant expires = timestamp(rs, "expires_at");
                    String state = rs.getTimestamp("revoked_at") != null ? "REVOKED"
                            : expires != null && !now.isBefore(expires) ? "EXPIRED" : "ACTIVE";
                    String id = rs.getString("id");
                    return new WorkspaceOverview.Key(id, rs.getString("name"), rs.getString("prefix"),
                            rs.getString("role"), state, timestamp(rs, "created_at"), rs.getString("created_by"),
                            lastUsed.get(id));
                }).list();
    }

    private List<WorkspaceOverview.Member> members(String workspaceId) {
        return jdbc.sql("SELECT id, username, role, created_at FROM accounts WHERE workspace_id = ? "
                        + "ORDER BY username FETCH FIRST " + MAX_ITEMS + " ROWS ONLY")
                .param(workspaceId)
                .query((rs, row) -> new WorkspaceOverview.Member(rs.getString("id"), rs.getString("username"),
                        rs.getString("role"), timestamp(rs, "created_at")))
                .list();
    }

    private Map<String, Long> registrationStates(String workspaceId) {
        Map<String, Long> found = new HashMap<>();
        jdbc.sql("SELECT state, COUNT(*) AS n FROM role_registrations WHERE workspace_id = ? GROUP BY state")
                .param(workspaceId)
                .query((ResultSet rs) -> {
                    found.put(rs.getString("state"), rs.getLong("n"));
                });
        Map<String, Long> ordered = new LinkedHashMap<>();
        REGISTRATION_STATES.stream().filter(found::containsKey).forEach(s -> ordered.put(s, found.get(s)));
        return ordered;
    }

    private List<WorkspaceOverview.Registration> registrations(String workspaceId) {
        return jdbc.sql("SELECT id, role_arn, state, requested_at, decided_at FROM role_registrations "
                        + "WHERE workspace_id = ? ORDER BY requested_at DESC, id FETCH FIRST " + MAX_ITEMS
                        + " ROWS ONLY")
                .param(workspaceId)
                .query((rs, row) -> new WorkspaceOverview.Registration(rs.getString("id"), rs.getString("role_arn"),
                        rs.getString("state"), timestamp(rs, "requested_at"), timestamp(rs, "decided_at")))
                .list();
    }

    private static Instant timestamp(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** As an offset date-time in UTC, which both drivers store as the same instant whatever the JVM's time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
