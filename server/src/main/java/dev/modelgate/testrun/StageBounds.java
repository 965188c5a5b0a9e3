package dev.modelgate.testrun;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.testrun.StageResult.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long each stage of a Test run may take, so that no Test holds a thread for longer than the sum of its stages'
 * bounds (plus one STS call's own timeout, which a bound cannot cut short):
 * <ul>
 *   <li>ASSUME_ROLE: {@code assumeRole} (default {@value #DEFAULT_ASSUME_ROLE_SECONDS} s). Each STS call is bounded
 *       by the STS client's API call timeout; past the bound after the {@code AssumeRole}, the External ID probe is
 *       not made.</li>
 *   <li>INVOKE: the model's own total timeout ({@code timeouts.totalMillis}), as for agents' calls: every attempt,
 *       the waits between them and reading the answer.</li>
 *   <li>MAP: {@code map} (default {@value #DEFAULT_MAP_SECONDS} s), checked when the mapping ends (the mapping's own
 *       CPU budget bounds the evaluation itself).</li>
 * </ul>
 * A stage that ends past its bound fails with the diagnosis {@code stage-timed-out}.
 *
 * @param assumeRole the bound of the ASSUME_ROLE stage; positive
 * @param map        the bound of the MAP stage; positive
 */
public record StageBounds(Duration assumeRole, Duration map) {

    /** The diagnosis code of a stage that took longer than its bound. */
    public static final String CODE = ErrorCode.STAGE_TIMED_OUT.code();
    static final long DEFAULT_ASSUME_ROLE_SECONDS = 30;
    static final long DEFAULT_MAP_SECONDS = 5;
    /** 30 s to assume the role and probe it, 5 s to map the answer. */
    public static final StageBounds DEFAULT = new StageBounds(Duration.ofSeconds(DEFAULT_ASSUME_ROLE_SECONDS),
            Duration.ofSeconds(DEFAULT_MAP_SECONDS));

    public StageBounds {
        Objects.requireNonNull(assumeRole, "assumeRole");
        Objects.requireNonNull(map, "map");
        if (assumeRole.isNegative() || assumeRole.isZero() || map.isNegative() || map.isZero()) {
            throw new IllegalArgumentException("stage bounds must be positive, got assumeRole=" + assumeRole
                    + " and map=" + map);
        }
    }

    /** The diagnosis of {@code stage} having taken longer than {@code bound}. */
    static Diagnosis exceeded(Stage stage, Duration bound, String skipped) {
        return Diagnosis.of(ErrorCode.STAGE_TIMED_OUT, "The " + stage + " stage took too long",
                "The " + stage + " stage took longer than its bound of " + bound.toMillis() + " ms" + skipped + ".",
                List.of("Run the Test again; if it persists, the service it waits on (STS for ASSUME_ROLE) is slow "
                        + "or the output mapping is too costly for the answer (MAP)."), null);
    }
}
