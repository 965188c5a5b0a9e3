package dev.modelgate.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A closed-loop load of streams, as {@link LoadRun} is of calls: {@code callers} callers, each on its own virtual
 * thread, streaming one {@link StreamPath} back to back for a fixed time, so that exactly {@code callers} streams are
 * open. Each stream's time to first token and total time go into two arrays sized up front; a run ends at its
 * deadline or when the arrays are full, once the streams in flight have ended. Every answer is checked (its text,
 * chunk count and tokens): one that fails the check counts as an error, not a measurement.
 */
final class StreamLoad {

    private StreamLoad() {
    }

    /** What one run measured, in nanoseconds, each array sorted on its own; errors are streams that failed. */
    record Measurement(String label, int callers, long[] firstToken, long[] total, long[] serverFirstToken,
                       long[] serverTotal, long errors, long elapsedNanos, String firstError) {

        long streams() {
            return total.length;
        }

        double streamsPerSecond() {
            return streams() * 1e9 / elapsedNanos;
        }

        double errorRate() {
            long all = streams() + errors;
            return all == 0 ? 0 : (double) errors / all;
        }

        long firstToken(double quantile) {
            return quantile(firstToken, quantile);
        }

        long total(double quantile) {
            return quantile(total, quantile);
        }

        /** The server's own time to first token at {@code quantile}, where every stream reported one. */
        OptionalLong serverFirstToken(double quantile) {
            return serverFirstToken.length == 0 || serverFirstToken.length < total.length
                    ? OptionalLong.empty() : OptionalLong.of(quantile(serverFirstToken, quantile));
        }

        /** The server's own latency of the stream at {@code quantile}, where every stream reported one. */
        OptionalLong serverTotal(double quantile) {
            return serverTotal.length == 0 || serverTotal.length < total.length
                    ? OptionalLong.empty() : OptionalLong.of(quantile(serverTotal, quantile));
        }

        /** This run and {@code other} (the same path and callers, another window) as one: streams, errors and time added. */
        Measurement and(Measurement other) {
            return new Measurement(label, callers, merged(firstToken, other.firstToken), merged(total, other.total),
                    merged(serverFirstToken, other.serverFirstToken), merged(serverTotal, other.serverTotal),
                    errors + other.errors, elapsedNanos + other.elapsedNanos,
                    firstError != null ? firstError : other.firstError);
        }

        private static long[] merged(long[] a, long[] b) {
            return java.util.stream.LongStream.concat(Arrays.stream(a), Arrays.stream(b)).sorted().toArray();
        }

        /** The {@code quantile} (0 < q ≤ 1) by nearest rank. */
        private long quantile(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                throw new IllegalStateException(label + " at " + callers + " callers completed no stream: " + firstError);
            }
            return LoadRun.nearestRank(sorted, quantile);
        }
    }

    /**
     * Runs {@code callers} callers of {@code path} for {@code duration}, recording at most {@code maxStreams};
     * {@code check} throws for an answer that is not the expected one.
     */
    static Measurement run(StreamPath path, int callers, Duration duration, int maxStreams, Consumer<StreamAnswer> check) {
        long[] firstToken = new long[maxStreams];
        long[] total = new long[maxStreams];
        long[] serverFirstToken = new long[maxStreams];
        long[] serverTotal = new long[maxStreams];
        AtomicInteger next = new AtomicInteger();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                threads.execute(() -> {
                    while (System.nanoTime() - deadline < 0 && next.get() < maxStreams) {
                        StreamAnswer answer;
                        try {
                            answer = path.call();
                            check.accept(answer);
                        } catch (Exception e) {
                            errors.increment();
                            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                            continue;
                        }
                        int slot = next.getAndIncrement();
                        if (slot < maxStreams) {
                            firstToken[slot] = answer.firstTokenNanos();
                            total[slot] = answer.totalNanos();
                            serverFirstToken[slot] = answer.serverFirstTokenMillis() * 1_000_000;
                            serverTotal[slot] = answer.serverTotalMillis() * 1_000_000;
                        }
                    }
                });
            }
        } // close() waits for every caller: their writes happen-before what follows
        long elapsed = System.nanoTime() - start;
        int recorded = Math.min(next.get(), maxStreams);
        long[] first = Arrays.copyOf(firstToken, recorded);
        long[] all = Arrays.copyOf(total, recorded);
        long[] server = Arrays.stream(serverFirstToken, 0, recorded).filter(n -> n >= 0).toArray();
        Arrays.sort(first);
        Arrays.sort(all);
        long[] serverAll = Arrays.stream(serverTotal, 0, recorded).filter(n -> n >= 0).toArray();
        Arrays.sort(server);
        Arrays.sort(serverAll);
        return new Measurement(path.label(), callers, first, all, server, serverAll, errors.sum(), elapsed,
                firstError.get());
    }
}
