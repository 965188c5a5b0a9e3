package dev.modelgate.access;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Request-rate limits as token buckets: one per caller (API key or account) and one per workspace, each refilled
 * steadily and allowing a burst. A request takes one token from each; when either is empty the request is refused
 * with how long until a token is back. Where the buckets live is the {@link Buckets} given: in this instance's memory
 * ({@link LocalBuckets}) or in Redis, shared by every instance ({@link RedisBuckets}).
 */
public final class RateLimits {

    /**
     * Refused requests, tagged {@code scope}: key, account, workspace, address, key-tokens, workspace-tokens
     * (Prometheus: {@code modelgate_rate_limit_rejections_total}).
     */
    public static final String REJECTIONS = "modelgate.rate-limit.rejections";

    /**
     * A steady rate with a burst. Serializable: a {@link Caller} kept in a console session holds its key's own.
     *
     * @param requestsPerSecond tokens added per second, at least 1
     * @param burst             the bucket's size: how many requests may come at once, at least 1
     */
    public record Limit(long requestsPerSecond, long burst) implements Serializable {
        public Limit {
            if (requestsPerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs at least 1 request per second and a burst of "
                        + "at least 1, got " + requestsPerSecond + "/s with burst " + burst);
            }
        }

        /** {@code burst} tokens, refilled greedily at {@code requestsPerSecond}. */
        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build();
        }

        /** A bucket of this limit, as Bucket4j's distributed buckets are configured. */
        BucketConfiguration configuration() {
            return BucketConfiguration.builder().addLimit(bandwidth()).build();
        }
    }

    /**
     * A token-per-minute limit: a bucket of {@code tokensPerMinute} model tokens, refilled greedily over a minute.
     * Serializable: a {@link Caller} kept in a console session holds its key's own (accounts have none).
     *
     * @param tokensPerMinute at least 1
     */
    public record TokenLimit(long tokensPerMinute) implements Serializable {
        public TokenLimit {
            if (tokensPerMinute < 1) {
                throw new IllegalArgumentException("a token-per-minute limit needs at least 1 token per minute, got "
                        + tokensPerMinute);
            }
        }

        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(tokensPerMinute).refillGreedy(tokensPerMinute, Duration.ofMinutes(1))
                    .build();
        }

        BucketConfiguration configuration() {
            return BucketConfiguration.builder().addLimit(bandwidth()).build();
        }

        /** The bucket's key part, as {@code <rate>/<burst>} is for a request-rate limit. */
        String keyPart() {
            return "tpm" + tokensPerMinute;
        }
    }

    /** Where the token buckets live. */
    public interface Buckets {

        /**
         * Takes one token from the bucket {@code key}, made with {@code limit} if it does not exist yet.
         *
         * @return whether it was taken and, if not, how long until one is back
         */
        ConsumptionProbe tryConsume(String key, Limit limit);

        /**
         * Takes {@code tokens} (at least 1, at most the limit's size) from the token-per-minute bucket {@code key},
         * made with {@code limit} if it does not exist yet; all or none.
         */
        ConsumptionProbe tryConsume(String key, TokenLimit limit, long tokens);

        /**
         * Corrects the bucket {@code key} after the fact: a positive {@code tokens} is taken even where the bucket
         * has fewer (it goes below empty, and refills from there); a negative one is given back, up to the size.
         */
        void correct(String key, TokenLimit limit, long tokens);

        /** Whether every instance of Modelgate shares these buckets (false: each instance has its own). */
        boolean shared();
    }

    /** Which limit refused a request, and when to retry. */
    public record Refusal(String scope, Duration retryAfter) {
    }

    private final Limit perCaller;
    private final Limit perWorkspace;
    private final TokenLimit perWorkspaceTokens;
    private final Limit signInPerAddress;
    private final Buckets buckets;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Counter> rejections = new ConcurrentHashMap<>();

    /**
     * Limits whose buckets refill by the system clock.
     *
     * @param perCaller        each signed-in account's limit, and each API key's without one of its own
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress) {
        this(perCaller, perWorkspace, signInPerAddress, Clock.systemUTC());
    }

    /**
     * @param perCaller        each signed-in account's limit, and each API key's without one of its own
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     * @param clock            the time buckets refill by
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress, Clock clock) {
        this(perCaller, perWorkspace, signInPerAddress, clock, new SimpleMeterRegistry());
    }

    /**
     * @param perCaller        each signed-in account's limit, and each API key's without one of its own
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     * @param clock            the time buckets refill by
     * @param meters           where {@value #REJECTIONS} is counted
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress, Clock clock, MeterRegistry meters) {
        this(perCaller, perWorkspace, signInPerAddress, new LocalBuckets(clock), meters);
    }

    /**
     * @param perCaller        each signed-in account's limit, and each API key's without one of its own
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     * @param buckets          where the buckets live
     * @param meters           where {@value #REJECTIONS} is counted
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress, Buckets buckets,
                      MeterRegistry meters) {
        this(perCaller, perWorkspace, null, signInPerAddress, buckets, meters);
    }

    /**
     * @param perCaller          each signed-in account's limit, and each API key's without one of its own
     * @param perWorkspace       each workspace's limit, over all its keys and members
     * @param perWorkspaceTokens each workspace's token-per-minute limit, over all its calls; null for none
     * @param signInPerAddress   sign-in attempts per client address (password guessing across accounts)
     * @param buckets            where the buckets live
     * @param meters             where {@value #REJECTIONS} is counted
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, TokenLimit perWorkspaceTokens, Limit signInPerAddress,
                      Buckets buckets, MeterRegistry meters) {
        this.perWorkspaceTokens = perWorkspaceTokens;
        this.meters = Objects.requireNonNull(meters, "meters");
        this.perCaller = Objects.requireNonNull(perCaller, "perCaller");
        this.perWorkspace = Objects.requireNonNull(perWorkspace, "perWorkspace");
        this.signInPerAddress = Objects.requireNonNull(signInPerAddress, "signInPerAddress");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    /** Takes a token for a sign-in attempt from {@code address}; empty when it had one, else the refusal. */
    public Optional<Refusal> acquireSignIn(String address) {
        return take("address", "sign-in:" + address, signInPerAddress);
    }

    /**
     * Takes a token for {@code caller} and its workspace; empty when both had one, else the refusal. The caller's
     * bucket is of its own {@link Caller#limits()} when it has one (an API key given a limit), else of
     * {@code perCaller}.
     */
    public Optional<Refusal> acquire(Caller caller) {
        String callerScope = caller.kind() == Caller.Kind.KEY ? "key" : "account";
        Limit limit = caller.limits() != null ? caller.limits() : perCaller;
        Optional<Refusal> refused = take(callerScope, callerScope + ":" + caller.id(), limit);
        if (refused.isPresent() || caller.workspaceId() == null) {
            return refused;
        }
        return take("workspace", "workspace:" + caller.workspaceId(), perWorkspace);
    }

    /**
     * Takes {@code estimate} model tokens for a call by {@code caller} from its key's token-per-minute bucket (when
     * the key has a limit of its own, {@link Caller#tokenLimit()}) and its workspace's (when
     * {@code modelgate.limits.per-workspace.tokens-per-minute} is set). An estimate larger than a bucket's size is
     * taken as the whole bucket, so that a large call can pass when its bucket is full. Empty when every bucket had
     * them (then {@link #correctTokens} settles the call), else the refusal, scoped {@code key-tokens} or
     * {@code workspace-tokens}, and nothing is kept taken.
     */
    public Optional<Refusal> acquireTokens(Caller caller, long estimate) {
        TokenLimit key = caller.tokenLimit();
        if (key != null) {
            Optional<Refusal> refused = takeTokens("key-tokens", "key-tokens:" + caller.id(), key, estimate);
            if (refused.isPresent()) {
                return refused;
            }
        }
        if (perWorkspaceTokens != null && caller.workspaceId() != null) {
            Optional<Refusal> refused = takeTokens("workspace-tokens", "workspace-tokens:" + caller.workspaceId(),
                    perWorkspaceTokens, estimate);
            if (refused.isPresent() && key != null) {
                buckets.correct("key-tokens:" + caller.id(), key, -Math.min(estimate, key.tokensPerMinute()));
            }
            return refused;
        }
        return Optional.empty();
    }

    /**
     * Settles a call whose {@code estimate} {@link #acquireTokens} took: {@code used} (its real token count) minus
     * what was taken is taken too, ignoring the limit, or the surplus given back.
     */
    public void correctTokens(Caller caller, long estimate, long used) {
        TokenLimit key = caller.tokenLimit();
        if (key != null) {
            long delta = used - Math.min(estimate, key.tokensPerMinute());
            if (delta != 0) {
                buckets.correct("key-tokens:" + caller.id(), key, delta);
            }
        }
        if (perWorkspaceTokens != null && caller.workspaceId() != null) {
            long delta = used - Math.min(estimate, perWorkspaceTokens.tokensPerMinute());
            if (delta != 0) {
                buckets.correct("workspace-tokens:" + caller.workspaceId(), perWorkspaceTokens, delta);
            }
        }
    }

    /** Whether a call by {@code caller} is counted in tokens at all (its key or its workspace has a limit). */
    public boolean countsTokens(Caller caller) {
        return caller.tokenLimit() != null || (perWorkspaceTokens != null && caller.workspaceId() != null);
    }

    /** Each workspace's token-per-minute limit; null when there is none. */
    public TokenLimit perWorkspaceTokens() {
        return perWorkspaceTokens;
    }

    public Limit perCaller() {
        return perCaller;
    }

    public Limit perWorkspace() {
        return perWorkspace;
    }

    /** Whether the limits hold across every instance now (false: each instance counts its own requests). */
    public boolean shared() {
        return buckets.shared();
    }

    private Optional<Refusal> take(String scope, String key, Limit limit) {
        return refusal(scope, buckets.tryConsume(key, limit));
    }

    private Optional<Refusal> takeTokens(String scope, String key, TokenLimit limit, long estimate) {
        return refusal(scope, buckets.tryConsume(key, limit, Math.max(1, Math.min(estimate, limit.tokensPerMinute()))));
    }

    private Optional<Refusal> refusal(String scope, ConsumptionProbe probe) {
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        rejections.computeIfAbsent(scope, s -> Counter.builder(REJECTIONS)
                .description("Requests refused by a rate limit, by the limit's scope").tag("scope", s)
                .register(meters)).increment();
        return Optional.of(new Refusal(scope, Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }
}
