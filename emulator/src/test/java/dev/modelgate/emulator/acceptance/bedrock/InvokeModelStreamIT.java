package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * InvokeModelWithResponseStream through the async (Netty) client: the chunks decode to the family's stream shapes,
 * their text pieces concatenate to InvokeModel's text for the same body, and the last chunk's invocation metrics
 * carry the same token counts as InvokeModel's headers.
 */
class InvokeModelStreamIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String QUESTION = "Explain event streams in a few words please";

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

    private static StreamCapture<InvokeModelWithResponseStreamResponse, JsonNode> stream(String modelId, String body) {
        var capture = StreamCapture.invoke(async, modelId, body);
        assertThat(capture.failure()).as("stream failure").isNull();
        assertThat(capture.error()).isNull();
        assertThat(capture.response().contentType()).as("X-Amzn-Bedrock-Content-Type").isEqualTo("application/json");
        assertThat(capture.response().sdkHttpResponse().firstMatchingHeader("Content-Type"))
                .contains("application/vnd.amazon.eventstream");
        assertThat(capture.response().responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
        return capture;
    }

    /** The last chunk's metrics name the same token counts as InvokeModel's headers for the same body. */
    private static void assertMetricsMatchInvokeModel(JsonNode lastChunk, String modelId, String body) {
        InvokeModelResponse invoked = sync.invokeModel(r -> r.modelId(modelId).body(utf8(body)));
        JsonNode metrics = lastChunk.get("amazon-bedrock-invocationMetrics");
        assertThat(metrics).as("amazon-bedrock-invocationMetrics").isNotNull();
        assertThat(invoked.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Input-Token-Count"))
                .contains(metrics.get("inputTokenCount").asString());
        assertThat(invoked.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Output-Token-Count"))
                .contains(metrics.get("outputTokenCount").asString());
        assertThat(metrics.get("invocationLatency").isIntegralNumber()).isTrue();
        assertThat(metrics.get("firstByteLatency").isIntegralNumber()).isTrue();
    }

    private static String invokedText(String modelId, String body, String pointer) {
        return json(sync.invokeModel(r -> r.modelId(modelId).body(utf8(body))).body()).at(pointer).stringValue();
    }

    @Test
    void claude_streamsTheMessagesEventsWithMetricsOnMessageStop() {
        String modelId = "anthropic.claude-3-haiku-20240307-v1:0";
        String body = NativeBodies.claude(QUESTION);

        List<JsonNode> chunks = stream(modelId, body).events();

        List<String> types = chunks.stream().map(c -> c.get("type").stringValue()).toList();
        assertThat(types.subList(0, 2)).containsExactly("message_start", "content_block_start");
        assertThat(types.subList(2, types.size() - 3)).isNotEmpty().containsOnly("content_block_delta");
        assertThat(types.subList(types.size() - 3, types.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(chunks.getFirst().at("/message/role").stringValue()).isEqualTo("assistant");
        String text = chunks.stream().filter(c -> c.get("type").stringValue().equals("content_block_delta"))
                .map(c -> c.at("/delta/text").stringValue()).collect(Collectors.joining());
        assertThat(text).isEqualTo(reply(QUESTION)).isEqualTo(invokedText(modelId, body, "/content/0/text"));
        assertThat(chunks.get(chunks.size() - 2).at("/delta/stop_reason").stringValue()).isEqualTo("end_turn");
        assertMetricsMatchInvokeModel(chunks.getLast(), modelId, body);
    }

    @Test
    void claude_overHttp1_streamsTheSameText() {
        String modelId = "anthropic.claude-3-haiku-20240307-v1:0";
        try (BedrockRuntimeAsyncClient http1 = BedrockSdk.asyncRuntimeHttp1(aws.endpoint())) {
            var capture = StreamCapture.invoke(http1, modelId, NativeBodies.claude(QUESTION));

            assertThat(capture.failure()).as("stream failure").isNull();
            String text = capture.events().stream().filter(c -> c.get("type").stringValue().equals("content_block_delta"))
                    .map(c -> c.at("/delta/text").stringValue()).collect(Collectors.joining());
            assertThat(text).isEqualTo(reply(QUESTION));
        }
    }

    @Test
    void defaultAsyncClient_speaksHttp2ToTheEmulator() {
        stream("anthropic.claude-3-haiku-20240307-v1:0", NativeBodies.claude(QUESTION));

        // HTTP/2 has no Connection header and carries the host as :authority; the journal shows what arrived.
        var recorded = aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").getLast();
        assertThat(recorded.header("connection")).isNull();
        assertThat(recorded.header("host")).isEqualTo(aws.endpoint().getAuthority());
    }

    @Test
    void titan_streamsOutputTextPiecesThenTheCompletionReasonWithMetrics() {
        String modelId = "amazon.titan-text-express-v1";
        String body = NativeBodies.titan(QUESTION);

        List<JsonNode> chunks = stream(modelId, body).events();

        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> assertThat(c.get("index").intValue()).isZero());
        String text = chunks.stream().map(c -> c.get("outputText").stringValue()).collect(Collectors.joining());
        assertThat(text).isEqualTo(reply(QUESTION)).isEqualTo(invokedText(modelId, body, "/results/0/outputText"));
        assertThat(chunks.getFirst().get("inputTextTokenCount").isIntegralNumber()).isTrue();
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.get("completionReason").isNull()).isTrue());
        assertThat(chunks.getLast().get("completionReason").stringValue()).isEqualTo("FINISHED");
        assertMetricsMatchInvokeModel(chunks.getLast(), modelId, body);
    }

    @Test
    void llama_streamsGenerationPiecesThenTheStopReasonWithMetrics() {
        String modelId = "meta.llama3-8b-instruct-v1:0";
        String body = NativeBodies.llama(QUESTION);

        List<JsonNode> chunks = stream(modelId, body).events();

        String text = chunks.stream().map(c -> c.get("generation").stringValue()).collect(Collectors.joining());
        assertThat(text).isEqualTo(reply(QUESTION)).isEqualTo(invokedText(modelId, body, "/generation"));
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.get("stop_reason").isNull()).isTrue());
        assertThat(chunks.getLast().get("stop_reason").stringValue()).isEqualTo("stop");
        assertThat(chunks.getLast().get("generation_token_count").intValue())
                .isEqualTo(chunks.getLast().at("/amazon-bedrock-invocationMetrics/outputTokenCount").intValue());
        assertMetricsMatchInvokeModel(chunks.getLast(), modelId, body);
    }

    @Test
    void modelWithoutResponseStreaming_isAValidationException() {
        var capture = StreamCapture.invoke(async, "us.meta.llama4-maverick-17b-instruct-v1:0",
                NativeBodies.llama(QUESTION));

        assertThat(capture.failure()).isInstanceOf(ValidationException.class);
        ValidationException e = (ValidationException) capture.failure();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The model is unsupported for streaming.");
        assertThat(capture.error()).isSameAs(e);
        assertThat(capture.events()).isEmpty();
    }

    @Test
    void stream_isJournalledAsInvokeModelWithResponseStream() {
        stream("anthropic.claude-3-haiku-20240307-v1:0", NativeBodies.claude(QUESTION));

        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("InvokeModelWithResponseStream");
        assertThat(recorded.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream");
        assertThat(recorded.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(recorded.caller()).isEqualTo(BedrockSdk.TENANT_ADMIN_ARN);
        assertThat(recorded.header("x-amzn-bedrock-accept")).isEqualTo("application/json");
        assertThat(recorded.status()).isEqualTo(200);
    }
}
