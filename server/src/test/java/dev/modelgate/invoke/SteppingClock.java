package dev.modelgate.invoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves {@code step} forward each time it is read: the n-th read (from 0) says {@code start + n × step}.
 * Makes "the deadline passed during step X" deterministic: what passes is decided by the number of checks, not by
 * how fast the machine is.
 */
public final class SteppingClock extends Clock {

    private final Instant start = Instant.parse("2026-12-01T00:00:00Z");
    private final Duration step;
    private long reads;

    public SteppingClock(Duration step) {
        this.step = step;
    }

    @Override
    public synchronized Instant instant() {
        return start.plus(step.multipliedBy(reads++));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a stepping clock is UTC only");
    }
}
