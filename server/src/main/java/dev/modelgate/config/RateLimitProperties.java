package dev.modelgate.config;

import dev.modelgate.access.RateLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request-rate limits ({@code modelgate.limits.*}): token buckets, each refilled steadily and allowing a burst, kept
 * per instance. Past one, a request is answered 429 {@code rate-limited} with {@code Retry-After}.
 *
 * @param perCaller    each API key and each signed-in account
 * @param perWorkspace each workspace, over all its callers
 * @param signIn       sign-in attempts per client address
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
public record RateLimitProperties(@DefaultValue PerCaller perCaller, @DefaultValue PerWorkspace perWorkspace,
                                  @DefaultValue SignIn signIn) {

    static final String PREFIX = "modelgate.limits";

    /**
     * Each API key's and signed-in account's bucket ({@code modelgate.limits.per-caller.*}).
     *
     * @param requestsPerSecond requests per second, the bucket's refill. At least 1; default 50
     * @param burst             requests at once, the bucket's size. At least 1; default 100
     */
    public record PerCaller(@DefaultValue("50") long requestsPerSecond, @DefaultValue("100") long burst) {

        public PerCaller {
            check(PREFIX + ".per-caller", requestsPerSecond, burst);
        }

        /** The bucket's limit. */
        public RateLimits.Limit limit() {
            return new RateLimits.Limit(requestsPerSecond, burst);
        }
    }

    /**
     * Each workspace's bucket, shared by all its callers ({@code modelgate.limits.per-workspace.*}).
     *
     * @param requestsPerSecond requests per second, the bucket's refill. At least 1; default 200
     * @param burst             requests at once, the bucket's size. At least 1; default 400
     * @param tokensPerMinute   model tokens per minute over all the workspace's API calls, counted with each call's
     *                          real usage; 0 (the default) for no such limit
     */
    public record PerWorkspace(@DefaultValue("200") long requestsPerSecond, @DefaultValue("400") long burst,
                               @DefaultValue("0") long tokensPerMinute) {

        public PerWorkspace {
            check(PREFIX + ".per-workspace", requestsPerSecond, burst);
            PropertyRules.atLeast(PREFIX + ".per-workspace.tokens-per-minute", tokensPerMinute, 0);
        }

        /** The token-per-minute limit; null when there is none. */
        public RateLimits.TokenLimit tokenLimit() {
            return tokensPerMinute == 0 ? null : new RateLimits.TokenLimit(tokensPerMinute);
        }

        /** The bucket's limit. */
        public RateLimits.Limit limit() {
            return new RateLimits.Limit(requestsPerSecond, burst);
        }
    }

    /**
     * Each client address's bucket of sign-in attempts ({@code modelgate.limits.sign-in.*}).
     *
     * @param requestsPerSecond attempts per second, the bucket's refill. At least 1; default 1
     * @param burst             attempts at once, the bucket's size. At least 1; default 10
     */
    public record SignIn(@DefaultValue("1") long requestsPerSecond, @DefaultValue("10") long burst) {

        public SignIn {
            check(PREFIX + ".sign-in", requestsPerSecond, burst);
        }

        /** The bucket's limit. */
        public RateLimits.Limit limit() {
            return new RateLimits.Limit(requestsPerSecond, burst);
        }
    }

    private static void check(String prefix, long requestsPerSecond, long burst) {
        PropertyRules.atLeast(prefix + ".requests-per-second", requestsPerSecond, 1);
        PropertyRules.atLeast(prefix + ".burst", burst, 1);
    }
}
