package dev.modelgate.credentials;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.modelgate.tracing.TraceSpan;
import dev.modelgate.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@link TenantCredentials} by {@code sts:AssumeRole}, with one cached session per {@link SessionKey}.
 *
 * <ul>
 *   <li>A session is handed out until it comes within the {@linkplain Builder#refreshMargin refresh margin} of its
 *       expiration; the next call then assumes the role again and waits for it. An expired session is never handed
 *       out.</li>
 *   <li>Single flight: concurrent calls for one key that find no fresh session share one {@code AssumeRole}; the
 *       caller that starts it runs it on its own thread, the others wait on a future (no carrier thread of a
 *       virtual thread is pinned). They all get its session, or all its failure; failures are not cached.</li>
 *   <li>At most {@linkplain Builder#maximumSize maximumSize} sessions are kept; past it Caffeine evicts the ones
 *       least likely to be used again (its W-TinyLFU policy: recency and frequency).</li>
 * </ul>
 *
 * Time is the injected {@link Clock}; STS is reached through {@link StsClients}. With a {@link Builder#tracing
 * Tracing}, each {@code AssumeRole} is a span, {@value #ASSUME_ROLE_SPAN} (a child of the caller's current span, with
 * {@code aws.request_id}, or {@code error.type} the failure's reason), and the caller's current span tells how its
 * session came: {@value #SESSION_ATTRIBUTE} is {@code cached}, {@code assumed} (this call assumed the role) or
 * {@code joined} (it waited for another call's {@code AssumeRole}).
 */
public final class StsTenantCredentials implements TenantCredentials {

    /** Default session duration: one hour, the default {@code MaxSessionDuration} of an IAM role. */
    public static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);
    /** Default refresh margin: a session is renewed when it has 5 minutes or less left. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);
    /** Default bound on cached sessions. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** Shortest session STS issues ({@code DurationSeconds} 900). */
    public static final Duration MIN_SESSION_DURATION = Duration.ofMinutes(15);
    /** Longest session STS issues ({@code DurationSeconds} 43200); the role's own maximum may be lower. */
    public static final Duration MAX_SESSION_DURATION = Duration.ofHours(12);

    /** The timer of each {@code AssumeRole} Modelgate makes (Prometheus: {@code modelgate_sts_assume_role_seconds}). */
    public static final String ASSUME_ROLE = "modelgate.sts.assume-role";
    /** Session lookups by result: a cached session (hit) or one this lookup assumed (miss). */
    public static final String LOOKUPS = "modelgate.sessions.lookups";
    /** Sessions in the cache, and those being assumed. */
    public static final String CACHED = "modelgate.sessions.cached";
    /** The span of an {@code AssumeRole}. */
    public static final String ASSUME_ROLE_SPAN = "STS.AssumeRole";
    /** The attribute of the caller's span that says where its session came from. */
    public static final String SESSION_ATTRIBUTE = "modelgate.session";

    private final StsClients stsClients;
    private final MeterRegistry meters;
    private final Counter hits;
    private final Counter misses;
    private final Clock clock;
    private final Duration sessionDuration;
    private final Duration refreshMargin;
    private final long maximumSize;
    private final AsyncCache<SessionKey, TenantSession> sessions;
    private final Tracing tracing;

    private StsTenantCredentials(Builder builder) {
        this.stsClients = Objects.requireNonNull(builder.stsClients, "stsClients");
        this.clock = builder.clock;
        this.sessionDuration = builder.sessionDuration;
        this.refreshMargin = builder.refreshMargin;
        this.maximumSize = builder.maximumSize;
        this.meters = builder.meters;
        this.tracing = builder.tracing;
        if (refreshMargin.compareTo(sessionDuration) >= 0) {
            throw new IllegalArgumentException("refresh margin must be less than the session duration ("
                    + sessionDuration + "), got " + refreshMargin);
        }
        Instant origin = clock.instant();
        // Caffeine reads time from the same clock as the expiry checks here, so a test clock moves both.
        this.sessions = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(() -> Duration.between(origin, clock.instant()).toNanos())
                .expireAfter(Expiry.writing((SessionKey key, TenantSession session) -> untilRefresh(session)))
                .buildAsync();
        this.hits = Counter.builder(LOOKUPS).description("Tenant session lookups: a cached session, or an AssumeRole")
                .tag("result", "hit").register(meters);
        this.misses = Counter.builder(LOOKUPS).description("Tenant session lookups: a cached session, or an AssumeRole")
                .tag("result", "miss").register(meters);
        Gauge.builder(CACHED, sessions.synchronous(), Cache::estimatedSize)
                .description("Tenant sessions cached or being assumed").register(meters);
    }

    /** Options; {@link Builder#stsClients} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TenantSession session(SessionKey key, String workspaceId) {
        Objects.requireNonNull(key, "key");
        String sessionName = RoleSessionNames.forWorkspace(workspaceId);
        while (true) {
            CompletableFuture<TenantSession> flight = new CompletableFuture<>();
            CompletableFuture<TenantSession> current = sessions.get(key, (k, executor) -> flight);
            if (current == flight) {
                misses.increment();
                tracing.current().set(SESSION_ATTRIBUTE, "assumed");
                run(key, sessionName, flight);
            } else {
                hits.increment();
                tracing.current().set(SESSION_ATTRIBUTE, current.isDone() ? "cached" : "joined");
            }
            TenantSession session = await(current);
            if (!session.expiredAt(clock.instant())) {
                return session;
            }
            // Only with a refresh margin of zero: it expired between Caffeine's check and this one.
            sessions.asMap().remove(key, current);
        }
    }

    @Override
    public void invalidate(SessionKey key) {
        sessions.synchronous().invalidate(Objects.requireNonNull(key, "key"));
    }

    @Override
    public void invalidateIf(Predicate<SessionKey> which) {
        Objects.requireNonNull(which, "which");
        sessions.asMap().keySet().removeIf(which);
    }

    @Override
    public void invalidateAll() {
        sessions.synchronous().invalidateAll();
    }

    @Override
    public String toString() {
        return "StsTenantCredentials[sessionDuration=" + sessionDuration + ", refreshMargin=" + refreshMargin
                + ", maximumSize=" + maximumSize + ", cached=" + sessions.synchronous().estimatedSize() + "]";
    }

    /** Runs pending evictions now (Caffeine otherwise does it asynchronously). */
    void cleanUp() {
        sessions.synchronous().cleanUp();
    }

    /** The keys with a cached session or one in flight. */
    Set<SessionKey> cachedKeys() {
        return Set.copyOf(sessions.asMap().keySet());
    }

    private Duration untilRefresh(TenantSession session) {
        Duration left = Duration.between(clock.instant(), session.expiration().minus(refreshMargin));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void run(SessionKey key, String sessionName, CompletableFuture<TenantSession> flight) {
        try {
            flight.complete(assumeRole(key, sessionName));
        } catch (Throwable t) {
            flight.completeExceptionally(t);
        }
    }

    private TenantSession assumeRole(SessionKey key, String sessionName) {
        long started = System.nanoTime();
        TraceSpan span = tracing.start(ASSUME_ROLE_SPAN, Tracing.Kind.CLIENT)
                .set("rpc.system", "aws-api").set("rpc.service", "STS").set("rpc.method", "AssumeRole");
        try {
            TenantSession session = assumeRoleOnce(key, sessionName);
            assumeRoleTimer("OK").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            span.set("aws.request_id", session.requestId());
            return session;
        } catch (AssumeRoleException e) {
            assumeRoleTimer(e.reason().name()).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            span.set("aws.request_id", e.requestId().orElse(null)).failed(e.reason().name());
            throw e;
        } catch (RuntimeException e) {
            assumeRoleTimer("ERROR").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            span.failed(e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Timer assumeRoleTimer(String outcome) {
        return Timer.builder(ASSUME_ROLE).description("AssumeRole calls into tenants' roles, by outcome")
                .tag("outcome", outcome).register(meters);
    }

    private TenantSession assumeRoleOnce(SessionKey key, String sessionName) {
        AssumeRoleResponse response;
        try {
            response = stsClients.client(key.stsEndpoint()).assumeRole(request -> request
                    .roleArn(key.roleArn().arn())
                    .externalId(key.externalId().value())
                    .roleSessionName(sessionName)
                    .durationSeconds(Math.toIntExact(sessionDuration.toSeconds())));
        } catch (SdkException | StsClients.PlatformCredentialsUnavailableException e) {
            throw AssumeRoleFailures.translate(e, key);
        }
        Credentials credentials = response.credentials();
        TenantSession session = new TenantSession(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration(), response.assumedRoleUser().arn(),
                response.responseMetadata().requestId());
        Instant now = clock.instant();
        if (session.expiredAt(now)) {
            throw new IllegalStateException("STS issued a session of " + key.roleArn() + " expiring at "
                    + session.expiration() + ", already past by this host's clock (" + now
                    + "): the clock is ahead of AWS's");
        }
        return session;
    }

    private static TenantSession await(CompletableFuture<TenantSession> flight) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Options of {@link StsTenantCredentials}. */
    public static final class Builder {
        private StsClients stsClients;
        private Clock clock = Clock.systemUTC();
        private Duration sessionDuration = DEFAULT_SESSION_DURATION;
        private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private MeterRegistry meters = new SimpleMeterRegistry();
        private Tracing tracing = Tracing.OFF;

        private Builder() {
        }

        /** Where each {@code AssumeRole}'s span goes. Default: {@link Tracing#OFF}. */
        public Builder tracing(Tracing tracing) {
            this.tracing = Objects.requireNonNull(tracing, "tracing");
            return this;
        }

        /**
         * Where {@value #ASSUME_ROLE} (tagged {@code outcome}: OK or the failure's reason), {@value #LOOKUPS} (tagged
         * {@code result}: hit, miss) and {@value #CACHED} are registered. Default: a registry of its own.
         */
        public Builder meters(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** Where {@code AssumeRole} goes, signed with Modelgate's credentials. Required. */
        public Builder stsClients(StsClients stsClients) {
            this.stsClients = Objects.requireNonNull(stsClients, "stsClients");
            return this;
        }

        /** The time sessions are judged by. Default: {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a session is asked for ({@code DurationSeconds}). Default {@link #DEFAULT_SESSION_DURATION}. STS
         * refuses a duration above the role's {@code MaxSessionDuration} ({@link AssumeRoleException.Reason#VALIDATION}).
         *
         * @throws IllegalArgumentException unless whole seconds from 15 minutes to 12 hours
         */
        public Builder sessionDuration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.toNanosPart() != 0 || duration.compareTo(MIN_SESSION_DURATION) < 0
                    || duration.compareTo(MAX_SESSION_DURATION) > 0) {
                throw new IllegalArgumentException("session duration must be whole seconds from "
                        + MIN_SESSION_DURATION.toSeconds() + " to " + MAX_SESSION_DURATION.toSeconds()
                        + " (STS's DurationSeconds), got " + duration);
            }
            this.sessionDuration = duration;
            return this;
        }

        /**
         * How long before its expiration a session is renewed. Default {@link #DEFAULT_REFRESH_MARGIN}. Must be less
         * than the session duration (checked by {@link #build()}).
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder refreshMargin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("refresh margin must not be negative, got " + margin);
            }
            this.refreshMargin = margin;
            return this;
        }

        /**
         * How many sessions are kept at most. Default {@link #DEFAULT_MAXIMUM_SIZE}.
         *
         * @throws IllegalArgumentException when less than 1
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximum size must be at least 1, got " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * @throws NullPointerException     when no {@link StsClients} was given
         * @throws IllegalArgumentException when the refresh margin is not less than the session duration
         */
        public StsTenantCredentials build() {
            return new StsTenantCredentials(this);
        }
    }
}
