package dev.modelgate.credentials;

import dev.modelgate.aws.EndpointOverride;
import dev.modelgate.aws.SdkClientCache;

import dev.modelgate.connection.StsEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Modelgate's STS clients, one per STS endpoint and signing Region, built on first use and reused; all sign with
 * Modelgate's own credentials and share one HTTP client and one timer thread for their call timeouts. Thread-safe;
 * {@link #close()} closes them all.
 *
 * <p>With an {@linkplain Builder#endpointOverride endpoint override} (the local AWS emulator in tests and the
 * demo), every request goes to the override instead of the tenant's endpoint, still signed for that endpoint's
 * Region, so Region-specific behaviour is kept.
 */
public final class StsClients implements AutoCloseable {

    /** Default limit on one {@code AssumeRole} call, retries included. */
    public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(20);

    private final AwsCredentialsProvider platformCredentials;
    private final DefaultCredentialsProvider ownedCredentials;
    private final URI endpointOverride;
    private final ClientOverrideConfiguration overrideConfiguration;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder().build();
    /**
     * One timer for the call timeouts of every client: the SDK would otherwise start a pool per client that grows to 5
     * threads as calls time their attempts, and keeps them, so threads would grow with the STS endpoints in use.
     */
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("modelgate-sts-timeouts").factory());
    private final SdkClientCache<ClientKey, StsClient> clients = new SdkClientCache<>("StsClients", this::build);

    private StsClients(Builder builder) {
        DefaultCredentialsProvider defaultChain = builder.platformCredentials == null
                ? DefaultCredentialsProvider.builder().build() : null;
        this.ownedCredentials = defaultChain;
        this.platformCredentials = new PlatformCredentials(
                defaultChain != null ? defaultChain : builder.platformCredentials);
        this.endpointOverride = builder.endpointOverride;
        this.overrideConfiguration = builder.overrideConfiguration;
    }

    /** Options; every one has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client for {@code endpoint}: it sends to the endpoint (or to the override) and signs for the endpoint's
     * signing Region. The same instance for the same endpoint; do not close it, close this instead.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public StsClient client(StsEndpoint endpoint) {
        ClientKey key = new ClientKey(endpointOverride != null ? endpointOverride : endpoint.uri(),
                endpoint.signingRegion().id());
        return clients.get(key);
    }

    /** The operator's endpoint override, when one is configured. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** Closes every client built so far and the HTTP client. */
    @Override
    public void close() {
        clients.close();
        timeouts.shutdownNow();
        httpClient.close();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }

    @Override
    public String toString() {
        return "StsClients[endpointOverride=" + endpointOverride + ", clients=" + clients.size() + "]";
    }

    private StsClient build(ClientKey key) {
        return StsClient.builder()
                .endpointOverride(key.uri())
                .region(Region.of(key.signingRegion()))
                .credentialsProvider(platformCredentials)
                .httpClient(httpClient)
                .overrideConfiguration(overrideConfiguration.toBuilder().scheduledExecutorService(timeouts).build())
                .build();
    }

    private record ClientKey(URI uri, String signingRegion) {
    }

    /**
     * Marks a failure to obtain Modelgate's own credentials, so that it is told apart from a failure to reach STS
     * (the SDK reports both as {@code SdkClientException}).
     */
    static final class PlatformCredentialsUnavailableException extends RuntimeException {
        PlatformCredentialsUnavailableException(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private record PlatformCredentials(AwsCredentialsProvider delegate) implements AwsCredentialsProvider {
        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return delegate.resolveCredentials();
            } catch (RuntimeException e) {
                throw new PlatformCredentialsUnavailableException(e);
            }
        }
    }

    /** Options of {@link StsClients}. */
    public static final class Builder {
        private AwsCredentialsProvider platformCredentials;
        private URI endpointOverride;
        private ClientOverrideConfiguration overrideConfiguration = ClientOverrideConfiguration.builder()
                .apiCallTimeout(DEFAULT_API_CALL_TIMEOUT).build();

        private Builder() {
        }

        /** Modelgate's own credentials. Default: the SDK's default chain (environment, profile, container, IMDS). */
        public Builder platformCredentials(AwsCredentialsProvider provider) {
            this.platformCredentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Sends every STS request here instead of to the tenant's endpoint: {@code http} or {@code https}, a host,
         * and nothing after the port. Default: none.
         *
         * @throws IllegalArgumentException when {@code uri} is not such an address
         */
        public Builder endpointOverride(URI uri) {
            this.endpointOverride = EndpointOverride.check(uri, "STS");
            return this;
        }

        /**
         * Timeouts, retries and interceptors of every client. Default: the SDK's retries and an API call timeout of
         * {@link #DEFAULT_API_CALL_TIMEOUT}. Its scheduled executor, if any, is replaced by the clients' shared timer.
         */
        public Builder overrideConfiguration(ClientOverrideConfiguration configuration) {
            this.overrideConfiguration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        public StsClients build() {
            return new StsClients(this);
        }
    }
}
