package dev.modelgate.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset that tests move forward, in step with the emulator's
 * {@code clock().advance(...)}, which also runs on the system clock.
 */
final class TestClock extends Clock {

    private volatile Duration advanced = Duration.ZERO;

    synchronized void advance(Duration amount) {
        advanced = advanced.plus(amount);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(advanced);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // A snapshot at the current instant; tests only ever read UTC instants.
        return Clock.fixed(instant(), zone);
    }
}
