package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.modelgate.MovableClock;
import dev.modelgate.invoke.Deadline.CutOffException;
import dev.modelgate.invoke.Deadline.DeadlineExceededException;
import dev.modelgate.invoke.Deadline.Step;
import dev.modelgate.invoke.InvokeException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void remaining_isWhatIsLeft_thenZero_neverNegative() {
        SteppingClock clock = new SteppingClock(Duration.ofSeconds(4));
        Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10));

        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(2));
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void allows_aWaitEndingAtOrAfterTheDeadline_isRefused() {
        Deadline deadline = Deadline.start(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofMillis(1_000));

        assertThat(deadline.allows(Duration.ofMillis(999))).isTrue();
        assertThat(deadline.allows(Duration.ofMillis(1_000))).isFalse();
        assertThat(deadline.allows(Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void check_pastTheDeadline_isTimeoutNamingTheStepAndAttempts() {
        Deadline deadline = Deadline.start(new SteppingClock(Duration.ofSeconds(6)), Duration.ofSeconds(10));
        deadline.check(Step.RENDER, 0);

        assertThatThrownBy(() -> deadline.check(Step.MAP, 2))
                .asInstanceOf(type(DeadlineExceededException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.step()).isEqualTo(Step.MAP);
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.statusCode()).isZero();
                    assertThat(e.detail()).isEqualTo("the model's total timeout of 10000 ms ran out in step MAP "
                            + "(2 attempts made)");
                });
    }

    @Test
    void aCutoffSetBeforeTheEnd_endsTheDeadlineThere_andPassingItIsShuttingDown_notTimeout() {
        MovableClock clock = new MovableClock(Instant.EPOCH);
        Cutoff cutoff = Cutoff.create();
        Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10), cutoff);
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(10));

        cutoff.at(Instant.EPOCH.plusSeconds(3));

        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(3));
        assertThat(deadline.allows(Duration.ofSeconds(3))).isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(deadline.expired()).isTrue();
        assertThatThrownBy(() -> deadline.check(Step.MAP, 1))
                .asInstanceOf(type(CutOffException.class)).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SHUTTING_DOWN);
                    assertThat(e.code().code()).isEqualTo("shutting-down");
                    assertThat(e.step()).isEqualTo(Step.MAP);
                    assertThat(e.detail()).isEqualTo("this instance is stopping, and the call was still running at "
                            + "the end of its grace period; it was cut in step MAP (1 attempt made)");
                });
    }

    @Test
    void aCutoffAfterTheEnd_changesNothing_theModelsTimeoutStillEndsTheCall() {
        MovableClock clock = new MovableClock(Instant.EPOCH);
        Cutoff cutoff = Cutoff.create();
        Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10), cutoff);

        cutoff.at(Instant.EPOCH.plusSeconds(30));
        clock.advance(Duration.ofSeconds(10));

        assertThat(deadline.remaining()).isZero();
        assertThatThrownBy(() -> deadline.check(Step.ATTEMPT, 1)).isInstanceOf(DeadlineExceededException.class);
    }

    @Test
    void aCut_passesTheDeadlineAtOnce_beforeTheCutoffsInstant() {
        MovableClock clock = new MovableClock(Instant.EPOCH);
        Cutoff cutoff = Cutoff.create();
        Deadline deadline = Deadline.start(clock, Duration.ofSeconds(10), cutoff);
        cutoff.at(Instant.EPOCH.plusSeconds(3));

        cutoff.cut();

        assertThat(deadline.remaining()).isZero();
        assertThatThrownBy(() -> deadline.check(Step.STREAM, 1)).isInstanceOf(CutOffException.class);
    }

    @Test
    void start_withoutAPositiveTotal_isRefused() {
        assertThatThrownBy(() -> Deadline.start(Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a deadline needs a positive total, got PT0S");
    }
}
