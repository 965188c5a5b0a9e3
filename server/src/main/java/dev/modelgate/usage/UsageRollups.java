package dev.modelgate.usage;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static java.time.temporal.ChronoUnit.MICROS;

/**
 * The daily rollups of usage records (tables {@code usage_daily} and {@code usage_daily_latency}, see migration
 * V22), counted with the records they count and stored together with them or not at all, so that the rollups always
 * equal the records: on PostgreSQL as part of the records' own statement ({@link #withRollups}), on H2 in their
 * transaction ({@link #add}). Concurrent writers, on this instance or others, add to the same rows safely:
 * PostgreSQL's {@code INSERT … ON CONFLICT DO UPDATE} adds to a row another transaction inserted meanwhile, and every
 * writer writes its rows in one order (their keys sorted), so two writers do not wait on each other's rows crosswise;
 * should PostgreSQL still find a deadlock, the statement it aborts stores nothing and the recorder writes its records
 * again. H2, which only ever has one instance, serializes its writers instead (see {@link UsageRepository}).
 */
public final class UsageRollups {

    /** The UTC day of {@code occurred_at}, as days since 1970-01-01, whatever the session's time zone. */
    static final String UTC_DAY = "CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 86400) AS BIGINT)";

    /** The SQL dialects whose upsert this writes. */
    enum Dialect { H2, POSTGRESQL }

    private static final String DAILY_KEY = "workspace_id, utc_day, model_id, model_name, kind, revision, caller_kind, "
            + "caller_id";
    /** The columns of {@code usage_daily} as migration V23 (which {@link #backfill} serves) knew them. */
    private static final String V23_DAILY_COLUMNS = DAILY_KEY + ", caller_name, calls, succeeded, input_tokens, "
            + "output_tokens, cache_read_tokens, cache_write_tokens, unknown_tokens, last_at";
    private static final String DAILY_COLUMNS = V23_DAILY_COLUMNS + ", cost_nanos, unpriced_calls";
    private static final String[] DAILY_TYPES = {"VARCHAR(36)", "BIGINT", "VARCHAR(36)", "VARCHAR(100)",
            "VARCHAR(16)", "BIGINT", "VARCHAR(10)", "VARCHAR(36)", "VARCHAR(200)", "BIGINT", "BIGINT", "BIGINT", "BIGINT",
            "BIGINT", "BIGINT", "BIGINT", "TIMESTAMP WITH TIME ZONE", "BIGINT", "BIGINT"};
    private static final String DAILY_SUMS = "calls, succeeded, input_tokens, output_tokens, cache_read_tokens, "
            + "cache_write_tokens, unknown_tokens, cost_nanos, unpriced_calls";

    private static final String LATENCY_KEY = "workspace_id, utc_day, model_id, model_name, kind, revision, bucket";
    private static final String LATENCY_COLUMNS = LATENCY_KEY + ", calls";
    private static final String[] LATENCY_TYPES = {"VARCHAR(36)", "BIGINT", "VARCHAR(36)", "VARCHAR(100)",
            "VARCHAR(16)", "BIGINT", "INTEGER", "BIGINT"};

    private final JdbcClient jdbc;
    private final Dialect dialect;

    UsageRollups(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** The rollup key of a record's counts; absent parts as stored: '' and 0. */
    private record DailyKey(String workspaceId, long day, String modelId, String modelName, String kind,
                            long revision, String callerKind, String callerId) {

        static final Comparator<DailyKey> ORDER = Comparator.comparing(DailyKey::workspaceId)
                .thenComparingLong(DailyKey::day).thenComparing(DailyKey::modelId).thenComparing(DailyKey::modelName)
                .thenComparing(DailyKey::kind).thenComparingLong(DailyKey::revision)
                .thenComparing(DailyKey::callerKind).thenComparing(DailyKey::callerId);

        static DailyKey of(UsageRecord record) {
            UsageCaller caller = record.caller();
            return new DailyKey(record.workspaceId(), UsageRollups.day(record), orEmpty(record.modelId()), record.modelName(),
                    record.kind().name(), record.revision() == null ? 0 : record.revision(),
                    caller == null ? "" : caller.kind().name(), caller == null ? "" : caller.id());
        }
    }

    /** A daily row's counts; the caller's name as at the latest call. */
    private static final class Daily {
        String callerName = "";
        long calls;
        long succeeded;
        long inputTokens;
        long outputTokens;
        long cacheReadTokens;
        long cacheWriteTokens;
        long unknownTokens;
        long costNanos;
        long unpricedCalls;
        Instant lastAt = Instant.MIN;

        void add(UsageRecord record) {
            calls++;
            succeeded += UsageRecord.OK.equals(record.outcome()) ? 1 : 0;
            inputTokens += orZero(record.inputTokens());
            outputTokens += orZero(record.outputTokens());
            cacheReadTokens += orZero(record.cacheReadTokens());
            cacheWriteTokens += orZero(record.cacheWriteTokens());
            unknownTokens += record.inputTokens() == null || record.outputTokens() == null ? 1 : 0;
            if (record.costNanos() == null) {
                unpricedCalls++;
            } else {
                costNanos = Math.addExact(costNanos, record.costNanos());
            }
            Instant at = record.occurredAt().truncatedTo(MICROS);
            if (!at.isBefore(lastAt)) {
                lastAt = at;
                callerName = record.caller() == null ? "" : record.caller().name();
            }
        }
    }

    private record LatencyKey(String workspaceId, long day, String modelId, String modelName, String kind,
                              long revision, int bucket) {

        static final Comparator<LatencyKey> ORDER = Comparator.comparing(LatencyKey::workspaceId)
                .thenComparingLong(LatencyKey::day).thenComparing(LatencyKey::modelId)
                .thenComparing(LatencyKey::modelName).thenComparing(LatencyKey::kind)
                .thenComparingLong(LatencyKey::revision).thenComparingInt(LatencyKey::bucket);
    }

    /** One SQL statement and its parameters. */
    record Statement(String sql, List<Object> params) {
    }

    /** Counts {@code records} into the rollups; run it in the transaction that stores them. */
    void add(List<UsageRecord> records) {
        for (Statement upsert : upserts(records)) {
            jdbc.sql(upsert.sql()).params(upsert.params()).update();
        }
    }

    /**
     * PostgreSQL: {@code insert}, the statement storing {@code records}, made to count them into the rollups too, as
     * one statement: the upserts become data-modifying {@code WITH} queries of it, so that the records and their
     * counts are stored together or not at all, in one round trip and one commit.
     */
    Statement withRollups(List<UsageRecord> records, String insert, List<Object> insertParams) {
        if (dialect != Dialect.POSTGRESQL) {
            throw new IllegalStateException("one statement for records and rollups needs PostgreSQL, not " + dialect);
        }
        StringBuilder sql = new StringBuilder("WITH ");
        List<Object> params = new ArrayList<>();
        List<Statement> upserts = upserts(records);
        for (int i = 0; i < upserts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("rollup").append(i).append(" AS (").append(upserts.get(i).sql())
                    .append(" RETURNING 1)");
            params.addAll(upserts.get(i).params());
        }
        params.addAll(insertParams);
        return new Statement(sql.append(' ').append(insert).toString(), params);
    }

    /** The upserts counting {@code records}: one into {@code usage_daily}, one into the latency buckets if any. */
    private List<Statement> upserts(List<UsageRecord> records) {
        Map<DailyKey, Daily> daily = new TreeMap<>(DailyKey.ORDER);
        Map<LatencyKey, long[]> latency = new TreeMap<>(LatencyKey.ORDER);
        for (UsageRecord record : records) {
            DailyKey key = DailyKey.of(record);
            daily.computeIfAbsent(key, k -> new Daily()).add(record);
            if (UsageRecord.OK.equals(record.outcome())) {
                latency.computeIfAbsent(new LatencyKey(key.workspaceId(), key.day(), key.modelId(), key.modelName(),
                        key.kind(), key.revision(), LatencyHistogram.bucket(record.latencyMillis())),
                        k -> new long[1])[0]++;
            }
        }
        List<Statement> upserts = new ArrayList<>(2);
        upserts.add(upsert("usage_daily", DAILY_COLUMNS, DAILY_TYPES, DAILY_KEY, List.of(DAILY_SUMS.split(", ")), daily.entrySet(), entry -> {
            DailyKey k = entry.getKey();
            Daily d = entry.getValue();
            return new Object[] {k.workspaceId(), k.day(), k.modelId(), k.modelName(), k.kind(), k.revision(),
                    k.callerKind(), k.callerId(), d.callerName, d.calls, d.succeeded, d.inputTokens, d.outputTokens,
                    d.cacheReadTokens, d.cacheWriteTokens, d.unknownTokens, OffsetDateTime.ofInstant(d.lastAt,
                    ZoneOffset.UTC), d.costNanos, d.unpricedCalls};
        }));
        if (!latency.isEmpty()) {
            upserts.add(upsert("usage_daily_latency", LATENCY_COLUMNS, LATENCY_TYPES, LATENCY_KEY, List.of("calls"),
                    latency.entrySet(), entry -> {
                        LatencyKey k = entry.getKey();
                        return new Object[] {k.workspaceId(), k.day(), k.modelId(), k.modelName(), k.kind(),
                                k.revision(), k.bucket(), entry.getValue()[0]};
                    }));
        }
        return upserts;
    }

    /**
     * One statement writing every row: inserted, or added to the row of the same key. {@code sums} are the columns
     * added up; {@code usage_daily}'s caller name and latest time are those of the later call.
     */
    private <E> Statement upsert(String table, String columns, String[] types, String key, List<String> sums,
                            Iterable<E> rows, Function<E, Object[]> values) {
        String[] names = columns.split(", ");
        List<Object> params = new ArrayList<>();
        StringBuilder tuples = new StringBuilder();
        for (E row : rows) {
            tuples.append(tuples.isEmpty() ? "(" : ", (");
            Object[] rowValues = values.apply(row);
            for (int i = 0; i < rowValues.length; i++) {
                tuples.append(i == 0 ? "" : ", ")
                        .append(dialect == Dialect.H2 ? "CAST(? AS " + types[i] + ")" : "?");
                params.add(rowValues[i]);
            }
            tuples.append(')');
        }
        String old = dialect == Dialect.H2 ? "t." : table + ".";
        String added = dialect == Dialect.H2 ? "s." : "EXCLUDED.";
        List<String> updates = new ArrayList<>();
        for (String sum : sums) {
            updates.add(sum + " = " + old + sum + " + " + added + sum);
        }
        if (table.equals("usage_daily")) {
            updates.add("caller_name = CASE WHEN " + added + "last_at >= " + old + "last_at THEN " + added
                    + "caller_name ELSE " + old + "caller_name END");
            updates.add("last_at = GREATEST(" + old + "last_at, " + added + "last_at)");
        }
        String sql;
        if (dialect == Dialect.POSTGRESQL) {
            sql = "INSERT INTO " + table + " (" + columns + ") VALUES " + tuples + " ON CONFLICT (" + key
                    + ") DO UPDATE SET " + String.join(", ", updates);
        } else {
            StringBuilder on = new StringBuilder();
            for (String column : key.split(", ")) {
                on.append(on.isEmpty() ? "" : " AND ").append("t.").append(column).append(" = s.").append(column);
            }
            StringBuilder inserted = new StringBuilder();
            for (String name : names) {
                inserted.append(inserted.isEmpty() ? "s." : ", s.").append(name);
            }
            sql = "MERGE INTO " + table + " t USING (VALUES " + tuples + ") s (" + columns + ") ON " + on
                    + " WHEN MATCHED THEN UPDATE SET " + String.join(", ", updates) + " WHEN NOT MATCHED THEN INSERT ("
                    + columns + ") VALUES (" + inserted + ")";
        }
        return new Statement(sql, params);
    }

    /**
     * Counts every record stored so far into the (empty) rollups, in two {@code INSERT … SELECT} statements: how
     * migration V23 fills them for the records written before they existed. A caller's name is the largest of its
     * names on that day (the records kept no order among them).
     */
    public static void backfill(JdbcClient jdbc) {
        backfill(jdbc, false);
    }

    /**
     * Counts every record stored so far into the (empty) rollups, costs included: what the rollups must equal at any
     * time (the records written before V26 have no cost, and V26 counted them unpriced).
     */
    public static void recount(JdbcClient jdbc) {
        backfill(jdbc, true);
    }

    private static void backfill(JdbcClient jdbc, boolean withCost) {
        String parts = "workspace_id, " + UTC_DAY + " AS utc_day, COALESCE(model_id, '') AS model_id, model_name, kind, "
                + "COALESCE(revision, 0) AS revision";
        jdbc.sql("INSERT INTO usage_daily (" + (withCost ? DAILY_COLUMNS : V23_DAILY_COLUMNS) + ") SELECT " + DAILY_KEY
                + ", MAX(caller_name), COUNT(*), "
                + "SUM(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 1 ELSE 0 END), "
                + "COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(cache_read_tokens), 0), "
                + "COALESCE(SUM(cache_write_tokens), 0), "
                + "SUM(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END), MAX(occurred_at) "
                + (withCost ? ", COALESCE(SUM(cost_nanos), 0), SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END) " : "")
                + "FROM (SELECT " + parts + ", COALESCE(caller_kind, '') AS caller_kind, COALESCE(caller_id, '') AS "
                + "caller_id, COALESCE(caller_name, '') AS caller_name, outcome, input_tokens, output_tokens, "
                + "cache_read_tokens, cache_write_tokens, occurred_at" + (withCost ? ", cost_nanos" : "")
                + " FROM usage_records) r GROUP BY " + DAILY_KEY)
                .update();
        jdbc.sql("INSERT INTO usage_daily_latency (" + LATENCY_COLUMNS + ") SELECT " + LATENCY_KEY + ", COUNT(*) "
                + "FROM (SELECT " + parts + ", " + LatencyHistogram.sql("latency_ms") + " AS bucket FROM usage_records "
                + "WHERE outcome = '" + UsageRecord.OK + "') r GROUP BY " + LATENCY_KEY).update();
    }

    static long day(UsageRecord record) {
        return Math.floorDiv(record.occurredAt().truncatedTo(MICROS).getEpochSecond(), 86_400);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
