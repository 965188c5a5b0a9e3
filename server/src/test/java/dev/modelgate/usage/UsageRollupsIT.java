package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The daily rollups against the records they count, on H2 and PostgreSQL: reports over any range equal reports
 * computed here from the records themselves; concurrent writers keep the rollups exact; migration V23 counts the
 * records written before the rollups existed, and V26 counts them unpriced; costs sum exactly.
 */
class UsageRollupsIT {

    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private static final String[] MODELS = {"11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222", null};
    private static final String[] OUTCOMES = {"OK", "OK", "OK", "THROTTLED", "TIMEOUT"};

    private static String workspace(JdbcClient jdbc) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(jdbc).insert(new Workspace(id, "ws-" + id.substring(0, 8), "mg-" + id.substring(0, 8),
                START));
        return id;
    }

    /** Records over five UTC days from {@code START}, at microsecond times, mixing every part a report groups by. */
    private static List<UsageRecord> records(Random random, List<String> workspaces, int count) {
        List<UsageCaller> callers = List.of(new UsageCaller(UsageCaller.Kind.KEY, "key-1", "mgk_aaaa1111 (ci)"),
                new UsageCaller(UsageCaller.Kind.KEY, "key-2", "mgk_bbbb2222 (batch)"),
                new UsageCaller(UsageCaller.Kind.ACCOUNT, "account-1", "alice"));
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String model = MODELS[random.nextInt(MODELS.length)];
            String name = model == null ? (random.nextBoolean() ? "draft a" : "draft b")
                    : (random.nextInt(10) == 0 ? "renamed" : "model") + model.charAt(0);
            String outcome = OUTCOMES[random.nextInt(OUTCOMES.length)];
            boolean knowsTokens = random.nextInt(6) > 0;
            Long input = knowsTokens ? (long) random.nextInt(5_000) : null;
            Long output = knowsTokens && random.nextInt(8) > 0 ? (long) random.nextInt(2_000) : null;
            UsageKind kind = UsageKind.values()[random.nextInt(UsageKind.values().length)];
            Instant at = START.plus(Duration.ofSeconds(random.nextInt(5 * 86_400), random.nextInt(1_000_000) * 1_000L));
            UsageRecord record = new UsageRecord(UUID.randomUUID().toString(),
                    workspaces.get(random.nextInt(workspaces.size())), model, name, kind, outcome, input, output,
                    input == null && output == null ? TokenSource.NONE : TokenSource.MAPPING,
                    (long) Math.exp(random.nextDouble() * 11), "req-" + i, at,
                    random.nextInt(4) == 0 ? (long) random.nextInt(100) : null,
                    random.nextInt(4) == 0 ? (long) random.nextInt(100) : null,
                    model == null ? null : (long) (1 + random.nextInt(3)),
                    random.nextInt(5) == 0 ? null : callers.get(random.nextInt(callers.size())));
            int pricing = random.nextInt(4);
            record = switch (pricing) {
                case 0 -> record;
                case 1 -> record.withCost(random.nextBoolean() ? PricingMode.UNPRICED : PricingMode.PROVISIONED,
                        null, null);
                default -> record.withCost(PricingMode.ON_DEMAND, random.nextLong(10_000_000_000L),
                        "shipped 2026-12-08");
            };
            records.add(record);
        }
        return records;
    }

    /** Stores {@code records} in batches of 1 to 40, as the group commit does. */
    private static void store(UsageRepository repository, List<UsageRecord> records, Random random) {
        int at = 0;
        while (at < records.size()) {
            int size = Math.min(records.size() - at, 1 + random.nextInt(40));
            if (size == 1) {
                repository.insert(records.get(at));
            } else {
                repository.insertAll(records.subList(at, at + size));
            }
            at += size;
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_overAnyRange_equalsTheReportOfTheRecordsThemselves(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Random random = new Random(20261207);
            List<String> workspaces = List.of(workspace(db.jdbc()), workspace(db.jdbc()));
            List<UsageRecord> records = records(random, workspaces, 1_500);
            UsageRepository repository = new UsageRepository(db.dataSource());
            store(repository, records, random);

            List<UsageQuery> queries = new ArrayList<>();
            String acme = workspaces.getFirst();
            queries.add(new UsageQuery(acme, null, null, START, START.plus(Duration.ofDays(5))));
            queries.add(new UsageQuery(acme, null, null, START.minusSeconds(7), START.plus(Duration.ofDays(6))));
            queries.add(new UsageQuery(acme, MODELS[0], UsageKind.INVOKE, START.plus(Duration.ofDays(1)),
                    START.plus(Duration.ofDays(3))));
            queries.add(new UsageQuery(acme, MODELS[1], null, START, START.plus(Duration.ofDays(5)), 2L));
            for (int i = 0; i < 12; i++) {
                Instant from = START.plus(Duration.ofSeconds(random.nextInt(4 * 86_400), random.nextInt(1_000) * 1_000L));
                Instant to = from.plus(Duration.ofSeconds(1 + random.nextInt(3 * 86_400)));
                UsageKind kind = random.nextBoolean() ? null : UsageKind.values()[random.nextInt(3)];
                queries.add(new UsageQuery(workspaces.get(i % 2), random.nextBoolean() ? null : MODELS[i % 2], kind,
                        from, to));
            }
            for (UsageQuery query : queries) {
                assertThat(repository.report(query)).as(query.toString()).isEqualTo(expectedReport(records, query));
            }

            // Read just after the latest call: a range reaching now reads the day in progress from its rollup.
            Instant latest = records.stream().map(UsageRecord::occurredAt).max(Instant::compareTo).orElseThrow();
            UsageRepository atLatest = new UsageRepository(db.dataSource(), UsageRepository.DEFAULT_MAX_REPORT_ROWS,
                    Clock.fixed(latest.plusMillis(1), ZoneOffset.UTC));
            for (Instant to : List.of(latest.plusMillis(1), latest.plusSeconds(7_200))) {
                for (Instant from : List.of(START, latest.minus(Duration.ofHours(30)))) {
                    UsageQuery upToNow = new UsageQuery(acme, null, null, from, to);
                    assertThat(atLatest.report(upToNow)).as(upToNow.toString())
                            .isEqualTo(expectedReport(records, upToNow));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reportUpToNow_countsEveryCallOfTheDayInProgress_fromItsRollup(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String acme = workspace(db.jdbc());
            UsageRepository repository = new UsageRepository(db.dataSource());
            Instant noon = START.plus(Duration.ofHours(12));
            UsageRecord before = record(acme, noon.minusSeconds(60));
            UsageRecord after = record(acme, noon.plusMillis(3));
            repository.insertAll(List.of(before, after));
            UsageQuery untilNoon = new UsageQuery(acme, null, null, START.minus(Duration.ofDays(2)), noon);

            // The same range: as asked at noon (the call 3 ms later was recorded by the time the report ran), and
            // as a range of the past, which counts what is in it only.
            assertThat(repository.reportUpToNow(untilNoon).totals().calls()).isEqualTo(2);
            assertThat(repository.report(untilNoon)).isEqualTo(expectedReport(List.of(before, after), untilNoon));
            assertThat(repository.report(untilNoon).totals().calls()).isEqualTo(1);
        }
    }

    private static UsageRecord record(String workspaceId, Instant at) {
        return new UsageRecord(UUID.randomUUID().toString(), workspaceId, MODELS[0], "model1", UsageKind.INVOKE, "OK",
                10L, 2L, TokenSource.MAPPING, 120, "req", at, null, null, 1L, null);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writersOnSeveralInstancesAtOnce_keepTheRollupsExactlyEqualToTheRecords(Engine engine) throws Exception {
        try (TestDatabase db = TestDatabase.create(engine);
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<String> workspaces = List.of(workspace(db.jdbc()));
            // Two repositories stand for two instances; eight writers add to the same few rollup rows at once.
            List<UsageRepository> instances = List.of(new UsageRepository(db.dataSource()),
                    new UsageRepository(db.dataSource()));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<UsageRecord>>> written = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                Random random = new Random(writer);
                UsageRepository repository = instances.get(writer % 2);
                written.add(threads.submit(() -> {
                    List<UsageRecord> records = records(random, workspaces, 300).stream()
                            .map(r -> r.withCaller(r.caller() == null ? null : new UsageCaller(r.caller().kind(),
                                    r.caller().id(), r.caller().id())))
                            .toList();
                    start.await();
                    store(repository, records, random);
                    return records;
                }));
            }
            start.countDown();
            List<UsageRecord> all = new ArrayList<>();
            for (Future<List<UsageRecord>> records : written) {
                all.addAll(records.get());
            }

            assertThat(db.jdbc().sql("SELECT SUM(calls) FROM usage_daily").query(Long.class).single())
                    .isEqualTo(2_400);
            assertThat(rollups(db.jdbc())).isEqualTo(recounted(db.jdbc()));
            UsageQuery all5Days = new UsageQuery(workspaces.getFirst(), null, null, START, START.plus(Duration.ofDays(5)));
            assertThat(instances.getFirst().report(all5Days)).isEqualTo(expectedReport(all, all5Days));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void migration_countsTheRecordsWrittenBeforeTheRollupsExisted(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine, "21")) {
            Random random = new Random(21);
            List<String> workspaces = List.of(workspace(db.jdbc()));
            // Callers named by their id: before the rollups a caller's latest name was not kept in any order.
            List<UsageRecord> records = records(random, workspaces, 800).stream()
                    .map(r -> r.withCaller(r.caller() == null ? null
                            : new UsageCaller(r.caller().kind(), r.caller().id(), r.caller().id())))
                    .map(r -> r.withCost(null, null, null)) // before V26: no cost, so unpriced
                    .toList();
            for (UsageRecord record : records) {
                UsageCaller caller = record.caller();
                db.jdbc().sql("INSERT INTO usage_records (id, workspace_id, model_id, model_name, kind, outcome, "
                                + "input_tokens, output_tokens, token_source, latency_ms, request_id, occurred_at, "
                                + "cache_read_tokens, cache_write_tokens, revision, caller_kind, caller_id, caller_name) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(record.id(), record.workspaceId(), record.modelId(), record.modelName(),
                                record.kind().name(), record.outcome(), record.inputTokens(), record.outputTokens(),
                                record.tokenSource().name(), record.latencyMillis(), record.requestId(),
                                OffsetDateTime.ofInstant(record.occurredAt(), ZoneOffset.UTC), record.cacheReadTokens(),
                                record.cacheWriteTokens(), record.revision(),
                                caller == null ? null : caller.kind().name(), caller == null ? null : caller.id(),
                                caller == null ? null : caller.name())
                        .update();
            }

            db.migrate();

            UsageRepository repository = new UsageRepository(db.dataSource());
            UsageQuery query = new UsageQuery(workspaces.getFirst(), null, null, START.plus(Duration.ofHours(30)),
                    START.plus(Duration.ofDays(5)));
            assertThat(repository.report(query)).isEqualTo(expectedReport(records, query));
            // Written after the migration, counted on top.
            List<UsageRecord> more = records(random, workspaces, 100).stream().map(r -> r.withCaller(null)).toList();
            store(repository, more, random);
            List<UsageRecord> all = new ArrayList<>(records);
            all.addAll(more);
            assertThat(repository.report(query)).isEqualTo(expectedReport(all, query));
            assertThat(rollups(db.jdbc())).isEqualTo(recounted(db.jdbc()));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void latencyBucketsInSql_equalJavas_atEveryOctavesEdges(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            List<Long> latencies = new ArrayList<>();
            for (long millis = 0; millis < 300; millis++) {
                latencies.add(millis);
            }
            for (int power = 8; power <= 40; power++) {
                latencies.addAll(List.of((1L << power) - 1, 1L << power, (1L << power) + 1));
            }
            new Random(8).longs(500, 0, 1L << 32).forEach(latencies::add);
            db.jdbc().sql("CREATE TABLE latency_probe (latency_ms BIGINT NOT NULL)").update();
            for (Long latency : latencies) {
                db.jdbc().sql("INSERT INTO latency_probe VALUES (?)").param(latency).update();
            }

            Map<Long, Integer> inSql = new HashMap<>();
            db.jdbc().sql("SELECT latency_ms, " + LatencyHistogram.sql("latency_ms") + " AS bucket FROM latency_probe")
                    .query((java.sql.ResultSet rs) -> {
                        inSql.put(rs.getLong(1), rs.getInt(2));
                    });

            Map<Long, Integer> inJava = new HashMap<>();
            latencies.forEach(latency -> inJava.put(latency, LatencyHistogram.bucket(latency)));
            assertThat(inSql).isEqualTo(inJava);
        }
    }

    /** Every rollup row, as text, in key order. */
    private static List<String> rollups(JdbcClient jdbc) {
        List<String> rows = new ArrayList<>(jdbc.sql("SELECT * FROM usage_daily ORDER BY workspace_id, utc_day, "
                        + "model_id, model_name, kind, revision, caller_kind, caller_id")
                .query((rs, row) -> {
                    StringBuilder text = new StringBuilder();
                    for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                        Object value = rs.getMetaData().getColumnName(column).equalsIgnoreCase("last_at")
                                ? rs.getObject(column, OffsetDateTime.class).toInstant() : rs.getObject(column);
                        text.append(rs.getMetaData().getColumnName(column).toLowerCase()).append('=').append(value)
                                .append(' ');
                    }
                    return text.toString();
                }).list());
        rows.addAll(jdbc.sql("SELECT workspace_id, utc_day, model_id, model_name, kind, revision, bucket, calls "
                        + "FROM usage_daily_latency ORDER BY workspace_id, utc_day, model_id, model_name, kind, "
                        + "revision, bucket")
                .query((rs, row) -> "latency " + rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " "
                        + rs.getString(4) + " " + rs.getString(5) + " " + rs.getLong(6) + " " + rs.getInt(7) + " "
                        + rs.getLong(8))
                .list());
        return rows;
    }

    /** The rollups counted afresh from the records by the migration's backfill; the rollups as they were, restored. */
    private static List<String> recounted(JdbcClient jdbc) {
        jdbc.sql("CREATE TABLE usage_daily_kept AS SELECT * FROM usage_daily").update();
        jdbc.sql("CREATE TABLE usage_daily_latency_kept AS SELECT * FROM usage_daily_latency").update();
        jdbc.sql("DELETE FROM usage_daily").update();
        jdbc.sql("DELETE FROM usage_daily_latency").update();
        UsageRollups.recount(jdbc);
        List<String> recounted = rollups(jdbc);
        jdbc.sql("DELETE FROM usage_daily").update();
        jdbc.sql("DELETE FROM usage_daily_latency").update();
        jdbc.sql("INSERT INTO usage_daily SELECT * FROM usage_daily_kept").update();
        jdbc.sql("INSERT INTO usage_daily_latency SELECT * FROM usage_daily_latency_kept").update();
        jdbc.sql("DROP TABLE usage_daily_kept").update();
        jdbc.sql("DROP TABLE usage_daily_latency_kept").update();
        return recounted;
    }

    // The report as the records themselves say, computed here without SQL.

    private record Group(long day, String modelId, String draftName) {
    }

    private static UsageReport expectedReport(List<UsageRecord> records, UsageQuery query) {
        List<UsageRecord> selected = records.stream()
                .filter(r -> r.workspaceId().equals(query.workspaceId()))
                .filter(r -> query.modelId() == null || query.modelId().equals(r.modelId()))
                .filter(r -> query.kind() == null || query.kind() == r.kind())
                .filter(r -> query.revision() == null || query.revision().equals(r.revision()))
                .filter(r -> !r.occurredAt().isBefore(query.from()) && r.occurredAt().isBefore(query.to()))
                .toList();
        Map<String, UsageRecord> latestOfModel = new HashMap<>();
        Map<List<String>, UsageRecord> latestOfCaller = new HashMap<>();
        Comparator<UsageRecord> later = Comparator.comparing(UsageRecord::occurredAt);
        Map<Group, UsageTotals> daily = new HashMap<>();
        Map<Group, LatencyHistogram> dailyLatency = new HashMap<>();
        Map<List<String>, UsageTotals> callers = new HashMap<>();
        for (UsageRecord r : selected) {
            if (r.modelId() != null) {
                latestOfModel.merge(r.modelId(), r, (a, b) -> later.thenComparing(UsageRecord::modelName)
                        .compare(a, b) >= 0 ? a : b);
            }
            List<String> caller = r.caller() == null ? List.of() : List.of(r.caller().kind().name(), r.caller().id());
            latestOfCaller.merge(caller, r, (a, b) -> later.compare(a, b) >= 0 ? a : b);
            UsageTotals one = new UsageTotals(1, "OK".equals(r.outcome()) ? 1 : 0, orZero(r.inputTokens()),
                    orZero(r.outputTokens()), r.inputTokens() == null || r.outputTokens() == null ? 1 : 0,
                    orZero(r.cacheReadTokens()), orZero(r.cacheWriteTokens()), orZero(r.costNanos()),
                    r.costNanos() == null ? 1 : 0);
            Group group = new Group(Math.floorDiv(r.occurredAt().getEpochSecond(), 86_400), r.modelId(),
                    r.modelId() == null ? r.modelName() : null);
            daily.merge(group, one, UsageTotals::plus);
            callers.merge(caller, one, UsageTotals::plus);
            if ("OK".equals(r.outcome())) {
                dailyLatency.computeIfAbsent(group, g -> new LatencyHistogram())
                        .add(LatencyHistogram.bucket(r.latencyMillis()), 1);
            }
        }
        Comparator<ModelUsage> modelOrder = Comparator.comparing(ModelUsage::modelName)
                .thenComparing(ModelUsage::modelId, Comparator.nullsLast(Comparator.naturalOrder()));
        Map<Group, UsageTotals> modelTotals = new HashMap<>();
        Map<Group, LatencyHistogram> modelLatency = new HashMap<>();
        Map<LocalDate, List<ModelUsage>> days = new TreeMap<>();
        daily.forEach((group, totals) -> {
            Group model = new Group(0, group.modelId(), group.draftName());
            modelTotals.merge(model, totals, UsageTotals::plus);
            LatencyHistogram latency = dailyLatency.get(group);
            if (latency != null) {
                modelLatency.computeIfAbsent(model, m -> new LatencyHistogram()).addAll(latency);
            }
            String name = group.modelId() == null ? group.draftName() : latestOfModel.get(group.modelId()).modelName();
            days.computeIfAbsent(LocalDate.ofEpochDay(group.day()), d -> new ArrayList<>()).add(new ModelUsage(
                    group.modelId(), name, totals, latency == null ? null : latency.percentiles()));
        });
        List<ModelUsage> models = new ArrayList<>();
        modelTotals.forEach((model, totals) -> {
            LatencyHistogram latency = modelLatency.get(model);
            models.add(new ModelUsage(model.modelId(), model.modelId() == null ? model.draftName()
                    : latestOfModel.get(model.modelId()).modelName(), totals,
                    latency == null ? null : latency.percentiles()));
        });
        models.sort(modelOrder);
        List<DayUsage> dayUsage = new ArrayList<>();
        days.forEach((day, ofDay) -> {
            ofDay.sort(modelOrder);
            dayUsage.add(new DayUsage(day, ofDay.stream().map(ModelUsage::totals)
                    .reduce(UsageTotals.NONE, UsageTotals::plus), ofDay));
        });
        List<UsageReport.CallerUsage> callerUsage = new ArrayList<>();
        Map<List<String>, UsageTotals> ordered = new LinkedHashMap<>(callers);
        ordered.forEach((caller, totals) -> callerUsage.add(new UsageReport.CallerUsage(
                latestOfCaller.get(caller).caller(), totals)));
        callerUsage.sort(Comparator.comparing((UsageReport.CallerUsage c) -> c.caller() == null ? 1 : 0)
                .thenComparing(c -> c.caller() == null ? "" : c.caller().name())
                .thenComparing(c -> c.caller() == null ? "" : c.caller().id()));
        return new UsageReport(query, models.stream().map(ModelUsage::totals).reduce(UsageTotals.NONE,
                UsageTotals::plus), models, dayUsage, callerUsage);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
