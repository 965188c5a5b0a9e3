package dev.modelgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A price applied to a call's tokens: exact, rounded once, unknown counts unpriced. */
class PriceTest {

    private static final Price CLAUDE = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
            new BigDecimal("3.75"), null, "shipped 2026-03-21");

    private static UsageRecord call(Long in, Long out, Long cacheRead, Long cacheWrite) {
        return new UsageRecord("r", "w", "m", "m", UsageKind.INVOKE, "OK", in, out,
                in == null && out == null ? TokenSource.NONE : TokenSource.CONVERSE, 1, null, Instant.EPOCH,
                cacheRead, cacheWrite);
    }

    @Test
    void costNanos_isEachKindsTokensTimesItsPrice_exactly() {
        // 1,000,003 × 3 + 7 × 15 + 11 × 0.30 + 13 × 3.75 USD per 1M tokens, in nano-USD (× 1,000).
        assertThat(CLAUDE.costNanos(call(1_000_003L, 7L, 11L, 13L), BigDecimal.ONE))
                .isEqualTo(3_000_009_000L + 105_000L + 3_300L + 48_750L);
        assertThat(CLAUDE.costNanos(call(0L, 0L, null, null), BigDecimal.ONE)).isZero();
    }

    @Test
    void costNanos_withAFactor_roundsOnce_halvesToEven() {
        Price micro = new Price(new BigDecimal("0.035"), new BigDecimal("0.14"), null, null, null, "x");
        assertThat(micro.costNanos(call(1L, 0L, null, null), new BigDecimal("0.5"))).isEqualTo(18L); // 17.5
        assertThat(micro.costNanos(call(3L, 0L, null, null), new BigDecimal("0.5"))).isEqualTo(52L); // 52.5
        assertThat(micro.costNanos(call(1L, 1L, null, null), new BigDecimal("0.5"))).isEqualTo(88L); // 87.5
    }

    @Test
    void costNanos_isUnknown_whenACountIs_orTheCacheWasUsedWithoutACachePrice() {
        Price noCache = new Price(new BigDecimal("0.25"), new BigDecimal("1.25"), null, null, null, "x");
        assertThat(CLAUDE.costNanos(call(null, 5L, null, null), BigDecimal.ONE)).isNull();
        assertThat(CLAUDE.costNanos(call(5L, null, null, null), BigDecimal.ONE)).isNull();
        assertThat(noCache.costNanos(call(5L, 5L, 1L, null), BigDecimal.ONE)).isNull();
        assertThat(noCache.costNanos(call(5L, 5L, null, 1L), BigDecimal.ONE)).isNull();
        assertThat(noCache.costNanos(call(5L, 5L, 0L, 0L), BigDecimal.ONE)).isEqualTo(7_500L);
    }

    @Test
    void perRequest_isAddedToEachCall() {
        Price perRequest = new Price(BigDecimal.ZERO, BigDecimal.ZERO, null, null, new BigDecimal("0.04"), "x");
        assertThat(perRequest.costNanos(call(100L, 100L, null, null), BigDecimal.ONE)).isEqualTo(40_000_000L);
    }

    @Test
    void aPrice_isRefusedBelowZero_aboveAMillion_orFinerThanAMillionth() {
        for (String bad : List.of("-0.01", "1000000.01", "0.0000001")) {
            assertThatThrownBy(() -> new Price(new BigDecimal(bad), BigDecimal.ONE, null, null, null, "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("input must");
        }
    }

    @Test
    void baseModel_ofAnApplicationProfile_isTheFoundationModelEveryArnNames() {
        assertThat(Pricing.baseModel(new dev.modelgate.catalog.InferenceProfile("p", "arn", "", "APPLICATION",
                List.of("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))))
                .contains("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(Pricing.baseModel(new dev.modelgate.catalog.InferenceProfile("p", "arn", "", "APPLICATION",
                List.of("arn:aws:bedrock:us-east-1::foundation-model/a.b", "arn:aws:bedrock:us-east-1::foundation-model/c.d"))))
                .isEmpty();
    }
}
