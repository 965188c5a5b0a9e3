package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Usage records and their report on the embedded H2 and on the real PostgreSQL server. */
class UsageRepositoryIT {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final String HAIKU = "11111111-1111-1111-1111-111111111111";
    private static final String SONNET = "22222222-2222-2222-2222-222222222222";

    private static String workspace(JdbcClient jdbc, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(jdbc).insert(new Workspace(id, name, "mg-" + id.substring(0, 8), T));
        return id;
    }

    /** A record whose token source follows its counts: NONE when both are unknown, HEADERS otherwise. */
    private static UsageRecord record(String workspaceId, String modelId, String modelName, UsageKind kind,
                                      String outcome, Long inputTokens, Long outputTokens, long latency, Instant at) {
        TokenSource source = inputTokens == null && outputTokens == null ? TokenSource.NONE : TokenSource.HEADERS;
        return UsageRecord.create(workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens, source,
                latency, "req-" + latency, at);
    }

    private static UsageRecord ok(String workspaceId, String modelId, String modelName, long latency, Instant at) {
        return record(workspaceId, modelId, modelName, UsageKind.INVOKE, "OK", 10L, 1L, latency, at);
    }

    private static UsageQuery query(String workspaceId, Instant from, Instant to) {
        return new UsageQuery(workspaceId, null, null, from, to);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promptCacheCounts_areStoredAndSummedPerModel_andUnknownOnesCountAsNone(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            UsageRecord cached = UsageRecord.create(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 10L, 3L,
                    TokenSource.CONVERSE, 50, "r1", T, 700L, 0L);
            UsageRecord written = UsageRecord.create(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 12L, 4L,
                    TokenSource.CONVERSE, 60, "r2", T.plusSeconds(1), null, 900L);
            UsageRecord plain = UsageRecord.create(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 5L, 5L,
                    TokenSource.MAPPING, 70, "r3", T.plusSeconds(2));

            repository.insert(cached);
            repository.insert(written);
            repository.insert(plain);

            assertThat(repository.find(acme, cached.id())).contains(cached);
            assertThat(repository.find(acme, written.id()).orElseThrow().cacheReadTokens()).isNull();
            assertThat(repository.find(acme, plain.id()).orElseThrow().cacheWriteTokens()).isNull();
            UsageReport report = repository.report(query(acme, T, T.plusSeconds(3)));
            assertThat(report.totals()).isEqualTo(new UsageTotals(3, 3, 27, 12, 0, 700, 900));
            assertThat(report.models()).singleElement().satisfies(m -> assertThat(m.totals())
                    .isEqualTo(report.totals()));
        }
    }

    @Test
    void negativeCacheCount_isRefusedByTheRecord() {
        assertThatThrownBy(() -> UsageRecord.create("w", HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L,
                TokenSource.CONVERSE, 1, null, T, -1L, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cacheReadTokens");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertThenFind_returnsEveryFieldVerbatim(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            UsageRecord full = new UsageRecord(UUID.randomUUID().toString(), acme, HAIKU, "haiku", UsageKind.INVOKE,
                    "OK", 1_234L, 5_000_000_000L, TokenSource.MAPPING, 987, "6f1c-request", T.plusNanos(123_456_000))
                    .withRevision(7L).withRoute("haiku-primary", "THROTTLED");
            UsageRecord sparse = new UsageRecord(UUID.randomUUID().toString(), acme, null, "unsaved draft",
                    UsageKind.TEST, "THROTTLED", null, null, TokenSource.NONE, 0, null, T);

            repository.insert(full);
            repository.insert(sparse);

            assertThat(repository.find(acme, full.id())).contains(full);
            assertThat(repository.find(acme, full.id()).orElseThrow().revision()).isEqualTo(7L);
            assertThat(repository.find(acme, full.id()).orElseThrow().requestedModel()).isEqualTo("haiku-primary");
            assertThat(repository.find(acme, full.id()).orElseThrow().routeReason()).isEqualTo("THROTTLED");
            assertThat(repository.find(acme, sparse.id())).contains(sparse);
            assertThat(repository.find(acme, sparse.id()).orElseThrow().revision()).isNull();
            assertThat(repository.find(workspace(db.jdbc(), "globex"), full.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyKind_isStoredAndFilteredBy_andAKindTheCheckDoesNotName_isRefused(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            for (UsageKind kind : UsageKind.values()) {
                UsageRecord record = record(acme, HAIKU, "haiku", kind, "OK", 1L, 1L, 5, T);
                repository.insert(record);
                assertThat(repository.find(acme, record.id())).contains(record);
                assertThat(repository.report(new UsageQuery(acme, null, kind, T, T.plusSeconds(1))).totals().calls())
                        .isEqualTo(1);
            }
            assertThatThrownBy(() -> db.jdbc().sql("UPDATE usage_records SET kind = 'CHAT'").update())
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insert_sameIdTwice_isADuplicateKey_andAnUnknownWorkspace_anIntegrityViolation(Engine engine) {
        // The recorder relies on both: the first means "stored by an earlier attempt", the second "never storable".
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            UsageRecord record = ok(workspace(db.jdbc(), "acme"), HAIKU, "haiku", 5, T);
            repository.insert(record);

            assertThatThrownBy(() -> repository.insert(record)).isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> repository.insert(ok(UUID.randomUUID().toString(), HAIKU, "haiku", 5, T)))
                    .isInstanceOf(DataIntegrityViolationException.class)
                    .isNotInstanceOf(DuplicateKeyException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertAll_storesEveryRecordVerbatim_inOneStatement_andARefusedOneStoresNoneOfTheBatch(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            List<UsageRecord> records = List.of(ok(acme, HAIKU, "haiku", 1, T),
                    record(acme, SONNET, "sonnet", UsageKind.TEST, "THROTTLED", null, null, 2, T.plusNanos(1_000)),
                    ok(acme, HAIKU, "haiku", 3, T.plusSeconds(1)));

            repository.insertAll(records);

            for (UsageRecord record : records) {
                assertThat(repository.find(acme, record.id())).contains(record);
            }
            List<UsageRecord> withADuplicate = List.of(ok(acme, HAIKU, "haiku", 4, T), records.get(1));
            assertThatThrownBy(() -> repository.insertAll(withADuplicate)).isInstanceOf(DuplicateKeyException.class);
            assertThat(repository.find(acme, withADuplicate.getFirst().id())).isEmpty();
            assertThatThrownBy(() -> repository.insertAll(List.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("insertAll takes 1 to 128 records, got 0");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insert_keepsMicroseconds_andABoundFinerThanThat_isMovedUpToTheNextMicrosecond(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            repository.insert(ok(acme, HAIKU, "haiku", 5, T.plusNanos(999))); // stored as T

            assertThat(repository.report(query(acme, T, T.plusSeconds(1))).totals().calls()).isEqualTo(1);
            assertThat(repository.report(query(acme, T.plusNanos(1), T.plusSeconds(1))).totals().calls()).isZero();
            assertThat(repository.report(query(acme, T.minusSeconds(1), T.plusNanos(1))).totals().calls()).isEqualTo(1);
            assertThat(repository.report(query(acme, T.minusSeconds(1), T)).totals().calls()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_ofNoRecords_isEmpty(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageQuery query = query(workspace(db.jdbc(), "acme"), T, T.plusSeconds(60));

            assertThat(new UsageRepository(db.dataSource()).report(query))
                    .isEqualTo(new UsageReport(query, UsageTotals.NONE, List.of(), List.of(), List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_ofMoreModelDaysThanTheBound_isRefusedNamingTheRange_andOfExactlyTheBound_isAnswered(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            String acme = workspace(db.jdbc(), "acme");
            UsageRepository repository = new UsageRepository(db.dataSource(), 3, Clock.systemUTC());
            // Three drafts Tested under three names on one day, and one of them again the next day: four rows.
            for (String name : List.of("draft-a", "draft-b", "draft-c")) {
                repository.insert(record(acme, null, name, UsageKind.TEST, "OK", 1L, 1L, 10, T));
            }
            Instant to = T.plus(Duration.ofDays(1));
            assertThat(repository.report(query(acme, T, to)).days()).singleElement()
                    .satisfies(day -> assertThat(day.models()).hasSize(3));
            repository.insert(record(acme, null, "draft-a", UsageKind.TEST, "OK", 1L, 1L, 11, to));
            Instant wider = T.plus(Duration.ofDays(2));

            assertThatThrownBy(() -> repository.report(query(acme, T, wider))).isInstanceOfSatisfying(
                    InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(Violation.of("from", "too-many-rows", "a usage report "
                            + "holds at most 3 rows of one model on one day, and from 2026-11-24T10:00:00Z to "
                            + "2026-11-26T10:00:00Z holds more; narrow from and to, or pick one model")));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_countsUtcDays_whateverTheDatabaseSessionTimeZone(Engine engine) throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine)) {
            // +14 h and -8 h: casting a time to a date in the session's zone would move every record below to
            // another day.
            for (String zone : List.of("Pacific/Kiritimati", "America/Los_Angeles")) {
                try (Connection connection = db.dataSource().getConnection()) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET TIME ZONE '" + zone + "'");
                    }
                    SingleConnectionDataSource session = new SingleConnectionDataSource(connection, true);
                    JdbcClient jdbc = JdbcClient.create(session);
                    UsageRepository repository = new UsageRepository(session);
                    String acme = workspace(jdbc, "acme-" + zone);
                    Instant day1 = Instant.parse("2026-11-24T00:00:00Z");
                    Instant day2 = Instant.parse("2026-11-25T00:00:00Z");
                    repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 10L, 1L, 100,
                            Instant.parse("2026-11-23T23:59:59.999999Z")));
                    repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 10L, 1L, 100, day1));
                    repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 20L, 2L, 200,
                            Instant.parse("2026-11-24T23:59:59.999999Z")));
                    repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "THROTTLED", null, null, 300, day2));
                    repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 40L, 4L, 400,
                            Instant.parse("2026-11-26T00:00:00Z")));
                    UsageQuery query = query(acme, day1, Instant.parse("2026-11-26T00:00:00Z"));

                    UsageReport report = repository.report(query);

                    // 100 and 200 ms, at their buckets' midpoints 100.5 and 201.5.
                    LatencyPercentiles latency = new LatencyPercentiles(151.0, 191.4, 200.5);
                    UsageTotals firstDay = new UsageTotals(2, 2, 30, 3, 0);
                    UsageTotals secondDay = new UsageTotals(1, 0, 0, 0, 1);
                    UsageTotals all = new UsageTotals(3, 2, 30, 3, 1);
                    assertThat(report).as(zone).isEqualTo(new UsageReport(query, all,
                            List.of(new ModelUsage(HAIKU, "haiku", all, latency)),
                            List.of(new DayUsage(LocalDate.parse("2026-11-24"), firstDay,
                                            List.of(new ModelUsage(HAIKU, "haiku", firstDay, latency))),
                                    new DayUsage(LocalDate.parse("2026-11-25"), secondDay,
                                            List.of(new ModelUsage(HAIKU, "haiku", secondDay, null)))),
                            List.of(new UsageReport.CallerUsage(null, all))));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_filtersByRange_model_andKind(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            Duration hour = Duration.ofHours(1);
            repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 1L, 1L, 10, T));
            repository.insert(record(acme, HAIKU, "haiku", UsageKind.TEST, "OK", 2L, 2L, 20, T.plus(hour)));
            repository.insert(record(acme, SONNET, "sonnet", UsageKind.INVOKE, "OK", 4L, 4L, 40, T.plus(hour.multipliedBy(2))));
            repository.insert(record(acme, null, "draft", UsageKind.TEST, "ACCESS_DENIED", null, null, 80,
                    T.plus(hour.multipliedBy(3))));
            repository.insert(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 16L, 16L, 160, T.plus(hour.multipliedBy(4))));
            Instant to = T.plus(hour.multipliedBy(4));

            assertThat(calls(repository, new UsageQuery(acme, null, null, T, to))).isEqualTo(4);
            assertThat(calls(repository, new UsageQuery(acme, null, null, T.plus(hour), to))).isEqualTo(3);
            assertThat(calls(repository, new UsageQuery(acme, null, null, T, to.plusNanos(1_000)))).isEqualTo(5);
            UsageReport haiku = repository.report(new UsageQuery(acme, HAIKU, null, T, to));
            assertThat(haiku.totals()).isEqualTo(new UsageTotals(2, 2, 3, 3, 0));
            assertThat(haiku.models()).extracting(ModelUsage::modelName).containsExactly("haiku");
            UsageReport tests = repository.report(new UsageQuery(acme, null, UsageKind.TEST, T, to));
            assertThat(tests.totals()).isEqualTo(new UsageTotals(2, 1, 2, 2, 1));
            assertThat(tests.models()).extracting(ModelUsage::modelId).containsExactly(null, HAIKU);
            assertThat(calls(repository, new UsageQuery(acme, HAIKU, UsageKind.INVOKE, T, to))).isEqualTo(1);
            UsageQuery unknownModel = new UsageQuery(acme, UUID.randomUUID().toString(), null, T, to);
            assertThat(repository.report(unknownModel))
                    .isEqualTo(new UsageReport(unknownModel, UsageTotals.NONE, List.of(), List.of(), List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_neverCountsAnotherWorkspacesRecords_evenOfTheSameModelId(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            String globex = workspace(db.jdbc(), "globex");
            repository.insert(ok(acme, HAIKU, "haiku", 10, T));
            repository.insert(ok(globex, HAIKU, "renamed elsewhere", 1_000, T.plusSeconds(1)));
            repository.insert(ok(globex, HAIKU, "renamed elsewhere", 1_000, T.plusSeconds(2)));
            repository.insert(record(globex, null, "haiku", UsageKind.TEST, "OK", null, null, 1_000, T));

            for (String model : new String[] {null, HAIKU}) {
                UsageReport report = repository.report(new UsageQuery(acme, model, null, T, T.plusSeconds(60)));

                UsageTotals one = new UsageTotals(1, 1, 10, 1, 0);
                assertThat(report.totals()).isEqualTo(one);
                assertThat(report.models()).containsExactly(
                        new ModelUsage(HAIKU, "haiku", one, new LatencyPercentiles(10, 10, 10)));
                assertThat(report.days()).hasSize(1);
                assertThat(report.days().getFirst().totals()).isEqualTo(one);
            }
            assertThat(repository.report(query(globex, T, T.plusSeconds(60))).totals().calls()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_latencyPercentiles_areThoseOfTheSuccessfulCalls_interpolatedAtTheirBucketsMidpoints(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            Random random = new Random(20261124);
            // 101 calls put every percentile on a call; 7 make p90 and p99 fall between two calls.
            List<Long> haiku = latencies(random, 101);
            List<Long> sonnet = latencies(random, 7);
            List<UsageRecord> records = new ArrayList<>();
            haiku.forEach(latency -> records.add(ok(acme, HAIKU, "haiku", latency, T.plusMillis(latency))));
            sonnet.forEach(latency -> records.add(ok(acme, SONNET, "sonnet", latency, T.plusMillis(latency))));
            for (int i = 0; i < 5; i++) {
                records.add(record(acme, HAIKU, "haiku", UsageKind.INVOKE, "TIMEOUT", null, null, 60_000, T));
            }
            Collections.shuffle(records, random);
            records.forEach(repository::insert);

            UsageReport report = repository.report(query(acme, T, T.plus(Duration.ofHours(1))));

            assertThat(report.models()).extracting(ModelUsage::latency).containsExactly(
                    expectedPercentiles(haiku), expectedPercentiles(sonnet));
            assertThat(report.days().getFirst().models()).extracting(ModelUsage::latency).containsExactly(
                    expectedPercentiles(haiku), expectedPercentiles(sonnet));
            assertThat(report.models().getFirst().totals()).isEqualTo(new UsageTotals(106, 101, 1010, 101, 5));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void report_aRenamedModel_isOneEntryUnderItsLatestName_andDraftsOneEntryPerName(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            Instant day1 = Instant.parse("2026-11-24T12:00:00Z");
            Instant day2 = day1.plus(Duration.ofDays(1));
            repository.insert(ok(acme, HAIKU, "alpha", 10, day1));
            repository.insert(ok(acme, HAIKU, "beta", 20, day2));
            repository.insert(record(acme, null, "beta", UsageKind.TEST, "OK", null, null, 30, day1));
            repository.insert(record(acme, null, "alpha", UsageKind.TEST, "OK", null, null, 40, day2));
            repository.insert(record(acme, null, "alpha", UsageKind.TEST, "OK", null, null, 50, day2));

            UsageReport report = repository.report(query(acme, day1.minusSeconds(3600), day2.plusSeconds(3600)));

            assertThat(report.models()).extracting(ModelUsage::modelId, ModelUsage::modelName,
                            model -> model.totals().calls())
                    .containsExactly(tuple(null, "alpha", 2L),
                            tuple(HAIKU, "beta", 2L),
                            tuple(null, "beta", 1L));
            assertThat(report.days()).hasSize(2);
            assertThat(report.days().get(0).models()).extracting(ModelUsage::modelId, ModelUsage::modelName)
                    .containsExactly(tuple(HAIKU, "beta"),
                            tuple(null, "beta"));
            assertThat(report.days().get(1).models()).extracting(ModelUsage::modelId, ModelUsage::modelName)
                    .containsExactly(tuple(null, "alpha"),
                            tuple(HAIKU, "beta"));
            assertThat(report.days().get(1).totals()).isEqualTo(new UsageTotals(3, 3, 10, 1, 2));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void byRevision_sumsEachListedRevisionsAgentCalls_withoutTests_andCallsFilterByRevision(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            UsageRepository repository = new UsageRepository(db.dataSource());
            String acme = workspace(db.jdbc(), "acme");
            UsageRecord first = ok(acme, HAIKU, "haiku", 10, T).withRevision(1L);
            UsageRecord throttled = record(acme, HAIKU, "haiku", UsageKind.CHAT_COMPLETIONS, "THROTTLED", null, null,
                    20, T.plusSeconds(5)).withRevision(1L);
            UsageRecord test = record(acme, HAIKU, "haiku", UsageKind.TEST, "OK", 7L, 7L, 30, T.plusSeconds(9))
                    .withRevision(1L);
            UsageRecord second = record(acme, HAIKU, "haiku", UsageKind.INVOKE, "OK", 4L, 2L, 40, T.plusSeconds(3))
                    .withRevision(2L);
            for (UsageRecord r : List.of(first, throttled, test, second,
                    ok(acme, HAIKU, "haiku", 50, T).withRevision(3L), ok(acme, HAIKU, "haiku", 60, T),
                    ok(acme, SONNET, "sonnet", 70, T).withRevision(1L),
                    ok(workspace(db.jdbc(), "globex"), HAIKU, "haiku", 80, T).withRevision(1L))) {
                repository.insert(r);
            }

            assertThat(repository.byRevision(acme, HAIKU, List.of(1L, 2L, 9L))).isEqualTo(Map.of(
                    1L, new RevisionUsage(2, 1, 10, 1, T.plusSeconds(5)),
                    2L, new RevisionUsage(1, 0, 4, 2, T.plusSeconds(3))));
            assertThat(repository.byRevision(acme, HAIKU, List.of())).isEmpty();
            UsageQuery ofOne = new UsageQuery(acme, HAIKU, null, T, T.plusSeconds(60), 1L);
            assertThat(repository.calls(ofOne, 10, 0)).containsExactly(test, throttled, first);
            assertThat(repository.report(ofOne).totals().calls()).isEqualTo(3);
        }
    }

    private static long calls(UsageRepository repository, UsageQuery query) {
        return repository.report(query).totals().calls();
    }

    private static List<Long> latencies(Random random, int count) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            latencies.add(1L + random.nextInt(5_000));
        }
        return latencies;
    }

    /** Each call at its bucket's midpoint, which is within 1/64 of it. */
    private static LatencyPercentiles expectedPercentiles(List<Long> latencies) {
        List<Double> sorted = latencies.stream()
                .map(latency -> LatencyHistogram.midpoint(LatencyHistogram.bucket(latency)))
                .sorted().toList();
        return new LatencyPercentiles(percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99));
    }

    /** Linear interpolation between the closest ranks, as SQL's PERCENTILE_CONT, rounded to 0.1. */
    private static double percentile(List<Double> sorted, double fraction) {
        double position = fraction * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        double value = sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
        return Math.round(value * 10) / 10.0;
    }
}
