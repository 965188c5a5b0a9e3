package dev.modelgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The emulator's clock: a base clock plus an offset that tests move forward (to expire sessions) or sideways (to
 * provoke clock-skew errors) through the control API.
 */
public final class EmulatorClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    /** Sets how far the emulator's time is ahead of (positive) or behind (negative) the base clock. */
    public void setOffset(Duration offset) {
        this.offset = offset;
    }

    /** Moves the emulator's time forward by {@code amount}. */
    public void advance(Duration amount) {
        offset = offset.plus(amount);
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // A snapshot: the returned clock keeps today's offset.
        return Clock.offset(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public long millis() {
        return base.millis() + offset.toMillis();
    }
}
