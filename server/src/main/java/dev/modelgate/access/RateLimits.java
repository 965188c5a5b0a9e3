package dev.modelgate.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Request-rate limits as token buckets: one per caller (API key or account) and one per workspace, each refilled
 * steadily and allowing a burst. A request takes one token from each; when either is empty the request is refused
 * with how long until a token is back. Buckets live in memory, per instance of Modelgate, and are dropped when idle.
 */
public final class RateLimits {

    /** Refused requests, tagged {@code scope}: key, account, workspace, address (Prometheus: {@code modelgate_rate_limit_rejections_total}). */
    public static final String REJECTIONS = "modelgate.rate-limit.rejections";

    /**
     * A steady rate with a burst.
     *
     * @param requestsPerSecond tokens added per second, at least 1
     * @param burst             the bucket's size: how many requests may come at once, at least 1
     */
    public record Limit(long requestsPerSecond, long burst) {
        public Limit {
            if (requestsPerSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs at least 1 request per second and a burst of "
                        + "at least 1, got " + requestsPerSecond + "/s with burst " + burst);
            }
        }

        Bucket bucket(TimeMeter time) {
            return Bucket.builder().withCustomTimePrecision(time).addLimit(Bandwidth.builder().capacity(burst)
                    .refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build()).build();
        }
    }

    /** Which limit refused a request, and when to retry. */
    public record Refusal(String scope, Duration retryAfter) {
    }

    private final Limit perCaller;
    private final Limit perWorkspace;
    private final Limit signInPerAddress;
    private final TimeMeter time;
    private final MeterRegistry meters;
    private final java.util.concurrent.ConcurrentMap<String, Counter> rejections =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    /**
     * Limits whose buckets refill by the system clock.
     *
     * @param perCaller        each API key's and each signed-in account's limit
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress) {
        this(perCaller, perWorkspace, signInPerAddress, Clock.systemUTC());
    }

    /**
     * @param perCaller        each API key's and each signed-in account's limit
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     * @param clock            the time buckets refill by
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress, Clock clock) {
        this(perCaller, perWorkspace, signInPerAddress, clock, new SimpleMeterRegistry());
    }

    /**
     * @param perCaller        each API key's and each signed-in account's limit
     * @param perWorkspace     each workspace's limit, over all its keys and members
     * @param signInPerAddress sign-in attempts per client address (password guessing across accounts)
     * @param clock            the time buckets refill by
     * @param meters           where {@value #REJECTIONS} is counted
     */
    public RateLimits(Limit perCaller, Limit perWorkspace, Limit signInPerAddress, Clock clock, MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.perCaller = Objects.requireNonNull(perCaller, "perCaller");
        this.perWorkspace = Objects.requireNonNull(perWorkspace, "perWorkspace");
        this.signInPerAddress = Objects.requireNonNull(signInPerAddress, "signInPerAddress");
        this.time = new ClockTime(Objects.requireNonNull(clock, "clock"));
    }

    /** Takes a token for a sign-in attempt from {@code address}; empty when it had one, else the refusal. */
    public Optional<Refusal> acquireSignIn(String address) {
        return take("address", "sign-in:" + address, signInPerAddress);
    }

    /** Takes a token for {@code caller} and its workspace; empty when both had one, else the refusal. */
    public Optional<Refusal> acquire(Caller caller) {
        String callerScope = caller.kind() == Caller.Kind.KEY ? "key" : "account";
        Optional<Refusal> refused = take(callerScope, callerScope + ":" + caller.id(), perCaller);
        if (refused.isPresent() || caller.workspaceId() == null) {
            return refused;
        }
        return take("workspace", "workspace:" + caller.workspaceId(), perWorkspace);
    }

    public Limit perCaller() {
        return perCaller;
    }

    public Limit perWorkspace() {
        return perWorkspace;
    }

    private Optional<Refusal> take(String scope, String key, Limit limit) {
        ConsumptionProbe probe = buckets.get(key, k -> limit.bucket(time)).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        rejections.computeIfAbsent(scope, s -> Counter.builder(REJECTIONS)
                .description("Requests refused by a rate limit, by the limit's scope").tag("scope", s)
                .register(meters)).increment();
        return Optional.of(new Refusal(scope, Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
