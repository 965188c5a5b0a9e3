package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

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
    void start_withoutAPositiveTotal_isRefused() {
        assertThatThrownBy(() -> Deadline.start(Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a deadline needs a positive total, got PT0S");
    }
}
