package dev.modelgate.invoke;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instant by which every call this process runs must end because the process is stopping: none while it runs,
 * {@linkplain #at set} when it begins to stop. Each call's {@link Deadline} ends at the earlier of the model's total
 * timeout and this instant, so from then on no attempt starts with a timeout past it, no backoff crosses it and a
 * stream's relay ends at it (with a {@link InvokeException.Kind#SHUTTING_DOWN shutting-down} failure: an
 * {@code error} event and its usage recorded). An attempt already waiting for Bedrock when the instant was set is
 * aborted by {@link #cut()}: the thread of each attempt in progress is interrupted, as the SDK's own call timeouts do.
 *
 * <p>Thread-safe. One per process; {@link #none()} for deadlines that only the model's timeout bounds.
 */
public final class Cutoff {

    private static final Cutoff NONE = new Cutoff();

    private volatile Instant at;
    private volatile boolean cut;
    private final Set<Attempt> attempts = ConcurrentHashMap.newKeySet();

    /** A cutoff not yet set. */
    public static Cutoff create() {
        return new Cutoff();
    }

    /** A cutoff never set: deadlines bound by the model's timeout alone. */
    public static Cutoff none() {
        return NONE;
    }

    /**
     * Sets the instant every call must end by; the earliest of several is kept.
     *
     * @throws UnsupportedOperationException on {@link #none()}
     */
    public void at(Instant instant) {
        if (this == NONE) {
            throw new UnsupportedOperationException("Cutoff.none() is never set");
        }
        synchronized (this) {
            if (at == null || instant.isBefore(at)) {
                at = instant;
            }
        }
    }

    /**
     * Cuts now: every deadline passes at once, and each attempt still waiting for Bedrock is aborted (its thread
     * interrupted; the interruption is cleared when the attempt ends).
     *
     * @throws IllegalStateException before {@link #at} was set
     */
    public void cut() {
        if (at == null) {
            throw new IllegalStateException("a cutoff is cut only once its instant is set");
        }
        cut = true;
        for (Attempt attempt : attempts) {
            attempt.abort();
        }
    }

    /** Back to no instant, for a process that takes calls again (a context restarted after a stop). */
    public synchronized void clear() {
        at = null;
        cut = false;
    }

    /** The instant calls must end by; null while none is set. */
    Instant instant() {
        return at;
    }

    /** Whether {@link #cut()} was called since the instant was set. */
    boolean isCut() {
        return cut;
    }

    /** How many attempts are running now. */
    public int attemptsRunning() {
        return attempts.size();
    }

    /**
     * Marks an attempt running on the calling thread until {@link Attempt#close()}: {@link #cut()} interrupts the
     * thread meanwhile. Nothing is marked on {@link #none()}.
     */
    Attempt enter() {
        Attempt attempt = new Attempt(Thread.currentThread());
        if (this != NONE) {
            attempts.add(attempt);
            if (cut) {
                attempt.abort();
            }
        }
        return attempt;
    }

    /** One attempt in progress; {@link #close()} it on the thread that entered it, when it ends. */
    final class Attempt implements AutoCloseable {

        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private boolean ended; // guarded by lock
        private boolean aborted; // guarded by lock

        private Attempt(Thread thread) {
            this.thread = thread;
        }

        private void abort() {
            lock.lock();
            try {
                if (!ended && !aborted) {
                    aborted = true;
                    thread.interrupt();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Ends the attempt; an interruption the cut caused does not outlive it. */
        @Override
        public void close() {
            lock.lock();
            try {
                ended = true;
                if (aborted) {
                    Thread.interrupted();
                }
            } finally {
                lock.unlock();
            }
            attempts.remove(this);
        }
    }

    @Override
    public String toString() {
        return this == NONE ? "Cutoff[none]" : "Cutoff[at=" + at + ", cut=" + cut + "]";
    }
}
