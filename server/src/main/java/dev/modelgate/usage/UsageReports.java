package dev.modelgate.usage;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link UsageRepository}'s reports. The UTC days a range covers whole are read from the daily rollups (four grouped
 * queries over some rows per model, day and caller); the partial days at its ends from the records, in one grouped
 * scan; both are summed up here, latency as {@link LatencyHistogram} bucket counts.
 */
final class UsageReports {

    /** Models by name; a saved model before drafts of the same name. */
    private static final Comparator<ModelUsage> MODEL_ORDER = Comparator.comparing(ModelUsage::modelName)
            .thenComparing(ModelUsage::modelId, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Callers by name, then id; the calls naming none last. */
    private static final Comparator<UsageReport.CallerUsage> CALLER_ORDER =
            Comparator.comparing((UsageReport.CallerUsage c) -> c.caller() == null ? 1 : 0)
                    .thenComparing(c -> c.caller() == null ? "" : c.caller().name())
                    .thenComparing(c -> c.caller() == null ? "" : c.caller().id());

    /** A model's id (null for a draft) and its draft name (null for a saved model), from the rollups. */
    private static final String ROLLUP_MODEL = "NULLIF(model_id, '') AS model_id, "
            + "CASE WHEN model_id = '' THEN model_name END AS draft_name";

    private static final String SUMS = "SUM(calls) AS calls, SUM(succeeded) AS succeeded, "
            + "SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, "
            + "SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens, "
            + "SUM(unknown_tokens) AS unknown_tokens, SUM(cost_nanos) AS cost_nanos, "
            + "SUM(unpriced_calls) AS unpriced_calls";

    /** The records' counts, summed as the rollups' are. */
    private static final String RECORD_SUMS = "COUNT(*) AS calls, "
            + "SUM(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 1 ELSE 0 END) AS succeeded, "
            + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, "
            + "COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, "
            + "COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, "
            + "SUM(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END) AS unknown_tokens, "
            + "COALESCE(SUM(cost_nanos), 0) AS cost_nanos, "
            + "SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END) AS unpriced_calls";

    private final JdbcClient jdbc;
    private final int maxReportRows;

    UsageReports(JdbcClient jdbc, int maxReportRows) {
        this.jdbc = jdbc;
        this.maxReportRows = maxReportRows;
    }

    /** See {@link UsageRepository#report}. */
    UsageReport report(UsageQuery query, RollupRange range) {
        Sums sums = new Sums();
        if (range.hasDays()) {
            fromRollups(query, range, sums);
        }
        if (range.hasEnds()) {
            fromRecords(query, range, sums);
        }
        if (sums.daily.size() > maxReportRows) {
            throw new InvalidInputException(List.of(Violation.of("from", "too-many-rows", "a usage report holds at "
                    + "most " + maxReportRows + " rows of one model on one day, and from " + query.from() + " to "
                    + query.to() + " holds more; narrow from and to, or pick one model")));
        }
        return sums.report(query);
    }

    /**
     * A model on one UTC day, or over the whole range when {@code day} is {@link #ALL_DAYS}: a saved one by its id
     * ({@code draftName} null), an unsaved draft by its name ({@code modelId} null).
     */
    private record GroupKey(long day, String modelId, String draftName) {

        static final long ALL_DAYS = Long.MIN_VALUE;

        GroupKey model() {
            return new GroupKey(ALL_DAYS, modelId, draftName);
        }
    }

    /** A name and the time of the latest call that bore it. */
    private record Named<T>(T named, String name, Instant latest) {

        /** The later one; of two at the very same instant, the larger name, so that the answer does not vary. */
        Named<T> later(Named<T> other) {
            int byTime = latest.compareTo(other.latest);
            return byTime > 0 || byTime == 0 && name.compareTo(other.name) >= 0 ? this : other;
        }
    }

    /** What the rollups and the records add up to, as they are read. */
    private static final class Sums {
        final Map<String, Named<String>> modelNames = new HashMap<>();
        final Map<GroupKey, UsageTotals> daily = new HashMap<>();
        final Map<GroupKey, LatencyHistogram> latency = new HashMap<>();
        final Map<List<String>, UsageTotals> callers = new HashMap<>();
        final Map<List<String>, Named<UsageCaller>> callerNames = new HashMap<>();

        void modelName(String modelId, String name, Instant latest) {
            modelNames.merge(modelId, new Named<>(modelId, name, latest), Named::later);
        }

        void caller(UsageCaller caller, Instant latest, UsageTotals totals) {
            List<String> key = caller == null ? List.of() : List.of(caller.kind().name(), caller.id());
            callers.merge(key, totals, UsageTotals::plus);
            callerNames.merge(key, new Named<>(caller, caller == null ? "" : caller.name(), latest), Named::later);
        }

        UsageReport report(UsageQuery query) {
            Map<GroupKey, UsageTotals> modelTotals = new HashMap<>();
            Map<GroupKey, LatencyHistogram> modelLatencies = new HashMap<>();
            Map<LocalDate, List<ModelUsage>> byDay = new TreeMap<>();
            daily.forEach((key, totals) -> {
                GroupKey model = key.model();
                modelTotals.merge(model, totals, UsageTotals::plus);
                LatencyHistogram ofDay = latency.get(key);
                if (ofDay != null) {
                    modelLatencies.computeIfAbsent(model, m -> new LatencyHistogram()).addAll(ofDay);
                }
                byDay.computeIfAbsent(LocalDate.ofEpochDay(key.day()), day -> new ArrayList<>())
                        .add(new ModelUsage(key.modelId(), name(key), totals, percentiles(ofDay)));
            });
            List<ModelUsage> models = modelTotals.entrySet().stream()
                    .map(model -> new ModelUsage(model.getKey().modelId(), name(model.getKey()), model.getValue(),
                            percentiles(modelLatencies.get(model.getKey()))))
                    .sorted(MODEL_ORDER)
                    .toList();
            List<DayUsage> days = byDay.entrySet().stream()
                    .map(day -> new DayUsage(day.getKey(), sum(day.getValue()),
                            day.getValue().stream().sorted(MODEL_ORDER).toList()))
                    .toList();
            List<UsageReport.CallerUsage> callerUsage = callers.entrySet().stream()
                    .map(c -> new UsageReport.CallerUsage(callerNames.get(c.getKey()).named(), c.getValue()))
                    .sorted(CALLER_ORDER)
                    .toList();
            return new UsageReport(query, sum(models), models, days, callerUsage);
        }

        /** The draft's name, or the saved model's at its latest call in the range. */
        private String name(GroupKey key) {
            return key.modelId() == null ? key.draftName() : modelNames.get(key.modelId()).name();
        }

        private static UsageTotals sum(List<ModelUsage> models) {
            return models.stream().map(ModelUsage::totals).reduce(UsageTotals.NONE, UsageTotals::plus);
        }

        private static LatencyPercentiles percentiles(LatencyHistogram latency) {
            return latency == null ? null : latency.percentiles();
        }
    }

    /** The whole UTC days, from the rollups: model names, counts per model and day, latencies, callers. */
    private void fromRollups(UsageQuery query, RollupRange range, Sums sums) {
        String where = " WHERE " + UsageRepository.filter(query) + range.days();
        Map<String, Object> params = UsageRepository.filterParams(query);
        range.bind(params);
        jdbc.sql("SELECT model_id, model_name, MAX(last_at) AS latest FROM usage_daily" + where
                        + " AND model_id <> '' GROUP BY model_id, model_name")
                .params(params)
                .query((ResultSet rs) -> {
                    sums.modelName(rs.getString("model_id"), rs.getString("model_name"), instant(rs, "latest"));
                });
        // No further than one row past the bound: a report too large costs no more than that.
        jdbc.sql("SELECT utc_day, model_id, draft_name, " + SUMS + " FROM (SELECT utc_day, " + ROLLUP_MODEL + ", calls, "
                        + "succeeded, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, unknown_tokens, "
                        + "cost_nanos, unpriced_calls FROM usage_daily" + where + ") days GROUP BY utc_day, model_id, draft_name FETCH FIRST "
                        + (maxReportRows + 1) + " ROWS ONLY")
                .params(params)
                .query((ResultSet rs) -> {
                    sums.daily.merge(groupKey(rs), totals(rs), UsageTotals::plus);
                });
        if (sums.daily.size() > maxReportRows) {
            return;
        }
        jdbc.sql("SELECT utc_day, model_id, draft_name, bucket, SUM(calls) AS calls FROM (SELECT utc_day, "
                        + ROLLUP_MODEL + ", bucket, calls FROM usage_daily_latency" + where + ") days "
                        + "GROUP BY utc_day, model_id, draft_name, bucket")
                .params(params)
                .query((ResultSet rs) -> {
                    sums.latency.computeIfAbsent(groupKey(rs), k -> new LatencyHistogram())
                            .add(rs.getInt("bucket"), rs.getLong("calls"));
                });
        jdbc.sql("SELECT NULLIF(caller_kind, '') AS caller_kind, NULLIF(caller_id, '') AS caller_id, caller_name, "
                        + "MAX(last_at) AS latest, " + SUMS + " FROM usage_daily" + where
                        + " GROUP BY caller_kind, caller_id, caller_name")
                .params(params)
                .query((ResultSet rs) -> {
                    sums.caller(UsageRepository.caller(rs), instant(rs, "latest"), totals(rs));
                });
    }

    /**
     * The partial days at the range's ends, from the records, in one scan grouped finely enough for all four sums:
     * by day, model, name, caller and latency bucket (-1 for the calls that failed).
     */
    private void fromRecords(UsageQuery query, RollupRange range, Sums sums) {
        Map<String, Object> params = UsageRepository.filterParams(query);
        range.bind(params);
        String bucket = "CASE WHEN outcome = '" + UsageRecord.OK + "' THEN " + LatencyHistogram.sql("latency_ms")
                + " ELSE -1 END";
        String groups = "utc_day, model_id, model_name, caller_kind, caller_id, caller_name, bucket";
        jdbc.sql("SELECT " + groups + ", MAX(occurred_at) AS latest, " + RECORD_SUMS + " FROM ("
                        + range.ends("SELECT " + UsageRollups.UTC_DAY + " AS utc_day, model_id, model_name, "
                                + "caller_kind, caller_id, caller_name, " + bucket + " AS bucket, occurred_at, outcome, "
                                + "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_nanos "
                                + "FROM usage_records WHERE " + UsageRepository.filter(query))
                        + ") ends GROUP BY " + groups)
                .params(params)
                .query((ResultSet rs) -> {
                    String modelId = rs.getString("model_id");
                    String name = rs.getString("model_name");
                    Instant latest = instant(rs, "latest");
                    UsageTotals totals = totals(rs);
                    GroupKey key = new GroupKey(rs.getLong("utc_day"), modelId, modelId == null ? name : null);
                    if (modelId != null) {
                        sums.modelName(modelId, name, latest);
                    }
                    sums.daily.merge(key, totals, UsageTotals::plus);
                    int inBucket = rs.getInt("bucket");
                    if (inBucket >= 0) {
                        sums.latency.computeIfAbsent(key, k -> new LatencyHistogram()).add(inBucket, totals.calls());
                    }
                    sums.caller(UsageRepository.caller(rs), latest, totals);
                });
    }

    /**
     * The rows of the export: calls per UTC day, model name, kind and caller, ordered so; at most {@code maxRows}.
     *
     * @throws InvalidInputException field {@code from}, rule {@code too-many-rows}, when there would be more
     */
    List<UsageRow> rows(UsageQuery query, RollupRange range, int maxRows) {
        Map<String, Object> params = UsageRepository.filterParams(query);
        range.bind(params);
        String where = " WHERE " + UsageRepository.filter(query);
        String overRollups = "SELECT utc_day, NULLIF(model_id, '') AS model_id, model_name, kind, "
                + "NULLIF(caller_kind, '') AS caller_kind, NULLIF(caller_id, '') AS caller_id, "
                + "NULLIF(caller_name, '') AS caller_name, last_at, calls, succeeded, input_tokens, output_tokens, "
                + "cache_read_tokens, cache_write_tokens, unknown_tokens, cost_nanos, unpriced_calls FROM usage_daily"
                + where;
        String overRecords = "SELECT " + UsageRollups.UTC_DAY + " AS utc_day, model_id, model_name, kind, caller_kind, "
                + "caller_id, caller_name, occurred_at AS last_at, CAST(1 AS BIGINT) AS calls, "
                + "CAST(CASE WHEN outcome = '" + UsageRecord.OK + "' THEN 1 ELSE 0 END AS BIGINT) AS succeeded, "
                + "COALESCE(input_tokens, 0) AS input_tokens, COALESCE(output_tokens, 0) AS output_tokens, "
                + "COALESCE(cache_read_tokens, 0) AS cache_read_tokens, "
                + "COALESCE(cache_write_tokens, 0) AS cache_write_tokens, "
                + "CAST(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END AS BIGINT) "
                + "AS unknown_tokens, COALESCE(cost_nanos, 0) AS cost_nanos, "
                + "CAST(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END AS BIGINT) AS unpriced_calls "
                + "FROM usage_records" + where;
        String groups = "utc_day, model_id, model_name, kind, caller_kind, caller_id";
        List<UsageRow> rows = new ArrayList<>();
        Map<List<String>, Named<String>> callerNames = new HashMap<>();
        int fetch = maxRows * 2 + 1;
        int[] read = {0};
        jdbc.sql("SELECT " + groups + ", caller_name, MAX(last_at) AS latest, " + SUMS + " FROM ("
                        + range.union(overRollups, overRecords) + ") u GROUP BY " + groups + ", caller_name "
                        + "ORDER BY utc_day, model_name, COALESCE(model_id, ''), kind, COALESCE(caller_kind, ''), "
                        + "COALESCE(caller_id, ''), caller_name FETCH FIRST " + fetch + " ROWS ONLY")
                .params(params)
                .query((ResultSet rs) -> {
                    read[0]++;
                    UsageCaller caller = UsageRepository.caller(rs);
                    UsageRow row = new UsageRow(LocalDate.ofEpochDay(rs.getLong("utc_day")), rs.getString("model_id"),
                            rs.getString("model_name"), UsageKind.valueOf(rs.getString("kind")), caller, totals(rs));
                    // A caller renamed during the day: one row, under the name of its latest call.
                    UsageRow last = rows.isEmpty() ? null : rows.getLast();
                    if (last != null && caller != null && last.caller() != null && last.day().equals(row.day())
                            && java.util.Objects.equals(last.modelId(), row.modelId())
                            && last.modelName().equals(row.modelName()) && last.kind() == row.kind()
                            && last.caller().kind() == caller.kind() && last.caller().id().equals(caller.id())) {
                        List<String> key = List.of(row.day().toString(), String.valueOf(row.modelId()),
                                row.modelName(), row.kind().name(), caller.kind().name(), caller.id());
                        Named<String> name = callerNames.get(key).later(new Named<>(caller.name(), caller.name(),
                                instant(rs, "latest")));
                        callerNames.put(key, name);
                        rows.set(rows.size() - 1, new UsageRow(last.day(), last.modelId(), last.modelName(),
                                last.kind(), new UsageCaller(caller.kind(), caller.id(), name.named()),
                                last.totals().plus(row.totals())));
                    } else {
                        if (caller != null) {
                            callerNames.put(List.of(row.day().toString(), String.valueOf(row.modelId()),
                                    row.modelName(), row.kind().name(), caller.kind().name(), caller.id()),
                                    new Named<>(caller.name(), caller.name(), instant(rs, "latest")));
                        }
                        rows.add(row);
                    }
                });
        if (rows.size() > maxRows || read[0] == fetch) {
            throw new InvalidInputException(List.of(Violation.of("from", "too-many-rows", "a usage export holds at "
                    + "most " + maxRows + " rows of one model and caller on one day, and from " + query.from()
                    + " to " + query.to() + " holds more; narrow from and to, or pick one model")));
        }
        return rows;
    }

    private static GroupKey groupKey(ResultSet rs) throws SQLException {
        return new GroupKey(rs.getLong("utc_day"), rs.getString("model_id"), rs.getString("draft_name"));
    }

    private static UsageTotals totals(ResultSet rs) throws SQLException {
        return new UsageTotals(rs.getLong("calls"), rs.getLong("succeeded"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("unknown_tokens"), rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"), rs.getLong("cost_nanos"), rs.getLong("unpriced_calls"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
