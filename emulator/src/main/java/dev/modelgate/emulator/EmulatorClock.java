package dev.modelgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock: a base clock moved in two different ways.
 *
 * <ul>
 *   <li>{@link #advance}: time passes for everyone — sessions expire, time conditions see a later time — as if the
 *       callers' clocks had moved on too, so requests they sign with their own clock stay current. This is how a
 *       test expires a session without waiting.</li>
 *   <li>{@link #setOffset}: the emulator's clock is out of step with its callers', by the offset: the clock skew
 *       AWS refuses signatures for ("Signature expired", "Signature not yet current").</li>
 * </ul>
 *
 * {@link #instant()} is the emulator's now (base + offset + advanced); {@link #signatureClock()} is what request
 * signing times are held against (base + offset).
 */
public final class EmulatorClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;
    private volatile Duration advanced = Duration.ZERO;

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    /** Sets how far the emulator's clock is ahead of (positive) or behind (negative) its callers' clocks. */
    public void setOffset(Duration offset) {
        this.offset = offset;
    }

    /** Lets {@code amount} of time pass for the emulator and, as far as signatures go, for its callers. */
    public synchronized void advance(Duration amount) {
        advanced = advanced.plus(amount);
    }

    /** Back to the base clock: no offset, no time advanced. */
    public synchronized void reset() {
        offset = Duration.ZERO;
        advanced = Duration.ZERO;
    }

    /** How far the emulator's clock is out of step with its callers' (see {@link #setOffset}). */
    public Duration offset() {
        return offset;
    }

    /** How much time {@link #advance} has let pass. */
    public Duration advanced() {
        return advanced;
    }

    /**
     * The time request signatures are held against: the base clock plus the offset, without the time advanced —
     * the emulator's now as a caller in step with it would read it on its own clock.
     */
    public Clock signatureClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.offset(base.withZone(zone), offset);
            }

            @Override
            public Instant instant() {
                return base.instant().plus(offset);
            }
        };
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // A snapshot: the returned clock keeps today's offset and advance.
        return Clock.offset(base.withZone(zone), offset.plus(advanced));
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset).plus(advanced);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
