package dev.modelgate.invoke;

import dev.modelgate.invoke.InvokeException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The instant by which everything Modelgate does for one call of a model must be done: rendering the body, every
 * attempt, the waits between them, reading the answer and mapping it. Started once when the call begins, from the
 * model's total timeout, and handed down; each step {@linkplain #check checks} it before and after it runs, each
 * attempt's SDK timeouts are {@linkplain #remaining() capped} by it, and no backoff that would cross it is slept.
 *
 * <p>A step already running is not interrupted (rendering and mapping are bounded by their own size and CPU limits,
 * an attempt by its SDK timeouts); its result is dropped when the deadline passed while it ran. Immutable and
 * thread-safe.
 */
public final class Deadline {

    /** The steps of one call, in order, as a timeout names them. */
    public enum Step {
        /** Rendering the request body from the template and the values. */
        RENDER,
        /** Before an {@code InvokeModel} attempt, or during it (the SDK's own timeout, capped by the deadline). */
        ATTEMPT,
        /** The wait before a retry. */
        BACKOFF,
        /** Reading Bedrock's answer as JSON. */
        READ,
        /** Applying the output mapping. */
        MAP,
        /** Relaying a streamed answer, after its first event. */
        STREAM
    }

    private final Clock clock;
    private final Duration total;
    private final Instant end;

    private Deadline(Clock clock, Duration total) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.total = Objects.requireNonNull(total, "total");
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive total, got " + total);
        }
        this.end = clock.instant().plus(total);
    }

    /** A deadline {@code total} from now, as {@code clock} tells time. */
    public static Deadline start(Clock clock, Duration total) {
        return new Deadline(clock, total);
    }

    /** The total this deadline was started with. */
    public Duration total() {
        return total;
    }

    /** What is left; zero once passed, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return !clock.instant().isBefore(end);
    }

    /** Whether a wait of {@code delay} would still end before the deadline. */
    boolean allows(Duration delay) {
        return delay.compareTo(remaining()) < 0;
    }

    /**
     * Fails the call when the deadline has passed.
     *
     * @param step     the step about to run, or that just ran
     * @param attempts the {@code InvokeModel} calls made so far
     * @throws DeadlineExceededException when it has
     */
    public void check(Step step, int attempts) {
        if (expired()) {
            throw exceeded(step, attempts, null);
        }
    }

    /** The failure of a call whose deadline passed in {@code step}. */
    DeadlineExceededException exceeded(Step step, int attempts, Throwable cause) {
        return new DeadlineExceededException(step, "the model's total timeout of " + total.toMillis()
                + " ms ran out in step " + step + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
                + " made)", attempts, cause);
    }

    @Override
    public String toString() {
        return "Deadline[total=" + total + ", end=" + end + "]";
    }

    /** A call that ran past its model's total timeout: {@link Kind#TIMEOUT}, naming the step it was in. */
    public static final class DeadlineExceededException extends InvokeException {

        private final Step step;

        DeadlineExceededException(Step step, String message, int attempts, Throwable cause) {
            super(Kind.TIMEOUT, message, 0, null, null, attempts, cause);
            this.step = step;
        }

        /** The step the call was in when its deadline passed. */
        public Step step() {
            return step;
        }
    }
}
