package dev.modelgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Token-per-minute buckets of a key and a workspace: an estimate taken before a call, then settled with the call's
 * real tokens (the extra taken past empty, the surplus given back). The clock stands still, so no token comes back
 * unless a test moves it.
 */
class TokenLimitsTest {

    private static final RateLimits.Limit ANY = new RateLimits.Limit(1000, 1000);

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private RateLimits limits(RateLimits.TokenLimit perWorkspace) {
        return new RateLimits(ANY, ANY, perWorkspace, ANY, new LocalBuckets(clock), new SimpleMeterRegistry());
    }

    private static Caller key(String id, long tokensPerMinute) {
        return new Caller(Caller.Kind.KEY, id, "mgk_" + id + " (bot)", Role.AGENT, "w1", null, null,
                tokensPerMinute == 0 ? null : new RateLimits.TokenLimit(tokensPerMinute));
    }

    @Test
    void aCallThatUsedMoreThanItsEstimate_drainsTheBucketByItsRealCount() {
        RateLimits limits = limits(null);
        Caller key = key("k", 60);

        assertThat(limits.acquireTokens(key, 10)).isEmpty();
        limits.correctTokens(key, 10, 55);

        // 60 - 55 = 5 left: an estimate of 6 waits for 1 token, a second at 60 per minute.
        assertThat(limits.acquireTokens(key, 6)).contains(new RateLimits.Refusal("key-tokens", Duration.ofSeconds(1)));
        assertThat(limits.acquireTokens(key, 5)).isEmpty();
    }

    @Test
    void aCallThatUsedLessThanItsEstimate_givesTheSurplusBack() {
        RateLimits limits = limits(null);
        Caller key = key("k", 60);

        assertThat(limits.acquireTokens(key, 50)).isEmpty();
        limits.correctTokens(key, 50, 20);

        assertThat(limits.acquireTokens(key, 40)).isEmpty();
        assertThat(limits.acquireTokens(key, 1)).isPresent();
    }

    @Test
    void aCallPastTheWholeBucket_leavesItBelowEmpty_untilItRefills() {
        RateLimits limits = limits(null);
        Caller key = key("k", 60);

        assertThat(limits.acquireTokens(key, 1000)).as("an estimate past the size takes the whole bucket").isEmpty();
        limits.correctTokens(key, 1000, 90);

        assertThat(limits.acquireTokens(key, 1)).contains(new RateLimits.Refusal("key-tokens",
                Duration.ofSeconds(31)));
        clock.advance(Duration.ofSeconds(31));
        assertThat(limits.acquireTokens(key, 1)).isEmpty();
    }

    @Test
    void theWorkspacesLimit_holdsOverItsKeys_andARefusalThereGivesTheKeysEstimateBack() {
        RateLimits limits = limits(new RateLimits.TokenLimit(100));
        Caller own = key("own", 80);
        Caller other = key("other", 0);

        assertThat(limits.acquireTokens(other, 70)).isEmpty();
        Optional<RateLimits.Refusal> refused = limits.acquireTokens(own, 40);

        assertThat(refused).contains(new RateLimits.Refusal("workspace-tokens", Duration.ofSeconds(6)));
        assertThat(limits.acquireTokens(own, 80)).as("the key's bucket is whole again")
                .contains(new RateLimits.Refusal("workspace-tokens", Duration.ofSeconds(30)));
        assertThat(limits.countsTokens(other)).isTrue();
        assertThat(limits(null).countsTokens(other)).isFalse();
    }
}
