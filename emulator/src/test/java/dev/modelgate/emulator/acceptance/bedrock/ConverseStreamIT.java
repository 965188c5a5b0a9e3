package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
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
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * ConverseStream through the async client's visitor: messageStart, one contentBlockDelta per text piece (together
 * the Converse text), contentBlockStop, messageStop with the stop reason, and metadata with usage and metrics.
 */
class ConverseStreamIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String NOVA = "amazon.nova-lite-v1:0";
    private static final String QUESTION = "Summarise the Converse stream events for me";

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

    private static ConverseStreamRequest request(String modelId, int maxTokens) {
        return ConverseStreamRequest.builder().modelId(modelId)
                .system(s -> s.text("Be brief."))
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text(QUESTION)))
                .inferenceConfig(i -> i.maxTokens(maxTokens).temperature(0.2f))
                .build();
    }

    private static ConverseResponse converse(ConverseStreamRequest streamed) {
        return sync.converse(r -> r.modelId(streamed.modelId()).system(streamed.system())
                .messages(streamed.messages()).inferenceConfig(streamed.inferenceConfig()));
    }

    private static StreamCapture<ConverseStreamResponse, ConverseStreamOutput> stream(ConverseStreamRequest request) {
        var capture = StreamCapture.converse(async, request);
        assertThat(capture.failure()).as("stream failure").isNull();
        assertThat(capture.error()).isNull();
        return capture;
    }

    private static String deltaText(List<ConverseStreamOutput> events) {
        return events.stream().filter(ContentBlockDeltaEvent.class::isInstance).map(ContentBlockDeltaEvent.class::cast)
                .map(d -> d.delta().text()).collect(Collectors.joining());
    }

    @Test
    void converseStream_deliversTheEventsInOrderWithTheConverseText() {
        ConverseStreamRequest request = request(NOVA, 256);

        List<ConverseStreamOutput> events = stream(request).events();

        assertThat(events.getFirst()).isInstanceOfSatisfying(MessageStartEvent.class,
                start -> assertThat(start.role()).isEqualTo(ConversationRole.ASSISTANT));
        List<ConverseStreamOutput> deltas = events.subList(1, events.size() - 3);
        assertThat(deltas).hasSizeGreaterThan(1).allSatisfy(d -> assertThat(d)
                .isInstanceOfSatisfying(ContentBlockDeltaEvent.class, e -> assertThat(e.contentBlockIndex()).isZero()));
        assertThat(events.get(events.size() - 3)).isInstanceOfSatisfying(ContentBlockStopEvent.class,
                stop -> assertThat(stop.contentBlockIndex()).isZero());
        assertThat(events.get(events.size() - 2)).isInstanceOfSatisfying(MessageStopEvent.class,
                stop -> assertThat(stop.stopReason()).isEqualTo(StopReason.END_TURN));
        assertThat(events.getLast()).isInstanceOf(ConverseStreamMetadataEvent.class);
        assertThat(deltaText(events)).isEqualTo(reply(QUESTION))
                .isEqualTo(converse(request).output().message().content().getFirst().text());
    }

    @Test
    void converseStream_metadataCarriesTheConverseUsageAndALatency() {
        ConverseStreamRequest request = request(NOVA, 256);

        var metadata = (ConverseStreamMetadataEvent) stream(request).events().getLast();

        ConverseResponse whole = converse(request);
        // "Be brief." (3) + the question (7) in; "Modelgate emulator reply to:" (5) + the question (7) out.
        assertThat(metadata.usage().inputTokens()).isEqualTo(whole.usage().inputTokens()).isEqualTo(10);
        assertThat(metadata.usage().outputTokens()).isEqualTo(whole.usage().outputTokens()).isEqualTo(12);
        assertThat(metadata.usage().totalTokens()).isEqualTo(22);
        assertThat(metadata.metrics().latencyMs()).isNotNull().isGreaterThanOrEqualTo(0L);
    }

    @Test
    void converseStream_cutAtMaxTokens_stopsWithMaxTokens() {
        List<ConverseStreamOutput> events = stream(request(NOVA, 4)).events();

        assertThat(deltaText(events)).isEqualTo("Modelgate emulator reply to");
        assertThat(events.get(events.size() - 2)).isInstanceOfSatisfying(MessageStopEvent.class,
                stop -> assertThat(stop.stopReason()).isEqualTo(StopReason.MAX_TOKENS));
        assertThat(((ConverseStreamMetadataEvent) events.getLast()).usage().outputTokens()).isEqualTo(4);
    }

    @Test
    void converseStreamOnClaudeThroughAProfile_answersTheSameWay() {
        List<ConverseStreamOutput> events = stream(request("us.anthropic.claude-3-haiku-20240307-v1:0", 256)).events();

        assertThat(deltaText(events)).isEqualTo(reply(QUESTION));
        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("ConverseStream");
        assertThat(recorded.modelId()).isEqualTo("us.anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(recorded.path()).isEqualTo("/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
        assertThat(recorded.caller()).isEqualTo(BedrockSdk.TENANT_ADMIN_ARN);
        assertThat(recorded.status()).isEqualTo(200);
    }
}
