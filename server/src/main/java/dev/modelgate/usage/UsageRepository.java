package dev.modelgate.usage;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.time.temporal.ChronoUnit.MICROS;

/**
 * Usage records over plain SQL that runs on H2 and PostgreSQL alike. Days are UTC days whatever the database
 * session's time zone: they are computed from the epoch second, not by casting a timestamp to a date.
 */
public final class UsageRepository {

    private static final String COLUMNS = "id, workspace_id, model_id, model_name, kind, outcome, input_tokens, "
            + "output_tokens, token_source, latency_ms, request_id, occurred_at, cache_read_tokens, cache_write_tokens, "
            + "revision, caller_kind, caller_id, caller_name";

    private static final String UTC_DAY = "CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 86400) AS BIGINT)";

    private static final String PERCENTILE = "PERCENTILE_CONT(%s) WITHIN GROUP (ORDER BY latency_ms) "
            + "FILTER (WHERE outcome = '" + UsageRecord.OK + "')";

    /** Models by name; a saved model before drafts of the same name. */
    private static final Comparator<ModelUsage> MODEL_ORDER = Comparator.comparing(ModelUsage::modelName)
            .thenComparing(ModelUsage::modelId, Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * The most (model, UTC day) rows one report may hold (default): a year of 136 models each called every day. What
     * one report costs to build and send grows with its rows, and a workspace makes rows at will (a Test of a draft
     * under a new name is a new row), so the bound is on the rows, not on the range alone.
     */
    public static final int DEFAULT_MAX_REPORT_ROWS = 50_000;

    private final JdbcClient jdbc;
    private final int maxReportRows;

    /** With at most {@link #DEFAULT_MAX_REPORT_ROWS} rows a report. */
    public UsageRepository(JdbcClient jdbc) {
        this(jdbc, DEFAULT_MAX_REPORT_ROWS);
    }

    /** @param maxReportRows the most (model, UTC day) rows one report may hold; at least 1 */
    public UsageRepository(JdbcClient jdbc, int maxReportRows) {
        if (maxReportRows < 1) {
            throw new IllegalArgumentException("maxReportRows must be at least 1, got " + maxReportRows);
        }
        this.jdbc = jdbc;
        this.maxReportRows = maxReportRows;
    }

    /**
     * Stores {@code record}, its time truncated to microseconds.
     *
     * @throws org.springframework.dao.DuplicateKeyException when a record with its id is stored already
     * @throws org.springframework.dao.DataAccessException    when the database fails or refuses the row
     */
    public void insert(UsageRecord record) {
        jdbc.sql("INSERT INTO usage_records (" + COLUMNS + ") VALUES " + ROW).params(values(record)).update();
    }

    /** The most records {@link #insertAll} takes: 18 parameters each, far below any driver's limit. */
    public static final int MAX_INSERT_BATCH = 128;

    /**
     * Stores {@code records} with one multi-row {@code INSERT}: one statement, so all of them or none are stored (a
     * statement is atomic in H2 and PostgreSQL alike), and one commit for all.
     *
     * @throws IllegalArgumentException when there are none or more than {@link #MAX_INSERT_BATCH}
     * @throws org.springframework.dao.DataIntegrityViolationException when one of them is refused (a duplicate id, an
     *                                                                 unknown workspace): none is stored
     * @throws org.springframework.dao.DataAccessException             when the database fails
     */
    public void insertAll(List<UsageRecord> records) {
        if (records.isEmpty() || records.size() > MAX_INSERT_BATCH) {
            throw new IllegalArgumentException("insertAll takes 1 to " + MAX_INSERT_BATCH + " records, got "
                    + records.size());
        }
        StringBuilder sql = new StringBuilder(64 + COLUMNS.length() + records.size() * (ROW.length() + 2))
                .append("INSERT INTO usage_records (").append(COLUMNS).append(") VALUES ");
        List<Object> params = new ArrayList<>(records.size() * 18);
        for (int i = 0; i < records.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
            params.addAll(Arrays.asList(values(records.get(i))));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A record's column values in the order of {@link #COLUMNS}, its time truncated to microseconds. */
    private static Object[] values(UsageRecord record) {
        UsageCaller caller = record.caller();
        return new Object[] {record.id(), record.workspaceId(), record.modelId(), record.modelName(),
                record.kind().name(), record.outcome(), record.inputTokens(), record.outputTokens(),
                record.tokenSource().name(), record.latencyMillis(), record.requestId(),
                utc(record.occurredAt().truncatedTo(MICROS)), record.cacheReadTokens(), record.cacheWriteTokens(),
                record.revision(), caller == null ? null : caller.kind().name(), caller == null ? null : caller.id(),
                caller == null ? null : caller.name()};
    }

    public Optional<UsageRecord> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM usage_records WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id)
                .query(UsageRepository::record)
                .optional();
    }

    /**
     * Totals, each model's usage and latency, and each UTC day's, of the records {@code query} selects.
     *
     * @throws InvalidInputException field {@code from}, rule {@code too-many-rows}, when the report would hold more
     *                               than its most (model, UTC day) rows: narrow the range or pick one model
     */
    public UsageReport report(UsageQuery query) {
        Map<String, String> names = latestNames(query);
        // By day first, and no further than one row past the bound: a report too large costs no more than that.
        List<Group> daily = groups(query, true, names);
        if (daily.size() > maxReportRows) {
            throw new InvalidInputException(List.of(Violation.of("from", "too-many-rows", "a usage report holds at "
                    + "most " + maxReportRows + " rows of one model on one day, and from " + query.from() + " to "
                    + query.to() + " holds more; narrow from and to, or pick one model")));
        }
        List<Group> groups = groups(query, false, names);
        List<ModelUsage> models = groups.stream().map(Group::usage).sorted(MODEL_ORDER).toList();
        UsageTotals totals = models.stream().map(ModelUsage::totals).reduce(UsageTotals.NONE, UsageTotals::plus);

        Map<LocalDate, List<ModelUsage>> byDay = new TreeMap<>();
        for (Group group : daily) {
            byDay.computeIfAbsent(group.day(), day -> new ArrayList<>()).add(group.usage());
        }
        List<DayUsage> days = byDay.entrySet().stream()
                .map(day -> new DayUsage(day.getKey(),
                        day.getValue().stream().map(ModelUsage::totals).reduce(UsageTotals.NONE, UsageTotals::plus),
                        day.getValue().stream().sorted(MODEL_ORDER).toList()))
                .toList();
        return new UsageReport(query, totals, models, days, callers(query));
    }

    /** One aggregated row: a model's (or an unsaved draft's) usage, on one day when grouped by day. */
    private record Group(LocalDate day, ModelUsage usage) {
    }

    /**
     * Records grouped by model (a saved model by id, a draft by name) and, when {@code byDay}, by UTC day; percentiles
     * in the same pass.
     */
    private List<Group> groups(UsageQuery query, boolean byDay, Map<String, String> names) {
        String day = byDay ? "utc_day, " : "";
        String sql = "SELECT " + day + "model_id, draft_name, COUNT(*) AS calls, "
                + "SUM(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 1 ELSE 0 END) AS succeeded, "
                + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
                + "COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, "
                + "COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, "
                + "SUM(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END) AS unknown_tokens, "
                + PERCENTILE.formatted("0.5") + " AS p50, " + PERCENTILE.formatted("0.9") + " AS p90, "
                + PERCENTILE.formatted("0.99") + " AS p99 "
                + "FROM (SELECT " + (byDay ? UTC_DAY + " AS utc_day, " : "")
                + "model_id, CASE WHEN model_id IS NULL THEN model_name END AS draft_name, outcome, input_tokens, "
                + "output_tokens, cache_read_tokens, cache_write_tokens, latency_ms FROM usage_records WHERE " + filter(query) + ") selected "
                + "GROUP BY " + day + "model_id, draft_name" + (byDay ? " FETCH FIRST " + (maxReportRows + 1)
                + " ROWS ONLY" : "");
        return jdbc.sql(sql).params(params(query)).query((rs, row) -> {
            String modelId = rs.getString("model_id");
            String name = modelId == null ? rs.getString("draft_name") : names.get(modelId);
            UsageTotals totals = new UsageTotals(rs.getLong("calls"), rs.getLong("succeeded"),
                    rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("unknown_tokens"),
                    rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"));
            ModelUsage usage = new ModelUsage(modelId, name, totals, percentiles(rs));
            return new Group(byDay ? LocalDate.ofEpochDay(rs.getLong("utc_day")) : null, usage);
        }).list();
    }

    /** Each saved model's name at its latest call in the range: a renamed model is listed once, as it is now called. */
    private Map<String, String> latestNames(UsageQuery query) {
        Map<String, String> names = new HashMap<>();
        Map<String, Instant> latest = new HashMap<>();
        jdbc.sql("SELECT model_id, model_name, MAX(occurred_at) AS latest FROM usage_records WHERE " + filter(query)
                        + " AND model_id IS NOT NULL GROUP BY model_id, model_name")
                .params(params(query))
                .query((ResultSet rs) -> {
                    String id = rs.getString("model_id");
                    String name = rs.getString("model_name");
                    Instant at = rs.getObject("latest", OffsetDateTime.class).toInstant();
                    Instant before = latest.get(id);
                    // Two names at the very same instant: the larger wins, so that the answer does not vary.
                    if (before == null || at.isAfter(before) || at.equals(before) && name.compareTo(names.get(id)) > 0) {
                        latest.put(id, at);
                        names.put(id, name);
                    }
                });
        return names;
    }

    private static String filter(UsageQuery query) {
        return "workspace_id = :workspaceId AND occurred_at >= :from AND occurred_at < :to"
                + (query.modelId() == null ? "" : " AND model_id = :modelId")
                + (query.kind() == null ? "" : " AND kind = :kind")
                + (query.revision() == null ? "" : " AND revision = :revision");
    }

    private static Map<String, Object> params(UsageQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspaceId", query.workspaceId());
        params.put("from", utc(ceilingMicros(query.from())));
        params.put("to", utc(ceilingMicros(query.to())));
        if (query.modelId() != null) {
            params.put("modelId", query.modelId());
        }
        if (query.kind() != null) {
            params.put("kind", query.kind().name());
        }
        if (query.revision() != null) {
            params.put("revision", query.revision());
        }
        return params;
    }

    private static LatencyPercentiles percentiles(ResultSet rs) throws SQLException {
        double p50 = rs.getDouble("p50");
        if (rs.wasNull()) {
            return null;
        }
        return new LatencyPercentiles(tenths(p50), tenths(rs.getDouble("p90")), tenths(rs.getDouble("p99")));
    }

    private static double tenths(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    /**
     * Both databases keep microseconds, and a record's time is stored truncated to them: a bound with a finer part
     * is moved up to the next microsecond, so that a record counts exactly when its stored time is in
     * {@code [from, to)}.
     */
    private static Instant ceilingMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(MICROS);
        return truncated.equals(instant) ? truncated : truncated.plus(1, MICROS);
    }

    /** As an offset date-time in UTC, which both drivers store as the same instant whatever the JVM's time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static UsageRecord record(ResultSet rs, int row) throws SQLException {
        return new UsageRecord(rs.getString("id"), rs.getString("workspace_id"), rs.getString("model_id"),
                rs.getString("model_name"), UsageKind.valueOf(rs.getString("kind")), rs.getString("outcome"),
                nullableLong(rs, "input_tokens"), nullableLong(rs, "output_tokens"),
                TokenSource.valueOf(rs.getString("token_source")), rs.getLong("latency_ms"), rs.getString("request_id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), nullableLong(rs, "cache_read_tokens"),
                nullableLong(rs, "cache_write_tokens"), nullableLong(rs, "revision"), caller(rs));
    }

    private static UsageCaller caller(ResultSet rs) throws SQLException {
        String kind = rs.getString("caller_kind");
        return kind == null ? null
                : new UsageCaller(UsageCaller.Kind.valueOf(kind), rs.getString("caller_id"), rs.getString("caller_name"));
    }

    /**
     * The calls {@code query} selects, newest first (ties by id, descending): at most {@code limit} after skipping
     * {@code offset}. Records only, never a prompt or an answer: none is stored.
     */
    public List<UsageRecord> calls(UsageQuery query, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be at least 1 and offset not negative, got " + limit
                    + " and " + offset);
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM usage_records WHERE " + filter(query)
                        + " ORDER BY occurred_at DESC, id DESC OFFSET " + offset + " ROWS FETCH NEXT " + limit
                        + " ROWS ONLY")
                .params(params(query))
                .query(UsageRepository::record)
                .list();
    }

    /** Each caller's totals over the records {@code query} selects; records naming no caller are one entry, last. */
    private List<UsageReport.CallerUsage> callers(UsageQuery query) {
        String sql = "SELECT caller_kind, caller_id, MAX(caller_name) AS caller_name, COUNT(*) AS calls, "
                + "SUM(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 1 ELSE 0 END) AS succeeded, "
                + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
                + "COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, "
                + "COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, "
                + "SUM(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END) AS unknown_tokens "
                + "FROM usage_records WHERE " + filter(query) + " GROUP BY caller_kind, caller_id";
        return jdbc.sql(sql).params(params(query)).query((rs, row) -> new UsageReport.CallerUsage(caller(rs),
                new UsageTotals(rs.getLong("calls"), rs.getLong("succeeded"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"), rs.getLong("unknown_tokens"), rs.getLong("cache_read_tokens"),
                        rs.getLong("cache_write_tokens"))))
                .list().stream()
                .sorted(Comparator.comparing((UsageReport.CallerUsage c) -> c.caller() == null ? 1 : 0)
                        .thenComparing(c -> c.caller() == null ? "" : c.caller().name())
                        .thenComparing(c -> c.caller() == null ? "" : c.caller().id()))
                .toList();
    }

    /**
     * Each of {@code revisions}' usage by agents (invokes and chat completions, not Tests), all the time recorded, in
     * one grouped query over the workspace's saved model {@code modelId}. A revision nobody called is absent.
     */
    public Map<Long, RevisionUsage> byRevision(String workspaceId, String modelId, Collection<Long> revisions) {
        if (revisions.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT revision, COUNT(*) AS calls, "
                + "SUM(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 0 ELSE 1 END) AS failed, "
                + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
                + "MAX(occurred_at) AS last_call_at FROM usage_records "
                + "WHERE workspace_id = :workspaceId AND model_id = :modelId AND revision IN (:revisions) "
                + "AND kind <> '" + UsageKind.TEST.name() + "' GROUP BY revision";
        Map<Long, RevisionUsage> usage = new HashMap<>();
        jdbc.sql(sql).param("workspaceId", workspaceId).param("modelId", modelId).param("revisions", revisions)
                .query((ResultSet rs) -> {
                    usage.put(rs.getLong("revision"), new RevisionUsage(rs.getLong("calls"), rs.getLong("failed"),
                            rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                            rs.getObject("last_call_at", OffsetDateTime.class).toInstant()));
                });
        return usage;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
