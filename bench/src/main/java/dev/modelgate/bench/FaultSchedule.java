package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What goes wrong at the emulator during the soak, in cycles of {@value #CYCLE_SECONDS} s, through its fault
 * injection (the Java side of its {@code /_emulator} control API):
 * <ol>
 *   <li>0–12 s, Bedrock errors: the next calls answer THROTTLING, SERVICE_UNAVAILABLE, INTERNAL_SERVER,
 *       MODEL_TIMEOUT, MODEL_NOT_READY or MODEL_ERROR (picked at random), queued again whenever the queue runs low;
 *       three bursts in four are short (1–4 answers: Modelgate's retries absorb them), one is long (16–64: calls run
 *       out of attempts and the agents see the failure);</li>
 *   <li>12–18 s, slow answers and broken bodies: 100 ms + up to 700 ms of latency, and TRUNCATED_BODY or
 *       NON_JSON_BODY answers queued the same way;</li>
 *   <li>18–22 s, latency around the model's total timeout: 1.5 s + up to 2 s, so that many calls run out of time;</li>
 *   <li>22–27 s, STS down, and the emulator's clock moved 2 hours on as it goes down, so that the sessions Modelgate
 *       holds (the soak has them last 15 minutes) expire and it must assume the role anew while STS refuses;</li>
 *   <li>27–30 s, STS back, nothing injected: Modelgate must recover on its own.</li>
 * </ol>
 * The random choices come from a seeded {@link Random}, so that a seed gives the same sequence of faults.
 */
final class FaultSchedule implements AutoCloseable {

    static final int CYCLE_SECONDS = 30;
    static final Duration CLOCK_STEP = Duration.ofHours(2);
    private static final long TICK_MILLIS = 250;
    private static final int LOW_WATER = 2;
    private static final List<FaultKind> ERRORS = List.of(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE,
            FaultKind.INTERNAL_SERVER, FaultKind.MODEL_TIMEOUT, FaultKind.MODEL_NOT_READY, FaultKind.MODEL_ERROR);
    private static final List<FaultKind> BODIES = List.of(FaultKind.TRUNCATED_BODY, FaultKind.NON_JSON_BODY);
    private static final Latency SLOW = Latency.ofMillis(100, 700, 0, 0);
    private static final Latency AROUND_TIMEOUT = Latency.ofMillis(1_500, 2_000, 0, 0);

    private enum Phase { ERRORS, SLOW_AND_BODIES, AROUND_TIMEOUT, STS_DOWN, RECOVERY }

    /** What the schedule did. {@code faults} are those the emulator answered (queued less those left over). */
    record Injected(Map<FaultKind, Long> faults, int slowWindows, int timeoutWindows, int stsOutages,
                    Duration stsDownTime, int clockSteps) {

        long totalFaults() {
            return faults.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final FaultInjector faults;
    private final Emulator emulator;
    private final Random random;
    private final Thread thread;
    private final Map<FaultKind, Long> queued = new EnumMap<>(FaultKind.class); // written by the schedule's thread
    private volatile boolean stopping;
    private int slowWindows;
    private int timeoutWindows;
    private int stsOutages;
    private int clockSteps;
    private long stsDownNanos;
    private long stsDownSince;
    private Phase phase;

    private FaultSchedule(Emulator emulator, long seed) {
        this.emulator = emulator;
        this.faults = emulator.faults();
        this.random = new Random(seed);
        this.thread = Thread.ofPlatform().daemon().name("fault-schedule").unstarted(this::loop);
    }

    /** Starts the schedule now, at the beginning of a cycle. */
    static FaultSchedule start(Emulator emulator, long seed) {
        FaultSchedule schedule = new FaultSchedule(emulator, seed);
        schedule.thread.start();
        return schedule;
    }

    private void loop() {
        long began = System.nanoTime();
        while (!stopping) {
            long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) % CYCLE_SECONDS;
            enter(second < 12 ? Phase.ERRORS : second < 18 ? Phase.SLOW_AND_BODIES : second < 22 ? Phase.AROUND_TIMEOUT
                    : second < 27 ? Phase.STS_DOWN : Phase.RECOVERY);
            if (phase == Phase.ERRORS) {
                topUp(ERRORS);
            } else if (phase == Phase.SLOW_AND_BODIES) {
                topUp(BODIES);
            }
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void enter(Phase next) {
        if (next == phase) {
            return;
        }
        if (phase == Phase.STS_DOWN) {
            faults.setStsDown(false);
            stsDownNanos += System.nanoTime() - stsDownSince;
        }
        faults.clearLatency();
        switch (next) {
            case SLOW_AND_BODIES -> {
                faults.setLatency(FaultInjector.ANY_MODEL, SLOW);
                slowWindows++;
            }
            case AROUND_TIMEOUT -> {
                faults.setLatency(FaultInjector.ANY_MODEL, AROUND_TIMEOUT);
                timeoutWindows++;
            }
            case STS_DOWN -> {
                stsDownSince = System.nanoTime();
                faults.setStsDown(true);
                emulator.clock().advance(CLOCK_STEP);
                stsOutages++;
                clockSteps++;
            }
            case ERRORS, RECOVERY -> {
            }
        }
        phase = next;
    }

    private void topUp(List<FaultKind> kinds) {
        if (faults.queued().stream().mapToInt(Fault::count).sum() >= LOW_WATER) {
            return;
        }
        FaultKind kind = kinds.get(random.nextInt(kinds.size()));
        int count = random.nextInt(4) == 0 ? 16 + random.nextInt(49) : 1 + random.nextInt(4);
        faults.enqueue(Fault.next(count, kind));
        queued.merge(kind, (long) count, Long::sum);
    }

    /**
     * Stops the schedule and lifts every fault: queued faults cleared (those left over are not counted as
     * injected), latency gone, STS up. The emulator's clock stays where it is, as time would.
     */
    Injected stop() throws InterruptedException {
        stopping = true;
        thread.join();
        if (phase == Phase.STS_DOWN) {
            stsDownNanos += System.nanoTime() - stsDownSince;
        }
        Map<FaultKind, Long> answered = new EnumMap<>(queued);
        for (Fault left : faults.queued()) {
            answered.merge(left.kind(), (long) -left.count(), Long::sum);
        }
        faults.reset();
        return new Injected(answered, slowWindows, timeoutWindows, stsOutages, Duration.ofNanos(stsDownNanos),
                clockSteps);
    }

    /** Lifts the faults if {@link #stop()} was not called (the soak failed). */
    @Override
    public void close() {
        stopping = true;
        faults.reset();
    }
}
