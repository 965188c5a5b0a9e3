package dev.modelgate.emulator.faults;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Simulated model latency.
 *
 * @param fixed        added before a non-streamed answer (and before the first chunk of a stream, unless
 *                     {@code firstChunk} is set)
 * @param jitter       a uniformly random extra in [0, jitter) added to each wait
 * @param firstChunk   time to the first chunk of a stream; zero means {@code fixed}
 * @param betweenChunks gap between two chunks of a stream
 */
public record Latency(Duration fixed, Duration jitter, Duration firstChunk, Duration betweenChunks) {

    private static final Duration MAX = Duration.ofMinutes(10);

    /** No added latency. */
    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Latency {
        fixed = check("fixedMs", fixed);
        jitter = check("jitterMs", jitter);
        firstChunk = check("firstChunkMs", firstChunk);
        betweenChunks = check("chunkGapMs", betweenChunks);
    }

    public static Latency ofMillis(long fixedMs, long jitterMs, long firstChunkMs, long chunkGapMs) {
        return new Latency(Duration.ofMillis(fixedMs), Duration.ofMillis(jitterMs), Duration.ofMillis(firstChunkMs), Duration.ofMillis(chunkGapMs));
    }

    private static Duration check(String field, Duration value) {
        Duration d = value == null ? Duration.ZERO : value;
        if (d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(field + " must be between 0 and " + MAX.toMillis() + " ms, got " + d.toMillis());
        }
        return d;
    }

    /** Waits before a whole answer. */
    public void beforeAnswer() throws InterruptedException {
        pause(fixed);
    }

    /** Waits before the first chunk of a stream. */
    public void beforeFirstChunk() throws InterruptedException {
        pause(firstChunk.isZero() ? fixed : firstChunk);
    }

    /** Waits between two chunks of a stream. */
    public void pauseBetweenChunks() throws InterruptedException {
        pause(betweenChunks);
    }

    private void pause(Duration base) throws InterruptedException {
        long nanos = base.toNanos();
        if (!jitter.isZero()) {
            nanos += ThreadLocalRandom.current().nextLong(jitter.toNanos());
        }
        if (nanos > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
