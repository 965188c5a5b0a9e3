package dev.modelgate.bench;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The floor for a stream: {@code InvokeModelWithResponseStream} straight from the SDK's
 * {@link BedrockRuntimeAsyncClient}, as the tenant's role, with no gateway in between. Built like the server's async
 * client (Netty, no SDK retries, up to 1,000 connections) and signing with a session of the same role, assumed once.
 * Each call sends the body the server renders for the same prompt and decodes every chunk (the JSON inside its
 * {@code bytes}) as Modelgate's caller decodes Modelgate's events: the first Claude {@code content_block_delta} with
 * text is the first token, the stream's completion the end.
 */
final class DirectStreamPath implements StreamPath {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A stream that has not ended after this long is a failure. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final SdkAsyncHttpClient http;
    private final BedrockRuntimeAsyncClient bedrock;
    private final InvokeModelWithResponseStreamRequest request;

    private DirectStreamPath(SdkAsyncHttpClient http, BedrockRuntimeAsyncClient bedrock,
                             InvokeModelWithResponseStreamRequest request) {
        this.http = http;
        this.bedrock = bedrock;
        this.request = request;
    }

    /**
     * Assumes the tenant's role as the platform user with {@code externalId}, then prepares
     * InvokeModelWithResponseStream of {@code modelId} with {@code body}.
     */
    static DirectStreamPath create(URI endpoint, Tenant tenant, String externalId, String modelId, String body) {
        AwsSessionCredentials session;
        try (SdkHttpClient sts = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build()) {
            session = DirectPath.tenantSession(endpoint, tenant, externalId, sts);
        }
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60)).maxConcurrency(1_000).build();
        BedrockRuntimeAsyncClient bedrock = BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1)
                .endpointOverride(endpoint).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(session))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        InvokeModelWithResponseStreamRequest request = InvokeModelWithResponseStreamRequest.builder().modelId(modelId)
                .contentType("application/json").accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(body.getBytes(StandardCharsets.UTF_8))).build();
        return new DirectStreamPath(http, bedrock, request);
    }

    @Override
    public String label() {
        return "direct SDK stream";
    }

    @Override
    public StreamAnswer call() throws Exception {
        Chunks chunks = new Chunks(System.nanoTime());
        bedrock.invokeModelWithResponseStream(request, InvokeModelWithResponseStreamResponseHandler.builder()
                        .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                                .onChunk(chunks::add).build())
                        .build())
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return chunks.answer(System.nanoTime());
    }

    /** What one stream's chunks carried; the SDK hands them over one at a time, possibly on different threads. */
    private static final class Chunks {
        private final long start;
        private final StringBuilder text = new StringBuilder(4_096);
        private long firstToken;
        private int chunks;
        private int textChunks;
        private long outputTokens = -1;

        Chunks(long start) {
            this.start = start;
        }

        synchronized void add(PayloadPart part) {
            chunks++;
            JsonNode chunk = JSON.readTree(part.bytes().asByteArrayUnsafe());
            switch (chunk.path("type").asString()) {
                case "content_block_delta" -> {
                    JsonNode delta = chunk.path("delta").path("text");
                    if (delta.isString() && !delta.stringValue().isEmpty()) {
                        if (textChunks++ == 0) {
                            firstToken = System.nanoTime();
                        }
                        text.append(delta.stringValue());
                    }
                }
                case "message_delta" -> outputTokens = chunk.path("usage").path("output_tokens").asLong(-1);
                default -> {
                    // message_start, content_block_start/stop, message_stop (with the invocation metrics)
                }
            }
        }

        synchronized StreamAnswer answer(long end) {
            if (textChunks == 0) {
                throw new IllegalStateException("Bedrock's stream carried no text");
            }
            return new StreamAnswer(firstToken - start, end - start, chunks, textChunks, text.toString(), outputTokens,
                    -1, -1);
        }
    }

    @Override
    public void close() {
        bedrock.close();
        http.close();
    }
}
