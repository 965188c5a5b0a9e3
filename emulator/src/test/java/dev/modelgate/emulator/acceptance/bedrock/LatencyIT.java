package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import tools.jackson.databind.JsonNode;

/**
 * Configured model latency as the SDK reports it. Only what the emulator computes is asserted exactly (the stream
 * metrics follow the configuration); wall-clock time is asserted as a lower bound at most.
 */
class LatencyIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String BODY = NativeBodies.claude("How long does the first chunk take");

    private static BedrockRuntimeAsyncClient async;
    private static BedrockRuntimeClient sync;

    @BeforeAll
    static void clients() {
        async = BedrockSdk.asyncRuntime(aws.endpoint());
        sync = BedrockSdk.runtime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        async.close();
        sync.close();
    }

    private static void assertStreamMetrics(List<JsonNode> chunks, long firstChunkMs, long chunkGapMs) {
        JsonNode metrics = chunks.getLast().get("amazon-bedrock-invocationMetrics");
        assertThat(metrics.get("firstByteLatency").longValue()).isEqualTo(firstChunkMs);
        assertThat(metrics.get("invocationLatency").longValue())
                .isEqualTo(firstChunkMs + chunkGapMs * (chunks.size() - 1));
    }

    @Test
    void streamLatencySetInJava_isReportedInTheInvocationMetrics() {
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(0, 0, 100, 20));

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.failure()).isNull();
        assertStreamMetrics(capture.events(), 100, 20);
    }

    @Test
    void streamLatencySetThroughTheControlApi_isReportedInTheInvocationMetrics() throws Exception {
        HttpResponse<String> set = put("/_emulator/latency", """
                {"model":"%s","firstChunkMs":100,"chunkGapMs":20}""".formatted(HAIKU));
        assertThat(set.statusCode()).isEqualTo(200);

        var capture = StreamCapture.invoke(async, HAIKU, BODY);

        assertThat(capture.failure()).isNull();
        assertStreamMetrics(capture.events(), 100, 20);
    }

    @Test
    void streamLatency_isTheConverseStreamMetadataLatency() {
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(0, 0, 100, 20));

        var capture = StreamCapture.converse(async, ConverseStreamRequest.builder().modelId(HAIKU)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("How long does it take"))).build());

        assertThat(capture.failure()).isNull();
        var metadata = (ConverseStreamMetadataEvent) capture.events().getLast();
        assertThat(metadata.metrics().latencyMs()).isEqualTo(100 + 20L * (capture.events().size() - 1));
    }

    @Test
    void fixedLatency_isAtLeastTheInvocationLatencyHeader() {
        aws.emulator().faults().setLatency(null, Latency.ofMillis(50, 0, 0, 0));

        var response = sync.invokeModel(r -> r.modelId(HAIKU).body(utf8(BODY)));

        assertThat(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Invocation-Latency"))
                .hasValueSatisfying(ms -> assertThat(Long.parseLong(ms)).isGreaterThanOrEqualTo(50));
    }

    @Test
    void fixedLatency_isAtLeastTheConverseLatency() {
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(50, 0, 0, 0));

        var response = sync.converse(r -> r.modelId(HAIKU)
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi"))));

        assertThat(response.metrics().latencyMs()).isGreaterThanOrEqualTo(50L);
    }

    private static HttpResponse<String> put(String path, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(aws.endpoint() + path))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
