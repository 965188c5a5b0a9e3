package dev.modelgate.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes each usage record to the database on the caller's thread, so that it is stored before the call's answer
 * goes out. Callers whose records arrive while another write runs share the next one (group commit: one multi-row
 * {@code INSERT}, one commit, each caller returning once the statement holding its record has committed), so under
 * load the database commits once per batch rather than once per call; a caller alone writes alone. When a write fails, the record waits in a bounded in-memory buffer and a background thread writes the
 * buffer, oldest first, retrying with exponential backoff; while records wait there, new ones join them without
 * trying the database, so that an outage does not slow every call down by a connection timeout.
 *
 * <p>A record is lost only (each counted in {@code modelgate.usage.dropped}, tagged with the reason, and logged):
 * <ul>
 *   <li>{@code buffer-full}: the database failed so long that {@link Builder#bufferLimit} records wait already
 *       (default {@value #DEFAULT_BUFFER_LIMIT}, about 30 MB); the newest record is not kept;</li>
 *   <li>{@code rejected}: the database refused the row itself (its workspace does not exist), so no retry can
 *       store it;</li>
 *   <li>{@code shutdown}: on {@link #close()} the database stayed out of reach for {@link Builder#closeTimeout}, or
 *       a record arrived after closing and its write failed;</li>
 *   <li>{@code invalid}: the record was null.</li>
 * </ul>
 * A retried write is stored once: records carry their id, and a duplicate id means an earlier attempt succeeded.
 *
 * <p>Metrics: {@code modelgate.usage.written} (tag {@code path}: {@code direct} or {@code retried}),
 * {@code modelgate.usage.write.failures} (failed attempts),
 * {@code modelgate.usage.write.batch} (records per group-commit write), {@code modelgate.usage.buffered} (records waiting) and
 * {@code modelgate.usage.dropped}. Logs name record ids and exception messages, never anything a caller sent.
 */
public final class JdbcUsageRecorder implements UsageRecorder, AutoCloseable {

    public static final int DEFAULT_BUFFER_LIMIT = 100_000;

    private static final Logger log = LoggerFactory.getLogger(JdbcUsageRecorder.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private enum Result { WRITTEN, REJECTED, FAILED }

    private final UsageRepository repository;
    private final int bufferLimit;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration closeTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<UsageRecord> buffer = new ArrayDeque<>(); // guarded by lock
    private boolean closed; // guarded by lock
    private final Thread retrier;

    private final Counter writtenDirect;
    private final Counter writtenRetried;
    private final Counter writeFailures;
    private final MeterRegistry meters;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong nextDropLog = new AtomicLong(System.nanoTime());
    private volatile boolean failing;

    // Group commit: callers whose records wait for the write in progress, and whether one is in progress.
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Condition committed = commitLock.newCondition();
    private final ArrayList<Pending> waiting = new ArrayList<>(); // guarded by commitLock
    private boolean committing; // guarded by commitLock
    private final DistributionSummary batchSizes;

    /** A record waiting for its write, and how it went (set by the caller who wrote it, read under commitLock). */
    private static final class Pending {
        final UsageRecord record;
        Result result;

        Pending(UsageRecord record) {
            this.record = record;
        }
    }

    private JdbcUsageRecorder(Builder builder) {
        this.repository = builder.repository;
        this.bufferLimit = builder.bufferLimit;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.closeTimeout = builder.closeTimeout;
        this.meters = builder.meters;
        this.writtenDirect = written("direct");
        this.writtenRetried = written("retried");
        this.writeFailures = Counter.builder("modelgate.usage.write.failures")
                .description("Failed attempts to write a usage record (each is buffered and retried)")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("modelgate.usage.write.batch")
                .description("Usage records stored by one INSERT of the group commit")
                .register(meters);
        Gauge.builder("modelgate.usage.buffered", this, JdbcUsageRecorder::buffered)
                .description("Usage records waiting in memory for the database")
                .register(meters);
        this.retrier = builder.retryThreads.newThread(this::retryBuffered);
        this.retrier.start();
    }

    /** A recorder writing through {@code repository}; its retry thread starts with {@link Builder#build()}. */
    public static Builder builder(UsageRepository repository, MeterRegistry meters) {
        return new Builder(repository, meters);
    }

    @Override
    public void record(UsageRecord record) {
        try {
            if (record == null) {
                drop("invalid", 1, "a null usage record");
                return;
            }
            boolean bufferEmpty;
            boolean isClosed;
            lock.lock();
            try {
                bufferEmpty = buffer.isEmpty();
                isClosed = closed;
            } finally {
                lock.unlock();
            }
            if (bufferEmpty || isClosed) {
                Result result = writeGrouped(record);
                if (result == Result.WRITTEN) {
                    writtenDirect.increment();
                    return;
                }
                if (result == Result.REJECTED) {
                    return;
                }
            }
            keep(record);
        } catch (RuntimeException e) {
            // The contract is never to fail the caller's call because of its usage record.
            log.error("usage record {} could not be handled", record == null ? null : record.id(), e);
        }
    }

    /** How many records wait in memory for the database. */
    public int buffered() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the retry thread and writes what is still buffered, trying for at most {@link Builder#closeTimeout};
     * records still unwritten then are dropped and counted. Records arriving afterwards are written directly, or
     * dropped when that fails.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        try {
            retrier.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            int failures = 0;
            UsageRecord head;
            while ((head = peek()) != null && !retrier.isAlive()) {
                if (writeHead(head)) {
                    failures = 0;
                } else {
                    long pause = backoff(++failures).toNanos();
                    if (System.nanoTime() + pause > deadline) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left;
        lock.lock();
        try {
            left = buffer.size();
            buffer.clear();
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            drop("shutdown", left, left + " buffered usage records, the database still failing at shutdown");
        }
    }

    /**
     * The retry thread: writes the buffer's oldest record until the buffer is empty, pausing before each retry for a
     * backoff that grows with the failures in a row.
     */
    private void retryBuffered() {
        // The buffer only ever receives records whose write has just failed, so the first retry waits as after a
        // failure, also when this thread first runs after records were kept (a loaded machine may start it late).
        int failures = 1;
        try {
            while (true) {
                lock.lock();
                try {
                    if (buffer.isEmpty()) {
                        failures = 1;
                        while (buffer.isEmpty() && !closed) {
                            changed.await();
                        }
                    }
                    if (closed) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                if (failures > 0) {
                    pause(backoff(failures));
                }
                UsageRecord head = peek();
                if (head == null || isClosed()) {
                    continue;
                }
                failures = writeHead(head) ? 0 : failures + 1;
            }
        } catch (InterruptedException e) {
            log.warn("usage record retry thread interrupted; {} records remain buffered until shutdown", buffered());
        }
    }

    /** Writes the buffer's head; true when it left the buffer (stored, or refused for good). */
    private boolean writeHead(UsageRecord head) {
        Result result = write(head);
        if (result == Result.FAILED) {
            return false;
        }
        int left;
        lock.lock();
        try {
            buffer.pollFirst();
            left = buffer.size();
        } finally {
            lock.unlock();
        }
        if (result == Result.WRITTEN) {
            writtenRetried.increment();
        }
        if (left == 0 && failing) {
            failing = false;
            log.info("usage records are written again; the buffer is empty");
        }
        return true;
    }

    /**
     * Group commit: writes {@code record} together with the records of the callers waiting at the same time, in one
     * {@code INSERT} and one commit, and returns once the statement holding it has committed (or failed). The first
     * caller to find no write in progress writes for those waiting (oldest first, as many as the largest power of two
     * up to {@link UsageRepository#MAX_INSERT_BATCH} allows); the others wait for it, and one of them writes the next batch. One caller alone writes
     * its record alone, as before; only callers who arrive while a write runs share the next one, so no caller waits
     * for a batch to fill.
     */
    private Result writeGrouped(UsageRecord record) {
        Pending mine = new Pending(record);
        commitLock.lock();
        try {
            waiting.add(mine);
            while (mine.result == null) {
                if (committing) {
                    committed.awaitUninterruptibly();
                    continue;
                }
                committing = true;
                // A power of two (1, 2, 4 … 128): at most eight statement texts, which the databases' statement
                // caches keep parsed; the records left over go in the next write.
                int size = Integer.highestOneBit(Math.min(waiting.size(), UsageRepository.MAX_INSERT_BATCH));
                List<Pending> head = waiting.subList(0, size);
                List<Pending> batch = new ArrayList<>(head);
                head.clear();
                commitLock.unlock();
                try {
                    writeBatch(batch);
                } finally {
                    commitLock.lock();
                    committing = false;
                    committed.signalAll();
                }
            }
            return mine.result;
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * Writes one batch and sets each record's result: all in one statement; when the database refuses a row of it
     * (a duplicate id, an unknown workspace), none is stored, and each is then written on its own so that the others
     * are stored and the refused one is dropped as it would have been alone.
     */
    private void writeBatch(List<Pending> batch) {
        try {
            batchSizes.record(batch.size());
            if (batch.size() == 1) {
                batch.getFirst().result = write(batch.getFirst().record);
                return;
            }
            List<UsageRecord> records = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                records.add(pending.record);
            }
            try {
                repository.insertAll(records);
                for (Pending pending : batch) {
                    pending.result = Result.WRITTEN;
                }
            } catch (DataIntegrityViolationException e) {
                for (Pending pending : batch) {
                    pending.result = write(pending.record);
                }
            } catch (RuntimeException e) {
                failed(e);
                for (Pending pending : batch) {
                    pending.result = Result.FAILED;
                }
            }
        } finally {
            for (Pending pending : batch) {
                if (pending.result == null) {
                    pending.result = Result.FAILED;
                }
            }
        }
    }

    private Result write(UsageRecord record) {
        try {
            repository.insert(record);
            return Result.WRITTEN;
        } catch (DuplicateKeyException e) {
            // Only a retry meets its own id: the earlier attempt was stored, its answer lost on the way back.
            return Result.WRITTEN;
        } catch (DataIntegrityViolationException e) {
            drop("rejected", 1, "usage record " + record.id() + " of workspace " + record.workspaceId()
                    + ", refused by the database: " + e.getMostSpecificCause().getMessage());
            return Result.REJECTED;
        } catch (RuntimeException e) {
            failed(e);
            return Result.FAILED;
        }
    }

    private void failed(RuntimeException e) {
        writeFailures.increment();
        if (!failing) {
            failing = true;
            log.warn("writing usage records failed; buffering them (at most {}) and retrying: {}", bufferLimit,
                    e.toString());
        }
    }

    private void keep(UsageRecord record) {
        String reason = null;
        lock.lock();
        try {
            if (closed) {
                reason = "shutdown";
            } else if (buffer.size() >= bufferLimit) {
                reason = "buffer-full";
            } else {
                buffer.addLast(record);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (reason != null) {
            drop(reason, 1, "usage record " + record.id() + (reason.equals("shutdown")
                    ? ", written after shutdown while the database fails"
                    : ", the buffer holding " + bufferLimit + " records already"));
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private UsageRecord peek() {
        lock.lock();
        try {
            return buffer.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code duration} unless the recorder closes first. */
    private void pause(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        lock.lock();
        try {
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** initialBackoff × 2^(failures − 1), at most maxBackoff. */
    private Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 30);
        Duration backoff = initialBackoff.multipliedBy(1L << doublings);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** Counts a loss, and logs it at most every 10 seconds (an outage must not flood the log). */
    private void drop(String reason, int count, String what) {
        Counter.builder("modelgate.usage.dropped").tag("reason", reason)
                .description("Usage records lost, by reason").register(meters).increment(count);
        long total = dropped.addAndGet(count);
        long now = System.nanoTime();
        long next = nextDropLog.get();
        if (now - next >= 0 && nextDropLog.compareAndSet(next, now + DROP_LOG_INTERVAL_NANOS)) {
            log.error("usage record lost ({}): {}; {} lost since start", reason, what, total);
        }
    }

    private Counter written(String path) {
        return Counter.builder("modelgate.usage.written").tag("path", path)
                .description("Usage records stored, directly or after buffering").register(meters);
    }

    /** Limits and timing of the retry buffer. */
    public static final class Builder {

        private final UsageRepository repository;
        private final MeterRegistry meters;
        private int bufferLimit = DEFAULT_BUFFER_LIMIT;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private ThreadFactory retryThreads = Thread.ofVirtual().name("usage-record-retry").factory();

        private Builder(UsageRepository repository, MeterRegistry meters) {
            this.repository = Objects.requireNonNull(repository, "repository");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /** How many records may wait for the database (default {@value JdbcUsageRecorder#DEFAULT_BUFFER_LIMIT}); at least 1. */
        public Builder bufferLimit(int bufferLimit) {
            if (bufferLimit < 1) {
                throw new IllegalArgumentException("bufferLimit must be at least 1, got " + bufferLimit);
            }
            this.bufferLimit = bufferLimit;
            return this;
        }

        /** The pause after the first failed retry (default 100 ms), doubling after each further one up to {@code max}
         * (default 30 s). */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 < initial <= max, got " + initial + " and " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** How long {@link #close()} keeps trying to write buffered records (default 10 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** Where the retry thread comes from (default: a virtual thread named {@code usage-record-retry}). */
        Builder retryThreads(ThreadFactory retryThreads) {
            this.retryThreads = Objects.requireNonNull(retryThreads, "retryThreads");
            return this;
        }

        /** The recorder, its retry thread started. */
        public JdbcUsageRecorder build() {
            return new JdbcUsageRecorder(this);
        }
    }
}
