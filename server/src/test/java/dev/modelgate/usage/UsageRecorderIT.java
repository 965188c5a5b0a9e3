package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcUsageRecorder} against a real database that is made to fail, by moving the table away, and to come
 * back, by moving it back.
 */
class UsageRecorderIT {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration LONG = Duration.ofMinutes(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static String workspace(TestDatabase db) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, "acme", "mg-" + id.substring(0, 8), T));
        return id;
    }

    private static UsageRecord record(String workspaceId, long latency) {
        return UsageRecord.create(workspaceId, "11111111-1111-1111-1111-111111111111", "haiku", UsageKind.INVOKE,
                "OK", 10L, 2L, TokenSource.HEADERS, latency, null, T);
    }

    private static void breakDatabase(TestDatabase db) {
        db.jdbc().sql("ALTER TABLE usage_records RENAME TO usage_records_away").update();
    }

    private static void repairDatabase(TestDatabase db) {
        db.jdbc().sql("ALTER TABLE usage_records_away RENAME TO usage_records").update();
    }

    private static long stored(TestDatabase db) {
        return db.jdbc().sql("SELECT COUNT(*) FROM usage_records").query(Long.class).single();
    }

    private double count(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_writesOnTheCallersThread_beforeReturning(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters).build()) {
            UsageRecord record = record(workspace(db), 5);

            recorder.record(record);

            assertThat(new UsageRepository(db.dataSource()).find(record.workspaceId(), record.id())).contains(record);
            assertThat(count("modelgate.usage.written", "path", "direct")).isEqualTo(1);
            assertThat(meters.get("modelgate.usage.buffered").gauge().value()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_whileTheDatabaseFails_keepsTheRecords_andWritesThemOnceItIsBack(Engine engine) throws Exception {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build()) {
            String acme = workspace(db);
            List<UsageRecord> records = List.of(record(acme, 1), record(acme, 2), record(acme, 3));
            breakDatabase(db);

            assertThatCode(() -> records.forEach(recorder::record)).doesNotThrowAnyException();
            assertThat(recorder.buffered()).isEqualTo(3);
            assertThat(meters.get("modelgate.usage.buffered").gauge().value()).isEqualTo(3);
            assertThat(count("modelgate.usage.written", "path", "direct")).isZero();
            await("the retries fail a few times", () -> meters.get("modelgate.usage.write.failures").counter().count() >= 3);
            repairDatabase(db);

            await("the buffer is written", () -> recorder.buffered() == 0);
            UsageRepository repository = new UsageRepository(db.dataSource());
            for (UsageRecord record : records) {
                assertThat(repository.find(acme, record.id())).contains(record);
            }
            assertThat(count("modelgate.usage.written", "path", "retried")).isEqualTo(3);
            assertThat(meters.find("modelgate.usage.dropped").counters()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_whileRecordsWaitInTheBuffer_joinsThemWithoutTryingTheDatabase(Engine engine) {
        // An outage must not cost every call a failed write: only the first one tries.
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .backoff(LONG, LONG).build()) {
            String acme = workspace(db);
            breakDatabase(db);
            recorder.record(record(acme, 1));
            double failures = meters.get("modelgate.usage.write.failures").counter().count();
            repairDatabase(db);

            recorder.record(record(acme, 2));
            recorder.record(record(acme, 3));

            assertThat(recorder.buffered()).isEqualTo(3);
            assertThat(stored(db)).isZero();
            assertThat(meters.get("modelgate.usage.write.failures").counter().count()).isEqualTo(failures);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_beforeTheRetryThreadFirstRuns_itsFirstRetryStillWaitsTheBackoff(Engine engine) {
        // On a loaded machine the retry thread may first run after a record was buffered and the database came back;
        // it must not write that record at once (records 2 and 3 would then be written directly, not buffered).
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Thread> retrier = new AtomicReference<>();
        ThreadFactory startingLate = task -> {
            Thread thread = Thread.ofVirtual().unstarted(() -> {
                try {
                    running.await();
                } catch (InterruptedException e) {
                    return;
                }
                task.run();
            });
            retrier.set(thread);
            return thread;
        };
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .backoff(LONG, LONG).retryThreads(startingLate).build()) {
            String acme = workspace(db);
            breakDatabase(db);
            recorder.record(record(acme, 1));
            repairDatabase(db);

            running.countDown();
            await("the retry thread pauses, or writes the record",
                    () -> retrier.get().getState() == Thread.State.TIMED_WAITING || stored(db) > 0);
            recorder.record(record(acme, 2));
            recorder.record(record(acme, 3));

            assertThat(stored(db)).isZero();
            assertThat(recorder.buffered()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_pastTheBufferLimit_dropsTheNewest_andCountsIt(Engine engine) throws Exception {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .bufferLimit(2).backoff(Duration.ofMillis(5), Duration.ofMillis(20)).build()) {
            String acme = workspace(db);
            UsageRecord first = record(acme, 1);
            UsageRecord second = record(acme, 2);
            UsageRecord third = record(acme, 3);
            breakDatabase(db);

            recorder.record(first);
            recorder.record(second);
            recorder.record(third);

            assertThat(recorder.buffered()).isEqualTo(2);
            assertThat(count("modelgate.usage.dropped", "reason", "buffer-full")).isEqualTo(1);
            repairDatabase(db);
            await("the buffer is written", () -> recorder.buffered() == 0);
            UsageRepository repository = new UsageRepository(db.dataSource());
            assertThat(repository.find(acme, first.id())).isPresent();
            assertThat(repository.find(acme, second.id())).isPresent();
            assertThat(repository.find(acme, third.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_theDatabaseRefuses_isDroppedAndCounted_andDoesNotHoldBackTheNextOnes(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .backoff(LONG, LONG).build()) {
            UsageRecord ofNoWorkspace = record(UUID.randomUUID().toString(), 1);
            UsageRecord next = record(workspace(db), 2);

            recorder.record(ofNoWorkspace);
            recorder.record(next);

            assertThat(count("modelgate.usage.dropped", "reason", "rejected")).isEqualTo(1);
            assertThat(recorder.buffered()).isZero();
            assertThat(new UsageRepository(db.dataSource()).find(next.workspaceId(), next.id())).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_fromManyCallersAtOnce_storesEachOnce_andARefusedOneAmongThemIsDroppedAlone(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                     .backoff(LONG, LONG).build()) {
            String acme = workspace(db);
            List<UsageRecord> records = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                records.add(record(acme, i));
            }
            records.add(150, record(UUID.randomUUID().toString(), 1_000));

            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                records.forEach(record -> callers.submit(() -> recorder.record(record)));
            }

            // Each caller returned once its record was stored, in a write it may have shared with others.
            assertThat(stored(db)).isEqualTo(300);
            UsageRepository repository = new UsageRepository(db.dataSource());
            for (UsageRecord record : records) {
                assertThat(repository.find(acme, record.id()).isPresent()).isEqualTo(record.workspaceId().equals(acme));
            }
            assertThat(count("modelgate.usage.written", "path", "direct")).isEqualTo(300);
            assertThat(count("modelgate.usage.dropped", "reason", "rejected")).isEqualTo(1);
            assertThat(recorder.buffered()).isZero();
            assertThat(meters.get("modelgate.usage.write.batch").summary().totalAmount()).isEqualTo(301);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_alreadyStored_countsAsWritten_andIsStoredOnce(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters).build()) {
            UsageRecord record = record(workspace(db), 1);
            new UsageRepository(db.dataSource()).insert(record);

            recorder.record(record);

            assertThat(stored(db)).isEqualTo(1);
            assertThat(count("modelgate.usage.written", "path", "direct")).isEqualTo(1);
            assertThat(meters.find("modelgate.usage.dropped").counters()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_writesWhatIsStillBuffered(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                    .backoff(LONG, LONG).build();
            String acme = workspace(db);
            breakDatabase(db);
            recorder.record(record(acme, 1));
            recorder.record(record(acme, 2));
            repairDatabase(db);

            recorder.close();

            assertThat(stored(db)).isEqualTo(2);
            assertThat(recorder.buffered()).isZero();
            assertThat(meters.find("modelgate.usage.dropped").counters()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_whileTheDatabaseStillFails_givesUpAfterItsTimeout_andCountsTheLoss(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters)
                    .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).closeTimeout(Duration.ofMillis(200)).build();
            String acme = workspace(db);
            breakDatabase(db);
            recorder.record(record(acme, 1));
            recorder.record(record(acme, 2));

            recorder.close(); // returns once its timeout has passed with the database still out of reach

            assertThat(recorder.buffered()).isZero();
            assertThat(count("modelgate.usage.dropped", "reason", "shutdown")).isEqualTo(2);
            recorder.record(record(acme, 3));
            assertThat(count("modelgate.usage.dropped", "reason", "shutdown")).isEqualTo(3);
            repairDatabase(db);
            UsageRecord afterClose = record(acme, 4);
            recorder.record(afterClose);
            assertThat(new UsageRepository(db.dataSource()).find(acme, afterClose.id())).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void record_null_neverThrows_andIsCountedAsInvalid(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine);
             JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(new UsageRepository(db.dataSource()), meters).build()) {
            assertThatCode(() -> recorder.record(null)).doesNotThrowAnyException();
            assertThat(count("modelgate.usage.dropped", "reason", "invalid")).isEqualTo(1);
        }
    }
}
