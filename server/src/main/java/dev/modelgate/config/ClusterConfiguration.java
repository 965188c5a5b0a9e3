package dev.modelgate.config;

import dev.modelgate.access.LocalBuckets;
import dev.modelgate.access.RateLimits;
import dev.modelgate.access.RedisBuckets;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.platform.PlatformIdentityUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the instances of one deployment share beyond the database: the rate limits' buckets in Redis
 * ({@code modelgate.redis.*}), and the health that tells a load balancer whether an instance can take traffic.
 *
 * <p>Redis rather than PostgreSQL for the buckets: every request takes a token, and a token taken in PostgreSQL is a
 * transaction holding a row lock that every request of a busy workspace queues on; in Redis it is one script run in
 * well under a millisecond. Without Redis, or while it does not answer, each instance enforces the limits on its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedisProperties.class)
public class ClusterConfiguration {

    /** Redis answers no more, so each instance enforces the limits on its own: serving, not as configured. */
    public static final Status DEGRADED = new Status("DEGRADED");

    /** 1 while the rate limits are shared through Redis, 0 while each instance enforces them on its own. */
    public static final String SHARED_LIMITS = "modelgate.rate-limit.shared";

    /** Closed with the context (the Redis connection) by Spring's inferred {@code close()}. */
    @Bean
    RateLimits.Buckets rateLimitBuckets(RedisProperties redis, Clock clock, MeterRegistry meters) {
        RateLimits.Buckets buckets = redis.configured()
                ? new RedisBuckets(redis.url(), redis.keyPrefix(), redis.timeout(), redis.retryAfter(), clock)
                : new LocalBuckets(clock);
        Gauge.builder(SHARED_LIMITS, buckets, b -> b.shared() ? 1 : 0)
                .description("1 while the rate limits hold across instances (Redis), 0 while each instance counts its own")
                .register(meters);
        return buckets;
    }

    /**
     * {@code redis}: UP while Redis answers (limits shared); DEGRADED while it is configured but does
     * not answer (limits per instance: the instance keeps serving, and a readiness probe keeps it in, answering 200);
     * UP with {@code configured: false} when there is none.
     */
    @Bean
    HealthIndicator redisHealthIndicator(RateLimits.Buckets buckets, RedisProperties redis) {
        return () -> {
            if (!(buckets instanceof RedisBuckets shared)) {
                return Health.up().withDetail("configured", false).withDetail("rateLimits", "per-instance").build();
            }
            if (shared.ping()) {
                return Health.up().withDetail("rateLimits", "shared").build();
            }
            return Health.status(DEGRADED).withDetail("rateLimits", "per-instance")
                    .withDetail("error", shared.lastFailure()).build();
        };
    }

    /**
     * {@code platformIdentity}: whether Modelgate's own AWS principal is known (it signs every AssumeRole); DOWN
     * takes the instance out of the load balancer's rotation, as it cannot reach any tenant's model.
     */
    @Bean
    HealthIndicator platformIdentityHealthIndicator(PlatformIdentity identity) {
        return () -> {
            try {
                return Health.up().withDetail("arn", identity.callerIdentity().arn()).build();
            } catch (PlatformIdentityUnavailableException e) {
                return Health.down().withDetail("reason", e.getMessage()).build();
            }
        };
    }
}
