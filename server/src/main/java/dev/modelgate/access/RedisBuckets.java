package dev.modelgate.access;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every instance of Modelgate (Bucket4j's compare-and-swap buckets over Lettuce):
 * a limit of 10 requests per second holds for the whole cluster, whichever instance a request reaches.
 *
 * <p>Nothing waits on Redis longer than {@code timeout}. When Redis does not answer (not started, stopped, unreachable,
 * too slow), requests fall back to this instance's own {@link LocalBuckets}, so each instance enforces the limits on
 * its own share, and Redis is tried again {@code retryAfter} later ({@link #shared()} says which holds). An established
 * connection reconnects by itself; commands sent while it is down fail at once instead of queueing.
 *
 * <p>Keys are {@code <prefix>rl:<rate>/<burst>:<scope>:<id>}, or {@code <prefix>rl:tpm<tokens>:<scope>:<id>} for a
 * token-per-minute limit (a changed limit starts fresh buckets), and expire once
 * their bucket would be full again.
 */
public final class RedisBuckets implements RateLimits.Buckets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final ClientResources resources;
    private final RedisClient client;
    private final String prefix;
    private final Duration retryAfter;
    private final Clock clock;
    private final LocalBuckets fallback;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile ProxyManager<byte[]> buckets;
    /** While failing, {@link System#nanoTime()} at which Redis is tried again. */
    private volatile long retryAt;
    private volatile boolean failing;
    private volatile String lastFailure = "";
    private volatile boolean closed;

    /**
     * Connects to Redis once (an unreachable Redis leaves the limits per instance until a later try succeeds).
     *
     * @param uri        Redis, e.g. {@code redis://127.0.0.1:6379}
     * @param prefix     prepended to every key (several deployments on one Redis keep apart)
     * @param timeout    the most a connect or a command may take
     * @param retryAfter how long the limits stay per instance after Redis failed before Redis is tried again
     * @param clock      the time buckets refill by (every instance's clock should agree to within a few ms)
     */
    public RedisBuckets(String uri, String prefix, Duration timeout, Duration retryAfter, Clock clock) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fallback = new LocalBuckets(clock);
        // Reconnects come quickly at first, then every retryAfter at most (Lettuce's default backs off to 30 s).
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), retryAfter, 2, TimeUnit.MILLISECONDS)).build();
        this.client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        connect();
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimits.Limit limit) {
        ProxyManager<byte[]> shared = buckets;
        if (shared == null || waiting()) {
            if (shared == null) {
                connectInBackground();
            }
            return fallback.tryConsume(key, limit);
        }
        byte[] redisKey = (prefix + "rl:" + limit.requestsPerSecond() + "/" + limit.burst() + ":" + key)
                .getBytes(StandardCharsets.UTF_8);
        try {
            ConsumptionProbe probe = shared.builder().build(redisKey, limit::configuration).tryConsumeAndReturnRemaining(1);
            recovered();
            return probe;
        } catch (RuntimeException e) {
            failed(e);
            return fallback.tryConsume(key, limit);
        }
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimits.TokenLimit limit, long tokens) {
        ProxyManager<byte[]> shared = buckets;
        if (shared == null || waiting()) {
            if (shared == null) {
                connectInBackground();
            }
            return fallback.tryConsume(key, limit, tokens);
        }
        try {
            ConsumptionProbe probe = shared.builder().build(redisKey(key, limit), limit::configuration)
                    .tryConsumeAndReturnRemaining(tokens);
            recovered();
            return probe;
        } catch (RuntimeException e) {
            failed(e);
            return fallback.tryConsume(key, limit, tokens);
        }
    }

    @Override
    public void correct(String key, RateLimits.TokenLimit limit, long tokens) {
        ProxyManager<byte[]> shared = buckets;
        if (tokens == 0) {
            return;
        }
        if (shared == null || waiting()) {
            fallback.correct(key, limit, tokens);
            return;
        }
        try {
            var bucket = shared.builder().build(redisKey(key, limit), limit::configuration);
            if (tokens > 0) {
                bucket.consumeIgnoringRateLimits(tokens);
            } else {
                bucket.addTokens(-tokens);
            }
            recovered();
        } catch (RuntimeException e) {
            failed(e);
            fallback.correct(key, limit, tokens);
        }
    }

    private byte[] redisKey(String key, RateLimits.TokenLimit limit) {
        return (prefix + "rl:" + limit.keyPart() + ":" + key).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True while Redis answers: the limits hold across instances; false from a failure until Redis answers again,
     * while each instance counts its own.
     */
    @Override
    public boolean shared() {
        return buckets != null && !failing;
    }

    /** Why Redis was last given up on, empty if it never was. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Asks Redis for a PONG within the timeout; a Redis answering again ends the per-instance fallback at once.
     *
     * @return whether it answered
     */
    public boolean ping() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current == null) {
            connect();
            current = connection;
            if (current == null) {
                return false;
            }
        }
        try {
            current.sync().ping();
            recovered();
            return true;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private void connectInBackground() {
        if (!waiting() && !connecting.get()) {
            Thread.ofVirtual().name("redis-buckets-connect").start(this::connect);
        }
    }

    private void connect() {
        if (closed || !connecting.compareAndSet(false, true)) {
            return;
        }
        try {
            if (connection == null) {
                StatefulRedisConnection<byte[], byte[]> opened = client.connect(ByteArrayCodec.INSTANCE);
                ProxyManager<byte[]> proxies = Bucket4jLettuce.casBasedBuilder(opened)
                        .clientClock(LocalBuckets.timeMeter(clock))
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .build();
                warmUp(proxies);
                connection = opened;
                buckets = proxies;
                failing = false;
                log.info("Rate limits are shared through Redis");
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            connecting.set(false);
        }
    }

    /**
     * Takes a token of a bucket of its own before the first request does: the first command of a new process loads
     * and compiles the script's path (Lettuce, Netty, Bucket4j's serialisation), which on a starting, busy instance
     * can outlast the timeout and would send its first requests to the per-instance fallback. Its outcome does not
     * matter; what it loaded stays loaded.
     */
    private void warmUp(ProxyManager<byte[]> proxies) {
        byte[] key = (prefix + "warm-up").getBytes(StandardCharsets.UTF_8);
        RateLimits.Limit limit = new RateLimits.Limit(1, 1);
        for (int i = 0; i < 3; i++) {
            try {
                proxies.builder().build(key, limit::configuration).tryConsumeAndReturnRemaining(1);
                return;
            } catch (RuntimeException e) {
                log.debug("Warming up the Redis buckets: {}", e.toString());
            }
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Redis answers again: the rate limits are shared by every instance");
        }
    }

    private boolean waiting() {
        return failing && System.nanoTime() - retryAt < 0;
    }

    private void failed(RuntimeException e) {
        boolean wasFailing = failing;
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        retryAt = System.nanoTime() + retryAfter.toNanos();
        failing = true;
        if (!wasFailing) {
            log.warn("Redis did not answer ({}); each instance enforces the rate limits on its own until it does, "
                    + "tried again every {}", lastFailure, retryAfter);
        }
    }
}
