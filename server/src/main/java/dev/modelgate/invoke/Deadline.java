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
 * an attempt by its SDK timeouts); its result is dropped when the deadline passed while it ran.
 *
 * <p>A deadline started with a {@link Cutoff} ends at the earlier of the total and the cutoff's instant, once the
 * process stopping has set it; passing it there fails the call with a {@link CutOffException}
 * ({@code shutting-down}) instead of a timeout, and a {@linkplain Cutoff#cut() cut} passes it at once. Immutable
 * (the cutoff aside) and thread-safe.
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
    private final Cutoff cutoff;

    private Deadline(Clock clock, Duration total, Cutoff cutoff) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.total = Objects.requireNonNull(total, "total");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive total, got " + total);
        }
        this.end = clock.instant().plus(total);
    }

    /** A deadline {@code total} from now, as {@code clock} tells time. */
    public static Deadline start(Clock clock, Duration total) {
        return new Deadline(clock, total, Cutoff.none());
    }

    /** A deadline {@code total} from now, or at {@code cutoff}'s instant once one is set and it comes first. */
    public static Deadline start(Clock clock, Duration total, Cutoff cutoff) {
        return new Deadline(clock, total, cutoff);
    }

    /** The total this deadline was started with. */
    public Duration total() {
        return total;
    }

    /** What is left; zero once passed, never negative. */
    public Duration remaining() {
        if (cutoff.isCut()) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), end());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return cutoff.isCut() || !clock.instant().isBefore(end());
    }

    /** The cutoff this deadline ends at, should it come first. */
    Cutoff cutoff() {
        return cutoff;
    }

    /** Whether the process stopping ended the call: the cutoff came before the total ran out, and has passed. */
    boolean cutOff() {
        Instant at = cutoff.instant();
        return at != null && at.isBefore(end) && (cutoff.isCut() || !clock.instant().isBefore(at));
    }

    /** The earlier of the total's end and the cutoff's instant. */
    private Instant end() {
        Instant at = cutoff.instant();
        return at != null && at.isBefore(end) ? at : end;
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
     * @throws DeadlineExceededException when it has; a {@link CutOffException} when the cutoff ended it
     */
    public void check(Step step, int attempts) {
        if (expired()) {
            throw exceeded(step, attempts, null);
        }
    }

    /**
     * The failure of a call whose deadline passed in {@code step}: a {@link CutOffException} when the process
     * stopping ended it, else a {@link DeadlineExceededException}.
     */
    InvokeException exceeded(Step step, int attempts, Throwable cause) {
        String made = " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + " made)";
        if (cutOff()) {
            return new CutOffException(step, "this instance is stopping, and the call was still running at the end "
                    + "of its grace period; it was cut in step " + step + made, attempts, cause);
        }
        return new DeadlineExceededException(step, "the model's total timeout of " + total.toMillis()
                + " ms ran out in step " + step + made, attempts, cause);
    }

    @Override
    public String toString() {
        return "Deadline[total=" + total + ", end=" + end + ", " + cutoff + "]";
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

    /**
     * A call still running when the process stopping cut it ({@link Cutoff}): {@link Kind#SHUTTING_DOWN}, naming
     * the step it was in.
     */
    public static final class CutOffException extends InvokeException {

        private final Step step;

        CutOffException(Step step, String message, int attempts, Throwable cause) {
            super(Kind.SHUTTING_DOWN, message, 0, null, null, attempts, cause);
            this.step = step;
        }

        /** The step the call was in when it was cut. */
        public Step step() {
            return step;
        }
    }
}
