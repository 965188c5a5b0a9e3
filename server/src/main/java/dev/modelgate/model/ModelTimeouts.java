package dev.modelgate.model;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long Modelgate waits for one model: to connect to Bedrock, and for the whole invocation, retries and their
 * backoff included. Explicit limits: connect {@value #MIN_CONNECT_MILLIS} ms to {@value #MAX_CONNECT_MILLIS} ms,
 * total {@value #MIN_TOTAL_MILLIS} ms to {@value #MAX_TOTAL_MILLIS} ms, and connect below total.
 *
 * @param connect limit on opening a connection to Bedrock
 * @param total   limit on the whole invocation, from the first attempt to the last byte of the answer
 */
public record ModelTimeouts(Duration connect, Duration total) {

    public static final long MIN_CONNECT_MILLIS = 100;
    public static final long MAX_CONNECT_MILLIS = 30_000;
    public static final long MIN_TOTAL_MILLIS = 1_000;
    public static final long MAX_TOTAL_MILLIS = 600_000;
    /** Five seconds to connect, one minute in all. */
    public static final ModelTimeouts DEFAULT = new ModelTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));

    public ModelTimeouts {
        if (connect == null || total == null) {
            throw new IllegalArgumentException("connect and total timeouts are required");
        }
        if (connect.compareTo(total) >= 0) {
            throw new IllegalArgumentException("connect timeout " + connect + " must be below the total " + total);
        }
    }

    /**
     * The timeouts a draft asks for; a missing part takes its default.
     *
     * @throws InvalidInputException naming {@code timeouts.connectMillis} or {@code timeouts.totalMillis} and the
     *                               rule {@code out-of-range} (or {@code connect-not-below-total})
     */
    public static ModelTimeouts of(ModelDraft.Timeouts draft) {
        if (draft == null) {
            return DEFAULT;
        }
        long connect = draft.connectMillis() == null ? DEFAULT.connect.toMillis() : draft.connectMillis();
        long total = draft.totalMillis() == null ? DEFAULT.total.toMillis() : draft.totalMillis();
        List<Violation> violations = new ArrayList<>();
        if (connect < MIN_CONNECT_MILLIS || connect > MAX_CONNECT_MILLIS) {
            violations.add(Violation.of("timeouts.connectMillis", "out-of-range", "timeouts.connectMillis must be "
                    + "between " + MIN_CONNECT_MILLIS + " and " + MAX_CONNECT_MILLIS + ", got " + connect));
        }
        if (total < MIN_TOTAL_MILLIS || total > MAX_TOTAL_MILLIS) {
            violations.add(Violation.of("timeouts.totalMillis", "out-of-range", "timeouts.totalMillis must be "
                    + "between " + MIN_TOTAL_MILLIS + " and " + MAX_TOTAL_MILLIS + ", got " + total));
        }
        if (violations.isEmpty() && connect >= total) {
            violations.add(Violation.of("timeouts.connectMillis", "connect-not-below-total", "timeouts.connectMillis ("
                    + connect + ") must be below timeouts.totalMillis (" + total + ")"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new ModelTimeouts(Duration.ofMillis(connect), Duration.ofMillis(total));
    }

    /** As the API shows them. */
    public ModelDraft.Timeouts toDraft() {
        return new ModelDraft.Timeouts(connect.toMillis(), total.toMillis());
    }
}
