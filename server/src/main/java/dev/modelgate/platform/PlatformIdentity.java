package dev.modelgate.platform;

import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.platform.PlatformIdentityUnavailableException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Modelgate's own AWS principal: {@code GetCallerIdentity} with the credentials {@link StsClients} signs with (by
 * default the SDK's default chain: environment, system properties, profile, web identity, container and instance
 * credentials), sent to the operator's STS endpoint. A successful answer is kept for the TTL; a failure is not
 * kept, so the next call tries again. Thread-safe; concurrent callers share one call.
 */
public final class PlatformIdentity {

    /** How long an answer is kept when the builder is not told otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final StsClients stsClients;
    private final StsEndpoint endpoint;
    private final Duration ttl;
    private final Clock clock;
    private volatile Cached cached;

    /**
     * @param stsClients Modelgate's STS clients (signing credentials and endpoint override)
     * @param endpoint   the STS endpoint to ask, e.g. {@code StsEndpoint.regional(us-east-1)}
     * @param ttl        how long an answer is kept; zero asks every time
     * @param clock      measures the TTL
     */
    public PlatformIdentity(StsClients stsClients, StsEndpoint endpoint, Duration ttl, Clock clock) {
        this.stsClients = Objects.requireNonNull(stsClients, "stsClients");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
        }
    }

    /**
     * Modelgate's caller identity, from the cache while it is fresh.
     *
     * @throws PlatformIdentityUnavailableException when there are no credentials, STS refuses them or STS cannot
     *                                              be reached
     */
    public CallerIdentity callerIdentity() {
        Cached current = cached;
        if (current != null && fresh(current)) {
            return current.identity();
        }
        synchronized (this) {
            current = cached;
            if (current != null && fresh(current)) {
                return current.identity();
            }
            CallerIdentity identity = ask();
            cached = new Cached(identity, clock.instant());
            return identity;
        }
    }

    private boolean fresh(Cached entry) {
        return clock.instant().isBefore(entry.fetchedAt().plus(ttl));
    }

    private CallerIdentity ask() {
        StsClient sts = stsClients.client(endpoint);
        try {
            // Resolved first, alone: the SDK reports missing credentials and an unreachable STS alike.
            sts.serviceClientConfiguration().credentialsProvider().resolveIdentity().join();
        } catch (RuntimeException e) {
            throw unavailable(Reason.NO_CREDENTIALS, "Modelgate has no AWS credentials: the SDK's default "
                    + "credentials chain (environment, system properties, profile, web identity, container and "
                    + "instance credentials) found none", e);
        }
        try {
            GetCallerIdentityResponse response = sts.getCallerIdentity();
            return new CallerIdentity(response.arn(), response.account());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw unavailable(Reason.STS_UNAVAILABLE, "STS at " + target() + " is failing (" + code
                        + ", HTTP " + e.statusCode() + "); try again later", e);
            }
            throw unavailable(Reason.CREDENTIALS_REJECTED, "STS at " + target() + " refused Modelgate's credentials ("
                    + code + "); check the access key, secret and session token the SDK's default credentials chain "
                    + "finds (environment, profile, web identity, container or instance role)", e);
        } catch (SdkClientException e) {
            throw unavailable(Reason.STS_UNAVAILABLE, "could not reach STS at " + target() + "; check the network "
                    + "and modelgate.aws.region / modelgate.aws.endpoint-override", e);
        }
    }

    private String target() {
        return stsClients.endpointOverride().map(Object::toString).orElse(endpoint.url());
    }

    private static PlatformIdentityUnavailableException unavailable(Reason reason, String message, Throwable cause) {
        return new PlatformIdentityUnavailableException(reason, message, cause);
    }

    @Override
    public String toString() {
        return "PlatformIdentity[" + target() + ", ttl=" + ttl + "]";
    }

    private record Cached(CallerIdentity identity, Instant fetchedAt) {
    }
}
