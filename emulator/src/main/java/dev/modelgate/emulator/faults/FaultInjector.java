package dev.modelgate.emulator.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the emulator is told to do wrong: per-model latency, queued failures, STS outages. Thread-safe; every
 * request consults it, so the common case (nothing configured) costs a volatile read.
 */
public final class FaultInjector {

    /** Key for latency that applies to every model without its own. */
    public static final String ANY_MODEL = "*";

    private final Map<String, Latency> latency = new ConcurrentHashMap<>();
    private final List<Fault> queue = new ArrayList<>();
    private volatile boolean anyQueued;
    private volatile boolean stsDown;

    /** Sets the latency of one model (as sent, decoded), or of every model with {@link #ANY_MODEL}. */
    public void setLatency(String model, Latency value) {
        latency.put(model == null ? ANY_MODEL : model, value);
    }

    /** The latency for a model: its own, else the default, else none. */
    public Latency latencyFor(String model) {
        if (latency.isEmpty()) {
            return Latency.NONE;
        }
        Latency own = latency.get(model);
        return own != null ? own : latency.getOrDefault(ANY_MODEL, Latency.NONE);
    }

    /** Queues a failure; faults are consumed in the order they were queued. */
    public synchronized void enqueue(Fault fault) {
        queue.add(fault);
        anyQueued = true;
    }

    /**
     * Takes one use of the first queued fault matching this call, or returns null. A mid-stream fault only
     * matches streaming operations.
     */
    public Fault take(String model, String operation) {
        if (!anyQueued) {
            return null;
        }
        synchronized (this) {
            for (int i = 0; i < queue.size(); i++) {
                Fault fault = queue.get(i);
                if (fault.matches(model, operation) && fault.appliesTo(operation)) {
                    if (fault.count() == 1) {
                        queue.remove(i);
                    } else {
                        queue.set(i, fault.consumedOnce());
                    }
                    anyQueued = !queue.isEmpty();
                    return fault;
                }
            }
            return null;
        }
    }

    /** The faults still queued, with their remaining counts. */
    public synchronized List<Fault> queued() {
        return List.copyOf(queue);
    }

    public Map<String, Latency> latencies() {
        return Map.copyOf(latency);
    }

    /** Takes STS down (every STS call answers 503 ServiceUnavailable) or brings it back. */
    public void setStsDown(boolean down) {
        stsDown = down;
    }

    public boolean stsDown() {
        return stsDown;
    }

    /** Drops every queued fault. */
    public synchronized void clearQueue() {
        queue.clear();
        anyQueued = false;
    }

    /** Drops every latency setting. */
    public void clearLatency() {
        latency.clear();
    }

    /** Clears queued faults, latencies and the STS outage. */
    public synchronized void reset() {
        queue.clear();
        anyQueued = false;
        latency.clear();
        stsDown = false;
    }
}
