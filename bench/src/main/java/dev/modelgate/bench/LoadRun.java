package dev.modelgate.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code callers} callers, each on its own virtual thread, calling one {@link InvokePath} back to
 * back for a fixed time, so that exactly {@code callers} calls are in flight. The latency of every successful call
 * (System.nanoTime around it) goes into one array sized up front; a run ends at its deadline or when the array is
 * full, whichever comes first, once the calls in flight have returned.
 */
final class LoadRun {

    private LoadRun() {
    }

    /** What one run measured. Latencies are in nanoseconds, sorted; errors are calls that threw. */
    record Measurement(String label, int callers, long[] sortedLatencies, long errors, long elapsedNanos,
                       String firstError) {

        long calls() {
            return sortedLatencies.length;
        }

        /** Successful calls per second of the run. */
        double callsPerSecond() {
            return calls() * 1e9 / elapsedNanos;
        }

        /** The {@code quantile} (0 < q ≤ 1) latency by nearest rank, in nanoseconds. */
        long latency(double quantile) {
            if (sortedLatencies.length == 0) {
                throw new IllegalStateException(label + " at " + callers + " callers completed no call: " + firstError);
            }
            return nearestRank(sortedLatencies, quantile);
        }

        /** Errors as a share of all calls. */
        double errorRate() {
            long all = calls() + errors;
            return all == 0 ? 0 : (double) errors / all;
        }

        /** This run and {@code other} (the same path and callers, another window) as one: calls, errors and time added. */
        Measurement and(Measurement other) {
            long[] both = java.util.stream.LongStream.concat(Arrays.stream(sortedLatencies),
                    Arrays.stream(other.sortedLatencies)).sorted().toArray();
            return new Measurement(label, callers, both, errors + other.errors, elapsedNanos + other.elapsedNanos,
                    firstError != null ? firstError : other.firstError);
        }
    }

    /** Runs {@code callers} callers of {@code path} for {@code duration}, recording at most {@code maxCalls}. */
    static Measurement run(InvokePath path, int callers, Duration duration, int maxCalls) {
        long[] latencies = new long[maxCalls];
        AtomicInteger next = new AtomicInteger();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                threads.execute(() -> {
                    while (System.nanoTime() - deadline < 0 && next.get() < maxCalls) {
                        long began = System.nanoTime();
                        try {
                            path.call();
                        } catch (Exception e) {
                            errors.increment();
                            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                            continue;
                        }
                        long took = System.nanoTime() - began;
                        int slot = next.getAndIncrement();
                        if (slot < maxCalls) {
                            latencies[slot] = took;
                        }
                    }
                });
            }
        } // close() waits for every caller: their writes to latencies happen-before what follows
        long elapsed = System.nanoTime() - start;
        long[] recorded = Arrays.copyOf(latencies, Math.min(next.get(), maxCalls));
        Arrays.sort(recorded);
        return new Measurement(path.label(), callers, recorded, errors.sum(), elapsed, firstError.get());
    }

    /** The {@code quantile} (0 < q ≤ 1) of {@code sorted} (ascending, not empty) by nearest rank. */
    static long nearestRank(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
