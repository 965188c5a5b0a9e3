package dev.modelgate.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Token buckets in this instance's memory: each instance of Modelgate counts only the requests it serves. At most
 * 100,000 buckets are kept; one unused for 10 minutes is dropped (it would be full again by then). Buckets are kept
 * by key and limit ({@code <rate>/<burst>:<key>}, as in {@link RedisBuckets}), so a bucket is never reused for
 * another limit.
 */
public final class LocalBuckets implements RateLimits.Buckets {

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    /** Buckets refilled by {@code clock}. */
    public LocalBuckets(Clock clock) {
        this.time = timeMeter(clock);
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimits.Limit limit) {
        String limitedKey = limit.requestsPerSecond() + "/" + limit.burst() + ":" + key;
        return buckets.get(limitedKey, k -> Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit.bandwidth()).build()).tryConsumeAndReturnRemaining(1);
    }

    @Override
    public ConsumptionProbe tryConsume(String key, RateLimits.TokenLimit limit, long tokens) {
        return bucket(key, limit).tryConsumeAndReturnRemaining(tokens);
    }

    @Override
    public void correct(String key, RateLimits.TokenLimit limit, long tokens) {
        if (tokens > 0) {
            bucket(key, limit).consumeIgnoringRateLimits(tokens);
        } else if (tokens < 0) {
            bucket(key, limit).addTokens(-tokens);
        }
    }

    private Bucket bucket(String key, RateLimits.TokenLimit limit) {
        return buckets.get(limit.keyPart() + ":" + key, k -> Bucket.builder().withCustomTimePrecision(time)
                .addLimit(limit.bandwidth()).build());
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** Bucket4j's clock reading {@code clock}, in nanoseconds since the epoch. */
    static TimeMeter timeMeter(Clock clock) {
        return new ClockTime(Objects.requireNonNull(clock, "clock"));
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
