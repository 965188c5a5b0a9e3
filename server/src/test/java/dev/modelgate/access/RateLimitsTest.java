package dev.modelgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The callers' buckets: an API key with a limit of its own gets a bucket of that size instead of the configured
 * per-caller one, and the workspace's limit still holds over it. The clock stands still, so no token comes back
 * unless a test moves it.
 */
class RateLimitsTest {

    private static final RateLimits.Limit CONFIGURED = new RateLimits.Limit(1, 5);

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RateLimits limits = new RateLimits(CONFIGURED, new RateLimits.Limit(1, 100),
            new RateLimits.Limit(1, 10), clock);

    private static Caller key(String id, String workspaceId, RateLimits.Limit own) {
        return new Caller(Caller.Kind.KEY, id, "mgk_" + id + " (bot)", Role.AGENT, workspaceId, null, own);
    }

    private int allowedInARow(Caller caller) {
        int allowed = 0;
        while (limits.acquire(caller).isEmpty() && allowed < 100) {
            allowed++;
        }
        return allowed;
    }

    @Test
    void acquire_keyWithItsOwnLimit_isRefusedPastItsBurst_whileAKeyWithTheConfiguredLimitGoesOn() {
        Caller own = key("own", "w1", new RateLimits.Limit(2, 2));
        Caller configured = key("configured", "w1", null);

        assertThat(limits.acquire(own)).isEmpty();
        assertThat(limits.acquire(own)).isEmpty();
        Optional<RateLimits.Refusal> third = limits.acquire(own);

        assertThat(third).contains(new RateLimits.Refusal("key", Duration.ofMillis(500)));
        assertThat(allowedInARow(configured)).isEqualTo(5);
    }

    @Test
    void acquire_keyWithALargerLimitThanConfigured_getsItsWholeBurst() {
        assertThat(allowedInARow(key("large", "w1", new RateLimits.Limit(1, 20)))).isEqualTo(20);
    }

    @Test
    void acquire_keyWithItsOwnLimit_refillsAtItsOwnRate() {
        Caller own = key("fast", "w1", new RateLimits.Limit(10, 1));
        assertThat(limits.acquire(own)).isEmpty();
        assertThat(limits.acquire(own)).contains(new RateLimits.Refusal("key", Duration.ofMillis(100)));

        clock.advance(Duration.ofMillis(100));

        assertThat(limits.acquire(own)).isEmpty();
    }

    @Test
    void acquire_keyWithItsOwnLimit_isStillHeldToTheWorkspacesLimit() {
        RateLimits smallWorkspace = new RateLimits(CONFIGURED, new RateLimits.Limit(1, 3),
                new RateLimits.Limit(1, 10), clock);
        Caller own = key("big", "w2", new RateLimits.Limit(100, 100));

        for (int i = 0; i < 3; i++) {
            assertThat(smallWorkspace.acquire(own)).isEmpty();
        }

        assertThat(smallWorkspace.acquire(own).map(RateLimits.Refusal::scope)).contains("workspace");
    }

    @Test
    void acquire_sameKeyWithAnotherLimit_getsABucketOfThatLimit_notTheOldOne() {
        assertThat(allowedInARow(key("changed", "w1", new RateLimits.Limit(1, 2)))).isEqualTo(2);

        assertThat(allowedInARow(key("changed", "w1", new RateLimits.Limit(1, 4)))).isEqualTo(4);
    }

    @Test
    void caller_accountWithALimitOfItsOwn_isRefused() {
        assertThatThrownBy(() -> new Caller(Caller.Kind.ACCOUNT, "a1", "alice", Role.ADMIN, "w1", null,
                new RateLimits.Limit(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only an API key has a rate limit of its own, got account alice with "
                        + "Limit[requestsPerSecond=1, burst=1]");
    }

    @Test
    void apiKey_limitOutOfBounds_isRefused_namingTheRuleAndValue() {
        assertThatThrownBy(() -> new ApiKey("k1", "w1", "bot", Role.AGENT, "mgk_abcdefgh", "0".repeat(64),
                clock.instant(), "alice", null, null, null, null, new RateLimits.Limit(10_001, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits.requestsPerSecond must be 1 to 10000, got 10001");
        assertThatThrownBy(() -> new ApiKey("k1", "w1", "bot", Role.AGENT, "mgk_abcdefgh", "0".repeat(64),
                clock.instant(), "alice", null, null, null, null, new RateLimits.Limit(1, 100_001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits.burst must be 1 to 100000, got 100001");
    }
}
