package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delayAfter_growsExponentially_withinTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(350));

        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delayAfter(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
            assertThat(policy.delayAfter(9)).isBetween(Duration.ZERO, Duration.ofMillis(350));
        }
    }

    @Test
    void create_invalidBounds_isRefusedNamingTheRule() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessage("max attempts must be at least 1, got 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("delays must satisfy 0 <= base <= max, got base PT2S and max PT1S");
    }
}
