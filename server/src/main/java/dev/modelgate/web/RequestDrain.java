package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the API requests in flight and, once {@linkplain #drain() draining}, refuses new ones: 503
 * {@code shutting-down} (under {@code /v1}, OpenAI's error shape) with {@code Retry-After} and
 * {@code Connection: close}, so that a client on a kept-alive connection reconnects, through its load balancer, to
 * another instance. Requests already in flight, streams included, go on; {@link #awaitIdle} waits for them. Mapped to
 * the API only ({@code /api/*}, {@code /v1/*}): the health probes, the metrics and the console's files keep answering
 * while the instance drains. Thread-safe.
 */
public final class RequestDrain extends OncePerRequestFilter {

    private final long retryAfterSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight; // guarded by lock
    private boolean draining; // guarded by lock

    /**
     * @param retryAfter what a refused client is told to wait before sending the request again (rounded up to whole
     *                   seconds, at least 1)
     */
    public RequestDrain(Duration retryAfter) {
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("the Retry-After of a draining instance must not be negative, got "
                    + retryAfter);
        }
        this.retryAfterSeconds = TooManyRequestsException.seconds(retryAfter);
    }

    /** The {@code Retry-After} of refused requests, in seconds. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enter()) {
            refuse(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            leave();
        }
    }

    /** From now on, new requests are refused; those in flight go on. */
    public void drain() {
        lock.lock();
        try {
            draining = true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes requests again (a context restarted after a stop). */
    public void open() {
        lock.lock();
        try {
            draining = false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether new requests are refused. */
    public boolean draining() {
        lock.lock();
        try {
            return draining;
        } finally {
            lock.unlock();
        }
    }

    /** The API requests in flight now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no API request is in flight, at most {@code timeout}.
     *
     * @return whether none is; false when {@code timeout} passed first, or the thread was interrupted
     */
    public boolean awaitIdle(Duration timeout) {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean enter() {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.setHeader("Connection", "close");
        ProblemWriter.write(request, response, ErrorCode.SHUTTING_DOWN, "this instance is stopping and takes no new "
                + "requests; send the request again in " + retryAfterSeconds + " s (another instance takes it)");
    }

    @Override
    public String toString() {
        return "RequestDrain[inFlight=" + inFlight() + ", draining=" + draining() + "]";
    }
}
