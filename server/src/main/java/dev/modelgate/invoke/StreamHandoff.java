package dev.modelgate.invoke;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Hands a Reactive Streams publisher's items (Bedrock's stream events, delivered on Netty's threads) to one
 * consuming thread (the request's virtual thread), with backpressure: at most {@link #CAPACITY} items are ever
 * requested and not yet taken. It requests {@code CAPACITY} items up front and one more each time the consumer
 * {@linkplain #next takes} one, so a consumer that stops taking stops the publisher, which stops reading from the
 * connection (Netty reads only on demand); nothing is buffered without bound. The publisher's thread never blocks.
 *
 * <p>Terminal signals ({@code onError}, {@code onComplete}, or a {@link #fail failure} from outside the publisher,
 * such as the SDK's response handler) are queued after the items and end the hand-off. {@link #cancel()} cancels the
 * subscription (now, or as soon as there is one). Thread-safe in that one thread consumes and any thread signals.
 *
 * @param <T> the item type
 */
final class StreamHandoff<T> implements Subscriber<T> {

    /** Items requested from the publisher and not yet taken by the consumer: the whole buffer of one stream. */
    static final int CAPACITY = 2;

    /** What {@link #next} answers. */
    sealed interface Signal<T> {
    }

    /** One item. */
    record Item<T>(T value) implements Signal<T> {
    }

    /** The publisher completed. */
    record Completed<T>() implements Signal<T> {
    }

    /** The publisher (or the request around it) failed. */
    record Failed<T>(Throwable error) implements Signal<T> {
    }

    // Items (at most CAPACITY by demand) and two terminal signals: onError and the handler's failure may both come.
    private final BlockingQueue<Signal<T>> queue = new ArrayBlockingQueue<>(CAPACITY + 2);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong requested = new AtomicLong();
    private volatile Subscription subscription;
    private volatile boolean terminated;
    /** The failure queued, while it may still be replaced by a more precise one. */
    private Failed<T> failed;

    @Override
    public void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (subscription != null) {
            s.cancel(); // Reactive Streams rule 2.5: one subscription only
            return;
        }
        subscription = s;
        if (cancelled.get()) {
            s.cancel();
            return;
        }
        requested.addAndGet(CAPACITY);
        s.request(CAPACITY);
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item");
        if (received.incrementAndGet() > requested.get() || !queue.offer(new Item<>(item))) {
            // More than was requested: a broken publisher. Stop it rather than buffer.
            cancel();
            fail(new IllegalStateException("the publisher sent more items than the " + CAPACITY + " requested"));
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public synchronized void onComplete() {
        if (!terminated) {
            terminated = true;
            queue.offer(new Completed<>());
        }
    }

    /**
     * Ends the hand-off with {@code error} (after the items already queued), unless it already ended. A stream's
     * exception event reaches the hand-off twice, in either order: as the publisher's cancellation (the SDK cuts the
     * connection once it has read the event) and as the handler's exception itself. So a failure that says only
     * "cancelled" is replaced by a later, precise one while the consumer has not taken it yet.
     */
    synchronized void fail(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (!terminated) {
            terminated = true;
            failed = new Failed<>(error);
            queue.offer(failed);
        } else if (failed != null && cancellation(failed.error()) && !cancellation(error) && queue.remove(failed)) {
            failed = new Failed<>(error);
            queue.offer(failed);
        }
    }

    /** Whether {@code error} says only that the exchange was cancelled, by anyone (its message names no cause). */
    private static boolean cancellation(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof java.util.concurrent.CancellationException
                    || e instanceof software.amazon.awssdk.http.SdkCancellationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next signal, waiting at most {@code wait}; null when none came in that time. Taking an item asks the
     * publisher for one more.
     *
     * @throws InterruptedException when the consuming thread is interrupted
     */
    Signal<T> next(Duration wait) throws InterruptedException {
        Signal<T> signal = queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        if (signal instanceof Item<T> && !cancelled.get()) {
            Subscription s = subscription;
            if (s != null) {
                requested.incrementAndGet();
                s.request(1);
            }
        }
        return signal;
    }

    /**
     * Waits for a stream's first signal, as both streaming operations open theirs: the exchange failing fails the
     * hand-off; no first signal within {@code deadline}, an interruption or a failure first cancels both and throws.
     *
     * @param exchange the SDK's call that feeds this hand-off
     * @param attempts the attempt this is, for the failures thrown
     * @return the first signal: an item or the end of an empty stream
     * @throws InvokeException the stream's failure (translated), UNAVAILABLE when interrupted, TIMEOUT at the deadline
     * @throws dev.modelgate.credentials.AssumeRoleException when the stream failed for want of the tenant's session
     */
    Signal<T> first(CompletableFuture<Void> exchange, Deadline deadline, int attempts) {
        exchange.whenComplete((ignored, error) -> {
            if (error != null) {
                fail(error);
            }
        });
        Signal<T> first;
        try {
            first = next(deadline.remaining());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            exchange.cancel(true);
            throw new InvokeException(InvokeException.Kind.UNAVAILABLE, "interrupted while waiting for the stream", 0,
                    null, null, attempts, e);
        }
        if (first == null) {
            cancel();
            exchange.cancel(true);
            throw deadline.exceeded(Deadline.Step.ATTEMPT, attempts, null);
        }
        if (first instanceof Failed<T>(Throwable error)) {
            cancel();
            throw failure(error, attempts);
        }
        return first;
    }

    /** A stream's failure as thrown: the tenant's session that could not be had, or Bedrock's failure translated. */
    static RuntimeException failure(Throwable error, int attempts) {
        var assumeRole = ModelInvoker.assumeRoleCause(error);
        return assumeRole != null ? assumeRole : StreamFailures.translate(error, attempts);
    }

    /** Cancels the subscription: the publisher stops and the connection under it is closed. Idempotent. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** Whether {@link #cancel()} was called. */
    boolean cancelled() {
        return cancelled.get();
    }

    /** Items received from the publisher so far. */
    long received() {
        return received.get();
    }

    /** Items requested from the publisher so far: never more than {@link #CAPACITY} beyond those taken. */
    long requested() {
        return requested.get();
    }
}
