package dev.modelgate.usage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.modelgate.validation.InvalidInputException;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

import static java.time.temporal.ChronoUnit.MICROS;

/**
 * Usage records over plain SQL that runs on H2 and PostgreSQL alike. Days are UTC days whatever the database
 * session's time zone: they are computed from the epoch second, not by casting a timestamp to a date.
 */
public final class UsageRepository {

    private static final String COLUMNS = "id, workspace_id, model_id, model_name, kind, outcome, input_tokens, "
            + "output_tokens, token_source, latency_ms, request_id, occurred_at, cache_read_tokens, cache_write_tokens, "
            + "revision, caller_kind, caller_id, caller_name, cost_nanos, pricing, price_ref, requested_model, "
            + "route_reason";

    /**
     * The most (model, UTC day) rows one report may hold (default): a year of 136 models each called every day. What
     * one report costs to build and send grows with its rows, and a workspace makes rows at will (a Test of a draft
     * under a new name is a new row), so the bound is on the rows, not on the range alone.
     */
    public static final int DEFAULT_MAX_REPORT_ROWS = 50_000;

    /**
     * H2 runs embedded, in one instance only: its writers take turns, as its {@code MERGE} is not safe against a
     * concurrent insert of the same rollup row (PostgreSQL's {@code ON CONFLICT} is).
     */
    private static final ReentrantLock H2_WRITES = new ReentrantLock();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    /** A report's queries read one snapshot: the rollups and the records they are added to agree. */
    private final TransactionTemplate reportTransactions;
    private final UsageRollups rollups;
    private final boolean h2;
    private final UsageReports reports;
    private final Clock clock;

    /** With at most {@link #DEFAULT_MAX_REPORT_ROWS} rows a report, on the system clock. */
    public UsageRepository(DataSource dataSource) {
        this(dataSource, DEFAULT_MAX_REPORT_ROWS, Clock.systemUTC());
    }

    /**
     * @param dataSource    an H2 or PostgreSQL database, migrated
     * @param maxReportRows the most (model, UTC day) rows one report may hold; at least 1
     * @param clock         what "now" is: a report reaching it reads the day in progress from the rollups
     */
    public UsageRepository(DataSource dataSource, int maxReportRows, Clock clock) {
        if (maxReportRows < 1) {
            throw new IllegalArgumentException("maxReportRows must be at least 1, got " + maxReportRows);
        }
        this.jdbc = JdbcClient.create(dataSource);
        JdbcTransactionManager transactionManager = new JdbcTransactionManager(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.reportTransactions = new TransactionTemplate(transactionManager);
        reportTransactions.setReadOnly(true);
        reportTransactions.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        UsageRollups.Dialect dialect = dialect(dataSource);
        this.rollups = new UsageRollups(jdbc, dialect);
        this.h2 = dialect == UsageRollups.Dialect.H2;
        this.reports = new UsageReports(jdbc, maxReportRows);
        this.clock = clock;
    }

    private static UsageRollups.Dialect dialect(DataSource dataSource) {
        String product;
        try {
            product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database usage records are kept in", e);
        }
        return switch (product) {
            case "H2" -> UsageRollups.Dialect.H2;
            case "PostgreSQL" -> UsageRollups.Dialect.POSTGRESQL;
            default -> throw new IllegalStateException("usage records are kept in H2 or PostgreSQL, not " + product);
        };
    }

    /**
     * Stores {@code records} by {@code insert} and counts them into the rollups, together or not at all (so a retried
     * write whose id is stored already adds nothing): on PostgreSQL in one statement (one round trip, one commit;
     * three statements in a transaction took twice as long per record, bench/README), on H2 in one transaction.
     */
    private void write(List<UsageRecord> records, String insert, List<Object> params) {
        if (!h2) {
            UsageRollups.Statement statement = rollups.withRollups(records, insert, params);
            jdbc.sql(statement.sql()).params(statement.params()).update();
            return;
        }
        H2_WRITES.lock();
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql(insert).params(params).update();
                rollups.add(records);
            });
        } finally {
            H2_WRITES.unlock();
        }
    }

    /**
     * Stores {@code record}, its time truncated to microseconds, and counts it into the daily rollups.
     *
     * @throws org.springframework.dao.DuplicateKeyException when a record with its id is stored already
     * @throws org.springframework.dao.DataAccessException    when the database fails or refuses the row
     */
    public void insert(UsageRecord record) {
        write(List.of(record), "INSERT INTO usage_records (" + COLUMNS + ") VALUES " + ROW,
                Arrays.asList(values(record)));
    }

    /** The most records {@link #insertAll} takes: 23 parameters each, far below any driver's limit. */
    public static final int MAX_INSERT_BATCH = 128;

    /**
     * Stores {@code records} with one multi-row {@code INSERT} and counts them into the daily rollups, in one
     * transaction: all of them or none are stored, with one commit for all.
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
        List<Object> params = new ArrayList<>(records.size() * 23);
        for (int i = 0; i < records.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
            params.addAll(Arrays.asList(values(records.get(i))));
        }
        write(records, sql.toString(), params);
    }

    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A record's column values in the order of {@link #COLUMNS}, its time truncated to microseconds. */
    private static Object[] values(UsageRecord record) {
        UsageCaller caller = record.caller();
        return new Object[] {record.id(), record.workspaceId(), record.modelId(), record.modelName(),
                record.kind().name(), record.outcome(), record.inputTokens(), record.outputTokens(),
                record.tokenSource().name(), record.latencyMillis(), record.requestId(),
                utc(record.occurredAt().truncatedTo(MICROS)), record.cacheReadTokens(), record.cacheWriteTokens(),
                record.revision(), caller == null ? null : caller.kind().name(), caller == null ? null : caller.id(),
                caller == null ? null : caller.name(), record.costNanos(),
                record.pricing() == null ? null : record.pricing().name(), record.priceRef(), record.requestedModel(),
                record.routeReason()};
    }

    public Optional<UsageRecord> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM usage_records WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id)
                .query(UsageRepository::record)
                .optional();
    }

    /**
     * Totals, each model's usage and latency, and each UTC day's, of the records {@code query} selects: the UTC days
     * the range covers whole read from the daily rollups, the rest from the records (see {@link RollupRange}).
     * Latency percentiles are those of {@link LatencyHistogram}'s buckets, within 1.6 % of the exact ones.
     *
     * @throws InvalidInputException field {@code from}, rule {@code too-many-rows}, when the report would hold more
     *                               than its most (model, UTC day) rows: narrow the range or pick one model
     */
    public UsageReport report(UsageQuery query) {
        return report(query, RollupRange.of(query.from(), query.to(), clock.instant()));
    }

    /**
     * {@link #report}, for a query whose {@code to} is the present (an API request without a {@code to}): every call
     * recorded by the time the report runs counts, those of the moments since {@code to} included, so that the day
     * in progress is read from its rollup rather than from its records.
     */
    public UsageReport reportUpToNow(UsageQuery query) {
        return report(query, RollupRange.of(query.from(), query.to(), query.to()));
    }

    private UsageReport report(UsageQuery query, RollupRange range) {
        return reportTransactions.execute(status -> {
            if (!h2) {
                // A report's few queries scan at most two partial days of records: compiling them (PostgreSQL's JIT,
                // on by default above a cost such a scan reaches on a large table) costs more than it saves, and
                // grouping in memory beats sorting on disk (4 MB by default). Measured in bench/README.
                jdbc.sql("SET LOCAL jit = off").update();
                jdbc.sql("SET LOCAL work_mem = '" + REPORT_WORK_MEM + "'").update();
            }
            return reports.report(query, range);
        });
    }

    /** The most rows one export holds: a year of 27 models, each called by 10 callers every day. */
    public static final int MAX_EXPORT_ROWS = 100_000;

    /**
     * The export of {@code query}'s calls: one row per UTC day, model name, kind and caller, at most
     * {@link #MAX_EXPORT_ROWS}; whole days from the rollups, the ends from the records, as {@link #report}.
     *
     * @param upToNow whether {@code to} is the present, as for {@link #reportUpToNow}
     * @throws InvalidInputException field {@code from}, rule {@code too-many-rows}, when there would be more rows
     */
    public List<UsageRow> export(UsageQuery query, boolean upToNow, int maxRows) {
        RollupRange range = RollupRange.of(query.from(), query.to(), upToNow ? query.to() : clock.instant());
        return reportTransactions.execute(status -> {
            if (!h2) {
                jdbc.sql("SET LOCAL jit = off").update();
                jdbc.sql("SET LOCAL work_mem = '" + REPORT_WORK_MEM + "'").update();
            }
            return reports.rows(query, range, maxRows);
        });
    }

    /**
     * The memory PostgreSQL may use for each grouping of a report's queries (its {@code work_mem}, set for the
     * report's transaction only): enough to group two days of a large tenant's calls in memory.
     */
    static final String REPORT_WORK_MEM = "16MB";

    /** The query's filter but for its range; the same on the records and on the rollups. */
    static String filter(UsageQuery query) {
        return "workspace_id = :workspaceId"
                + (query.modelId() == null ? "" : " AND model_id = :modelId")
                + (query.kind() == null ? "" : " AND kind = :kind")
                + (query.revision() == null ? "" : " AND revision = :revision");
    }

    /** The parameters of {@link #filter}. */
    static Map<String, Object> filterParams(UsageQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("workspaceId", query.workspaceId());
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

    /**
     * Both databases keep microseconds, and a record's time is stored truncated to them: a bound with a finer part
     * is moved up to the next microsecond, so that a record counts exactly when its stored time is in
     * {@code [from, to)}.
     */
    static Instant ceilingMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(MICROS);
        return truncated.equals(instant) ? truncated : truncated.plus(1, MICROS);
    }

    /** As an offset date-time in UTC, which both drivers store as the same instant whatever the JVM's time zone. */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static UsageRecord record(ResultSet rs, int row) throws SQLException {
        return new UsageRecord(rs.getString("id"), rs.getString("workspace_id"), rs.getString("model_id"),
                rs.getString("model_name"), UsageKind.valueOf(rs.getString("kind")), rs.getString("outcome"),
                nullableLong(rs, "input_tokens"), nullableLong(rs, "output_tokens"),
                TokenSource.valueOf(rs.getString("token_source")), rs.getLong("latency_ms"), rs.getString("request_id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), nullableLong(rs, "cache_read_tokens"),
                nullableLong(rs, "cache_write_tokens"), nullableLong(rs, "revision"), caller(rs),
                nullableLong(rs, "cost_nanos"),
                rs.getString("pricing") == null ? null : PricingMode.valueOf(rs.getString("pricing")),
                rs.getString("price_ref"), rs.getString("requested_model"), rs.getString("route_reason"));
    }

    /** The caller of a row with columns {@code caller_kind}, {@code caller_id} and {@code caller_name}. */
    static UsageCaller caller(ResultSet rs) throws SQLException {
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
        Map<String, Object> params = filterParams(query);
        params.put("from", utc(ceilingMicros(query.from())));
        params.put("to", utc(ceilingMicros(query.to())));
        return jdbc.sql("SELECT " + COLUMNS + " FROM usage_records WHERE " + filter(query)
                        + " AND occurred_at >= :from AND occurred_at < :to"
                        + " ORDER BY occurred_at DESC, id DESC OFFSET " + offset + " ROWS FETCH NEXT " + limit
                        + " ROWS ONLY")
                .params(params)
                .query(UsageRepository::record)
                .list();
    }

    /**
     * Each of {@code revisions}' usage by agents (invokes and chat completions, not Tests), all the time recorded, in
     * one grouped query over the daily rollups of the workspace's saved model {@code modelId}. A revision nobody
     * called is absent.
     */
    public Map<Long, RevisionUsage> byRevision(String workspaceId, String modelId, Collection<Long> revisions) {
        if (revisions.isEmpty()) {
            return Map.of();
        }
        String sql = "SELECT revision, SUM(calls) AS calls, SUM(calls - succeeded) AS failed, "
                + "SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, "
                + "MAX(last_at) AS last_call_at FROM usage_daily "
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
