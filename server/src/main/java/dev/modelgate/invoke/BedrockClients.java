package dev.modelgate.invoke;

import dev.modelgate.aws.EndpointOverride;
import dev.modelgate.aws.SdkClientCache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.endpoints.BedrockRuntimeEndpointParams;
import software.amazon.awssdk.services.bedrockruntime.endpoints.BedrockRuntimeEndpointProvider;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;

/**
 * Modelgate's Bedrock Runtime clients, one per Region (and endpoint), built on first use and reused by every tenant:
 * credentials come with each request, not with the client. The clients never retry ({@link ModelInvoker} decides
 * what is retried) and refuse answers larger than {@link Builder#maxResponseBytes}. A model's own connect timeout
 * is applied rounded up to {@value #CONNECT_TIMEOUT_STEP_MILLIS} ms, so that a Region has a bounded number of clients
 * (at most 300 within the models' limits), and every client shares one timer thread for its call timeouts.
 * Thread-safe; {@link #close()} closes them all.
 */
public final class BedrockClients implements AutoCloseable {

    /** Default limit on connecting to Bedrock. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default cap on one answer's body. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;
    /** The most streams one async client keeps open at once (Netty's connection pool size). */
    public static final int MAX_STREAMS_PER_CLIENT = 1_000;
    /** Connect timeouts are applied in steps of this many milliseconds (rounded up). */
    public static final long CONNECT_TIMEOUT_STEP_MILLIS = 100;

    private final URI endpointOverride;
    private final long maxResponseBytes;
    private final Duration defaultConnectTimeout;
    private final Duration socketTimeout;
    private final java.util.concurrent.ConcurrentMap<Duration, SdkHttpClient> httpClients =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * One timer for the call timeouts of every client (the SDK would otherwise start a thread pool per client); a
     * cancelled timeout leaves its queue at once instead of waiting there for its delay.
     */
    private final java.util.concurrent.ScheduledThreadPoolExecutor timeouts = timer();
    /** Each Region's Bedrock Runtime endpoint, as the SDK's endpoint rules give it (or the override). */
    private final java.util.concurrent.ConcurrentMap<String, URI> endpoints = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    private final SdkClientCache<ClientKey, BedrockRuntimeClient> clients = new SdkClientCache<>("BedrockClients", this::build);
    private final java.util.concurrent.ConcurrentMap<Duration, SdkAsyncHttpClient> asyncHttpClients =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final SdkClientCache<ClientKey, BedrockRuntimeAsyncClient> asyncClients =
            new SdkClientCache<>("BedrockAsyncClients", this::buildAsync);

    private BedrockClients(Builder builder) {
        this.endpointOverride = builder.endpointOverride;
        this.maxResponseBytes = builder.maxResponseBytes;
        this.defaultConnectTimeout = builder.connectTimeout;
        this.socketTimeout = builder.socketTimeout;
    }

    /** Options; every one has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client for {@code region}: it sends to the Region's endpoint (or to the override) and signs for the
     * Region. The same instance for the same Region; do not close it, close this instead.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public BedrockRuntimeClient client(dev.modelgate.connection.Region region) {
        return client(region, defaultConnectTimeout);
    }

    /**
     * The client for {@code region} whose connections time out after {@code connectTimeout} (a model's own limit).
     * One instance per Region and connect timeout.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public BedrockRuntimeClient client(dev.modelgate.connection.Region region, Duration connectTimeout) {
        return clients.get(new ClientKey(region.id(), endpointOverride, stepped(connectTimeout)));
    }

    /**
     * Sends one {@code InvokeModel} to {@code region} as {@code credentials}, without the SDK client's pipeline
     * ({@link InvokeModelExchange}): over the HTTP client of {@code connectTimeout} (the clients' own), aborted after
     * {@code timeout}, its answer capped at {@link #maxResponseBytes()}. Throws what the SDK client would.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    InvokeModelExchange.Answer invokeModel(dev.modelgate.connection.Region region, Duration connectTimeout,
                                           InvokeModelRequest request, AwsCredentialsIdentity credentials,
                                           Duration timeout) {
        if (closed) {
            throw new IllegalStateException("BedrockClients is closed");
        }
        return InvokeModelExchange.send(httpClients.computeIfAbsent(stepped(connectTimeout), this::httpClient),
                timeouts, endpoint(region.id()), region.id(), request, credentials, timeout, maxResponseBytes);
    }

    /** {@code region}'s Bedrock Runtime endpoint, or the override. */
    URI endpoint(String region) {
        if (endpointOverride != null) {
            return endpointOverride;
        }
        return endpoints.computeIfAbsent(region, id -> BedrockRuntimeEndpointProvider.defaultProvider()
                .resolveEndpoint(BedrockRuntimeEndpointParams.builder().region(Region.of(id)).build()).join().url());
    }

    /**
     * The async client for {@code region}, for Bedrock's streaming operations ({@code InvokeModelWithResponseStream},
     * {@code ConverseStream}), whose connections time out after {@code connectTimeout}. One instance per Region and
     * connect timeout, on a Netty HTTP client shared by every Region with that timeout; never retries.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public BedrockRuntimeAsyncClient asyncClient(dev.modelgate.connection.Region region, Duration connectTimeout) {
        return asyncClients.get(new ClientKey(region.id(), endpointOverride, stepped(connectTimeout)));
    }

    /**
     * Builds, ahead of the first stream, what every async client shares: Netty's event loops and the SDK's async
     * pipeline, here the async client of {@code region} at the default connect timeout. Without it the first stream
     * after a start pays for it (about a second). Never throws: a failure here shows again on the first real call.
     */
    public void warmUp(dev.modelgate.connection.Region region) {
        try {
            asyncClient(region, defaultConnectTimeout).serviceClientConfiguration();
        } catch (RuntimeException e) {
            // Nothing to do: the first stream builds the client itself and reports what fails.
        }
    }

    /** The cap on one answer's body, in bytes. */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The operator's endpoint override, when one is configured. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride);
    }

    /** Closes every client built so far and the HTTP client. */
    @Override
    public void close() {
        closed = true;
        clients.close();
        asyncClients.close();
        httpClients.values().forEach(SdkHttpClient::close);
        asyncHttpClients.values().forEach(SdkAsyncHttpClient::close);
        timeouts.shutdownNow();
    }

    @Override
    public String toString() {
        return "BedrockClients[endpointOverride=" + endpointOverride + ", clients=" + clients.size() + ", asyncClients="
                + asyncClients.size() + "]";
    }

    private BedrockRuntimeClient build(ClientKey key) {
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(key.region()))
                .httpClient(httpClients.computeIfAbsent(key.connectTimeout(), this::httpClient))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .scheduledExecutorService(timeouts)
                        .addExecutionInterceptor(new ResponseCap(maxResponseBytes))
                        .build());
        if (key.endpoint() != null) {
            builder.endpointOverride(key.endpoint());
        }
        return builder.build();
    }

    private BedrockRuntimeAsyncClient buildAsync(ClientKey key) {
        var builder = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(key.region()))
                .httpClient(asyncHttpClients.computeIfAbsent(key.connectTimeout(), this::asyncHttpClient))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .scheduledExecutorService(timeouts)
                        .build());
        if (key.endpoint() != null) {
            builder.endpointOverride(key.endpoint());
        }
        return builder.build();
    }

    /**
     * Netty, reading a stream no faster than its subscriber asks for it; a stream that sends nothing for the socket
     * timeout fails.
     */
    private SdkAsyncHttpClient asyncHttpClient(Duration connectTimeout) {
        return NettyNioAsyncHttpClient.builder()
                .connectionTimeout(connectTimeout)
                .readTimeout(socketTimeout)
                .maxConcurrency(MAX_STREAMS_PER_CLIENT)
                .build();
    }

    private static java.util.concurrent.ScheduledThreadPoolExecutor timer() {
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
                .name("modelgate-bedrock-timeouts").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** {@code timeout} rounded up to the next {@link #CONNECT_TIMEOUT_STEP_MILLIS}. */
    static Duration stepped(Duration timeout) {
        long steps = (timeout.toMillis() + CONNECT_TIMEOUT_STEP_MILLIS - 1) / CONNECT_TIMEOUT_STEP_MILLIS;
        return Duration.ofMillis(Math.max(1, steps) * CONNECT_TIMEOUT_STEP_MILLIS);
    }

    /** URL connections block the calling (virtual) thread and hold no pool of platform threads. */
    private SdkHttpClient httpClient(Duration connectTimeout) {
        return UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout).build();
    }

    private record ClientKey(String region, URI endpoint, Duration connectTimeout) {
    }

    /** Thrown (inside the SDK's read of the body) once an answer passes the cap. */
    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(long cap) {
            super("the answer is larger than the cap of " + cap + " bytes");
        }
    }

    /** Wraps successful answers' bodies so that the SDK cannot read more than the cap into memory. */
    private record ResponseCap(long cap) implements ExecutionInterceptor {
        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                               ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (body.isEmpty() || !context.httpResponse().isSuccessful()) {
                return body;
            }
            // A declared length over the cap is refused before a byte is read.
            boolean declaredTooLarge = contentLength(context.httpResponse()) > cap;
            return Optional.of(new BoundedInputStream(body.get(), declaredTooLarge ? -1 : cap, cap));
        }
    }

    /** An answer's declared {@code Content-Length}; -1 when it has none, or one that is not 1 to 18 digits. */
    static long contentLength(software.amazon.awssdk.http.SdkHttpResponse response) {
        String value = response.firstMatchingHeader("Content-Length").map(String::strip).orElse("");
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    static final class BoundedInputStream extends FilterInputStream {
        private final long allowed;
        private final long cap;
        private long read;

        /** Reads at most {@code allowed} bytes (-1: none) and then fails, naming {@code cap}. */
        BoundedInputStream(InputStream in, long allowed, long cap) {
            super(in);
            this.allowed = allowed;
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            refuseIfOver();
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            refuseIfOver();
            int n = super.read(buffer, offset, (int) Math.min(length, allowed + 1 - read));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            refuseIfOver();
        }

        private void refuseIfOver() throws IOException {
            if (read > allowed) {
                throw new ResponseTooLargeException(cap);
            }
        }
    }

    /** Options of {@link BedrockClients}. */
    public static final class Builder {
        private URI endpointOverride;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = Duration.ofMinutes(5);
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

        private Builder() {
        }

        /**
         * Sends every request here instead of to the Region's endpoint (the emulator in tests), still signed for
         * the Region: {@code http(s)://host[:port]}. Default: none.
         */
        public Builder endpointOverride(URI uri) {
            this.endpointOverride = EndpointOverride.check(uri, "Bedrock");
            return this;
        }

        /** Limit on opening a connection. Default {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Limit on waiting for bytes of an answer; the per-call API timeout is usually shorter. Default 5 min. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = positive(timeout, "socket timeout");
            return this;
        }

        /** Cap on one answer's body, in bytes; larger answers fail as RESPONSE_TOO_LARGE. Default 10 MiB. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max response bytes must be at least 1, got " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        public BedrockClients build() {
            return new BedrockClients(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
