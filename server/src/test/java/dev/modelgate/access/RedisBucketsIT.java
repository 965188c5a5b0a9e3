package dev.modelgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.cluster.RedisServer;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Buckets in a real Redis (a server of this test's own, which it stops and starts), as two instances of Modelgate
 * hold them. The clock stands still, so no token comes back during a test: what one instance takes, the other cannot.
 */
class RedisBucketsIT {

    private static final RateLimits.Limit FIVE = new RateLimits.Limit(1, 5);
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    private RedisServer redis;
    private String prefix;

    @BeforeEach
    void redis() throws Exception {
        redis = RedisServer.start();
        prefix = "test-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void twoInstances_shareOneBucket() {
        try (RedisBuckets a = buckets(Duration.ofSeconds(5)); RedisBuckets b = buckets(Duration.ofSeconds(5))) {
            int taken = 0;
            for (int i = 0; i < 10; i++) {
                ConsumptionProbe probe = (i % 2 == 0 ? a : b).tryConsume("key:k1", FIVE);
                taken += probe.isConsumed() ? 1 : 0;
                if (i >= 5) {
                    assertThat(probe.isConsumed()).as("request %d", i).isFalse();
                    assertThat(probe.getNanosToWaitForRefill()).isEqualTo(Duration.ofSeconds(1).toNanos());
                }
            }
            assertThat(taken).isEqualTo(5);
            assertThat(a.shared()).isTrue();
            assertThat(b.shared()).isTrue();
            assertThat(a.tryConsume("key:k2", FIVE).isConsumed()).as("another key, another bucket").isTrue();
        }
    }

    @Test
    void tokenBuckets_areShared_andCorrectedOnEitherInstance() {
        RateLimits.TokenLimit sixty = new RateLimits.TokenLimit(60);
        try (RedisBuckets a = buckets(Duration.ofSeconds(5)); RedisBuckets b = buckets(Duration.ofSeconds(5))) {
            assertThat(a.tryConsume("key-tokens:k1", sixty, 10).isConsumed()).isTrue();
            b.correct("key-tokens:k1", sixty, 45); // the call used 55 tokens, not 10

            ConsumptionProbe refused = a.tryConsume("key-tokens:k1", sixty, 6);
            assertThat(refused.isConsumed()).isFalse();
            assertThat(refused.getNanosToWaitForRefill()).isEqualTo(Duration.ofSeconds(1).toNanos());
            b.correct("key-tokens:k1", sixty, -20); // another gave 20 back
            assertThat(a.tryConsume("key-tokens:k1", sixty, 25).isConsumed()).isTrue();
            assertThat(b.tryConsume("key-tokens:k1", sixty, 1).isConsumed()).isFalse();
        }
    }

    @Test
    void redisStopped_eachInstanceLimitsOnItsOwn_thenSharesAgainWhenRedisIsBack() throws Exception {
        try (RedisBuckets a = buckets(Duration.ofMillis(200)); RedisBuckets b = buckets(Duration.ofMillis(200))) {
            assertThat(a.tryConsume("key:k", FIVE).isConsumed()).isTrue();

            redis.stop();

            int taken = 0;
            for (int i = 0; i < 6; i++) {
                taken += a.tryConsume("key:k", FIVE).isConsumed() ? 1 : 0;
            }
            assertThat(taken).as("a's own bucket: full, as Redis's state is not a's").isEqualTo(5);
            assertThat(a.shared()).isFalse();
            assertThat(a.lastFailure()).isNotEmpty();
            assertThat(a.ping()).isFalse();
            assertThat(b.tryConsume("key:k", FIVE).isConsumed()).as("b has its own bucket too").isTrue();

            redis.startAgain();
            Awaitility.await("a and b share Redis again").atMost(Duration.ofSeconds(30))
                    .until(() -> a.ping() && b.ping());

            assertThat(a.shared()).isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(a.tryConsume("key:k", FIVE).isConsumed()).as("a, take %d from the new Redis", i).isTrue();
            }
            assertThat(b.tryConsume("key:k", FIVE).isConsumed()).as("b sees a's takes again").isFalse();
        }
    }

    @Test
    void redisDownAtStart_limitsPerInstance_untilItAnswers() throws Exception {
        redis.stop();
        try (RedisBuckets a = buckets(Duration.ofMillis(200))) {
            assertThat(a.shared()).isFalse();
            assertThat(a.tryConsume("key:k", FIVE).isConsumed()).isTrue();

            redis.startAgain();
            Awaitility.await("a connects").atMost(Duration.ofSeconds(30)).until(a::ping);

            assertThat(a.shared()).isTrue();
            try (RedisBuckets b = buckets(Duration.ofSeconds(5))) {
                for (int i = 0; i < 5; i++) {
                    assertThat(a.tryConsume("key:k", FIVE).isConsumed()).isTrue();
                }
                assertThat(b.tryConsume("key:k", FIVE).isConsumed()).isFalse();
            }
        }
    }

    private RedisBuckets buckets(Duration retryAfter) {
        return new RedisBuckets(redis.url(), prefix, Duration.ofMillis(250), retryAfter, FROZEN);
    }
}
