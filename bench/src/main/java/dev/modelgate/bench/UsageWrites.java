package dev.modelgate.bench;

import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What writing usage records costs a call: {@code callers} threads each recording one record after another through
 * the server's {@link JdbcUsageRecorder} (group commit) into a fresh schema of the machine's PostgreSQL, for
 * {@code seconds} after a warm-up of as long, through a pool of 10 connections (the server's default); prints records per second and the mean time a caller waits for its
 * record's commit, which an answered call waits too. Records vary over 4 models, 3 kinds and 20 API keys, all of
 * one workspace and day: the rollup rows the writers add to are few and shared, the worst case for their locks. The
 * schema is dropped at the end. {@code bench/usage/writes.sh} runs it on the server's classpath.
 */
public final class UsageWrites {

    private UsageWrites() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? GatewayOptions.bounded("seconds", args[0], 1, 60) : 10;
        List<Integer> concurrency = new ArrayList<>();
        for (String callers : (args.length > 1 ? args[1] : "1,8,64").split(",")) {
            concurrency.add(GatewayOptions.bounded("callers", callers.strip(), 1, 256));
        }
        String schema = "mg_usage_writes_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
        pg.setUser("postgres");
        try (Connection connection = pg.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        pg.setCurrentSchema(schema);
        try {
            Flyway.configure().dataSource(pg).schemas(schema).defaultSchema(schema)
                    .locations("classpath:db/migration").load().migrate();
            try (Connection connection = pg.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO workspaces (id, name, external_id, created_at) "
                        + "VALUES ('ws-bench', 'bench', 'mg-bench', now())");
            }
            HikariDataSource pool = new HikariDataSource();
            pool.setDataSource(pg);
            pool.setMaximumPoolSize(10);
            UsageRepository repository = new UsageRepository(pool);
            try (JdbcUsageRecorder recorder = JdbcUsageRecorder.builder(repository, new SimpleMeterRegistry()).build()) {
                for (int callers : concurrency) {
                    run(recorder, callers, seconds);
                    run(recorder, callers, seconds).print(callers);
                }
            } finally {
                pool.close();
            }
        } finally {
            try (Connection connection = pg.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop schema " + schema + ": " + e.getMessage());
            }
        }
    }

    private record Result(long records, long waitNanos, int seconds) {
        void print(int callers) {
            System.out.printf("%3d callers: %,9d records/s   mean wait for the commit %,8.0f µs%n", callers,
                    records / seconds, records == 0 ? 0 : waitNanos / 1_000.0 / records);
        }
    }

    private static Result run(JdbcUsageRecorder recorder, int callers, int seconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder records = new LongAdder();
        LongAdder waited = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (running.get()) {
                    int model = random.nextInt(4);
                    int key = random.nextInt(20);
                    UsageRecord record = UsageRecord.create("ws-bench", "model-" + model, "model" + model,
                            UsageKind.values()[random.nextInt(3)], random.nextInt(40) == 0 ? "THROTTLED" : "OK",
                            (long) random.nextInt(1_000), (long) random.nextInt(400), TokenSource.MAPPING,
                            200 + random.nextInt(3_000), "req", Instant.now())
                            .withCaller(new UsageCaller(UsageCaller.Kind.KEY, "key-" + key, "agent " + key));
                    long start = System.nanoTime();
                    recorder.record(record);
                    waited.add(System.nanoTime() - start);
                    records.increment();
                }
            }));
        }
        Thread.sleep(seconds * 1_000L);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(records.sum(), waited.sum(), seconds);
    }
}
