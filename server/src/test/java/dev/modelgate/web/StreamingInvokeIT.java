package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.preset.Presets;
import dev.modelgate.registration.TestApprovals;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streamed invocations ({@code "stream": true} or {@code Accept: text/event-stream}) against the emulator's
 * {@code InvokeModelWithResponseStream}: text deltas as chunks come, a {@code done} with the usage, failures before
 * the first byte as ordinary problems, mid-stream failures as one {@code error} event, and every stream metered.
 */
class StreamingInvokeIT extends ApiTestBase {

    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String STREAM_OP = "InvokeModelWithResponseStream";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    @Autowired
    ExternalModels models;

    @Autowired
    TenantCredentials sessions;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
        registry.add("modelgate.bedrock.retry.base-delay", () -> "PT0.001S");
        registry.add("modelgate.bedrock.retry.max-delay", () -> "PT0.005S");
    }

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @BeforeEach
    void workspaceTrustedByTheTenantRoles() {
        sessions.invalidateAll();
        UsageTables.deleteAll(jdbc);
        TestApprovals.approveWorldFor(jdbc, "default", aws.emulator().world());
    }

    @Override
    String workspaceExternalId() {
        return EXTERNAL_ID;
    }

    @Test
    void stream_answersDeltasThenDone_withTheUsageOfTheMetrics_andMetersIt() {
        JsonNode model = ready(streamed("haiku", TENANT_ROLE));
        String expected = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Say hello.")))
                .json().get("output").get("text").stringValue();
        UsageTables.deleteAll(jdbc);

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream;charset=UTF-8");
            events = stream.rest();
        }

        RecordedRequest bedrock = aws.emulator().journal().ofOperation(STREAM_OP).getLast();
        assertThat(events.size()).isGreaterThan(2);
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("delta");
            assertThat(e.data().get("type").stringValue()).isEqualTo("delta");
            assertThat(e.data().get("text").stringValue()).isNotEmpty();
        });
        assertThat(EventStream.text(events)).isEqualTo(expected);
        JsonNode done = events.getLast().data();
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(done.get("model").stringValue()).isEqualTo("haiku");
        assertThat(done.get("revision").longValue()).isEqualTo(1);
        assertThat(done.get("modelId").stringValue()).isEqualTo(HAIKU);
        assertThat(done.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(done.get("requestId").stringValue()).isEqualTo(bedrock.requestId());
        assertThat(done.get("attempts").intValue()).isEqualTo(1);
        assertThat(done.get("timeToFirstTokenMs").longValue()).isNotNegative()
                .isLessThanOrEqualTo(done.get("latencyMs").longValue());
        assertThat(done.has("output") && !done.get("output").has("text")).isTrue();
        JsonNode usage = done.get("usage");
        assertThat(usage.get("inputTokensSource").stringValue()).isEqualTo("MAPPING");
        assertThat(usage.get("outputTokensSource").stringValue()).isEqualTo("MAPPING");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("MODEL_ID", model.get("id").stringValue()).containsEntry("OUTCOME", "OK")
                .containsEntry("INPUT_TOKENS", usage.get("inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", usage.get("outputTokens").longValue())
                .containsEntry("TOKEN_SOURCE", "MAPPING").containsEntry("REQUEST_ID", bedrock.requestId()));
    }

    @Test
    void stream_recordsTheKeyThatCalled_asACallDoes() {
        ready(streamed("haiku", TENANT_ROLE));
        UsageTables.deleteAll(jdbc);

        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            stream.rest();
        }

        assertThat(jdbc.sql("SELECT caller_kind, caller_name FROM usage_records").query().listOfRows())
                .containsExactly(Map.of("CALLER_KIND", "KEY", "CALLER_NAME", actor.substring("key ".length())));
    }

    @Test
    void acceptEventStream_streamsWithoutTheBodySayingSo_andTokensFallBackToTheMetrics() {
        ObjectNode draft = streamed("haiku", TENANT_ROLE);
        ((ObjectNode) draft.get("outputMapping").get("stream")).remove(List.of("inputTokens", "outputTokens"));
        ready(draft);

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello.")), "Accept", "text/event-stream")) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        JsonNode usage = events.getLast().data().get("usage");
        assertThat(usage.get("inputTokensSource").stringValue()).isEqualTo("METRICS");
        assertThat(usage.get("outputTokensSource").stringValue()).isEqualTo("METRICS");
        assertThat(usage.get("inputTokens").longValue()).isPositive();
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "OK")
                .containsEntry("TOKEN_SOURCE", "HEADERS")
                .containsEntry("INPUT_TOKENS", usage.get("inputTokens").longValue()));
    }

    @Test
    void modelWithoutAStreamMapping_is409ProblemJson_evenWhenOnlyAnEventStreamIsAccepted() {
        ready(InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU));

        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true), "Accept", "text/event-stream")) {
            assertThat(stream.status()).isEqualTo(409);
            assertThat(stream.header("Content-Type")).isEqualTo(Api.PROBLEM_JSON);
            JsonNode problem = Api.parse(stream.text());
            assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/streaming-not-configured");
            assertThat(problem.get("detail").stringValue()).contains("outputMapping.stream");
        }
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP)).isEmpty();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void failureBeforeTheFirstEvent_keepsItsStatusAndProblem_andIsMetered() {
        ready(streamed("haiku", "arn:aws:iam::222222222222:role/NoBedrockAccess"));

        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            assertThat(stream.status()).isEqualTo(502);
            assertThat(stream.header("Content-Type")).isEqualTo(Api.PROBLEM_JSON);
            assertThat(Api.parse(stream.text()).get("type").stringValue())
                    .isEqualTo("https://modelgate.dev/problems/bedrock-access-denied");
        }
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "ACCESS_DENIED"));
    }

    @Test
    void throttledBeforeTheFirstEvent_isRetried_thenStreams() {
        ready(streamed("haiku", TENANT_ROLE));
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.THROTTLING));

        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            List<EventStream.Event> events = stream.rest();
            assertThat(events.getLast().type()).isEqualTo("done");
            assertThat(events.getLast().data().get("attempts").intValue()).isEqualTo(2);
        }
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP)).hasSize(2);
    }

    @Test
    void midStreamException_isOneErrorEvent_notRetried_andMeteredWithTheTokensKnownSoFar() {
        ready(streamed("haiku", TENANT_ROLE));
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, STREAM_OP, 4, null));

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        // message_start, content_block_start, then two deltas: the exception frame came instead of the fifth chunk
        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).allSatisfy(e -> assertThat(e.type()).isEqualTo("delta"));
        EventStream.Event error = events.getLast();
        assertThat(error.type()).isEqualTo("error");
        assertThat(error.data().get("type").stringValue()).isEqualTo("error");
        assertThat(error.data().get("code").stringValue()).isEqualTo("model-stream-error");
        assertThat(error.data().get("status").intValue()).isEqualTo(502);
        assertThat(error.data().get("title").stringValue()).isEqualTo("The model's stream failed");
        assertThat(error.data().get("detail").stringValue()).isNotBlank();
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP)).hasSize(1);
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("OUTCOME", "MODEL_STREAM_ERROR").containsEntry("OUTPUT_TOKENS", null)
                .containsEntry("TOKEN_SOURCE", "MAPPING"));
        assertThat(((Number) usageRecords().getFirst().get("INPUT_TOKENS")).longValue()).isPositive();
    }

    @Test
    void throttlingExceptionMidStream_isAThrottledErrorEvent() {
        ready(streamed("haiku", TENANT_ROLE));
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, STREAM_OP, 3,
                "throttlingException"));

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            events = stream.rest();
        }

        assertThat(events.getLast().type()).isEqualTo("error");
        assertThat(events.getLast().data().get("code").stringValue()).isEqualTo("throttled");
        assertThat(events.getLast().data().get("status").intValue()).isEqualTo(429);
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP)).hasSize(1);
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "THROTTLED"));
    }

    @Test
    void clientThatHangsUp_cancelsTheUpstreamStream_andIsMeteredAsClientClosed() {
        ready(streamed("haiku", TENANT_ROLE));
        Map<String, Object> body = Map.of("variables", Map.of("prompt", "Say hello to everyone who reads this."),
                "stream", true);
        try (EventStream whole = api.stream(InvokeApiIT.invokePath("haiku"), body)) {
            whole.rest();
        }
        int allFrames = aws.emulator().journal().ofOperation(STREAM_OP).getLast().framesWritten();
        UsageTables.deleteAll(jdbc);
        aws.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0, 0, 300));

        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"), body)) {
            assertThat(stream.next().type()).isEqualTo("delta");
        }

        // The emulator's writer saw Modelgate close the connection: it stopped before writing the whole stream.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                aws.emulator().journal().ofOperation(STREAM_OP).getLast().streamOutcome()).isEqualTo("CLIENT_CLOSED"));
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP).getLast().framesWritten()).isLessThan(allFrames);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "CLIENT_CLOSED")));
    }

    @Test
    void promptTheGuardrailBlocks_streamsTheGuardrailsText_withOutcomeGuardrailIntervened() {
        ObjectNode draft = streamed("haiku", TENANT_ROLE);
        draft.putObject("options").putObject("guardrail").put("identifier", "mgdemoguard1").put("version", "1")
                .put("trace", false);
        ready(draft);

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Please BLOCKME now."), "stream", true))) {
            events = stream.rest();
        }

        assertThat(EventStream.text(events)).isEqualTo("Sorry, the model cannot answer this question.");
        assertThat(events.getLast().data().get("outcome").stringValue()).isEqualTo("GUARDRAIL_INTERVENED");
        RecordedRequest bedrock = aws.emulator().journal().ofOperation(STREAM_OP).getLast();
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo("mgdemoguard1");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("OUTCOME", "GUARDRAIL_INTERVENED"));
    }

    @Test
    void slowReader_pullingEventByEvent_getsALongAnswerWhole_inOrder() {
        ready(streamed("haiku", TENANT_ROLE));
        String prompt = "word ".repeat(500).strip();

        StringBuilder text = new StringBuilder();
        EventStream.Event event;
        long deltas = 0;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", prompt, "max_tokens", 4096), "stream", true))) {
            while ((event = stream.next()).type().equals("delta")) {
                text.append(event.data().get("text").stringValue());
                deltas++;
            }
            assertThat(event.type()).isEqualTo("done");
            assertThat(stream.next()).isNull();
        }

        assertThat(deltas).isGreaterThan(100);
        assertThat(text.toString()).isEqualTo("Modelgate emulator reply to: " + prompt);
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "OK"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("dev.modelgate.preset.PresetsIT#families")
    void everyPreset_streamsThroughTheEndpoint_theTextAndCountsOfItsNonStreamedAnswer(String family, String modelId) {
        String name = "preset-" + family.toLowerCase(Locale.ROOT).replace('_', '-');
        ModelDraft draft = Presets.builtIn().forFamily(family).orElseThrow()
                .draft(name, TENANT_ROLE, null, "us-east-1", modelId);
        ready((ObjectNode) PlainJson.MAPPER.valueToTree(draft));
        Map<String, Object> variables = Map.of("prompt", "Say hello to Modelgate, " + family + ".");
        JsonNode whole = api.post(InvokeApiIT.invokePath(name), Map.of("variables", variables)).json();

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(InvokeApiIT.invokePath(name),
                Map.of("variables", variables, "stream", true))) {
            events = stream.rest();
        }

        assertThat(events.stream().filter(e -> e.type().equals("delta")).count()).isGreaterThan(1);
        assertThat(EventStream.text(events)).isEqualTo(whole.get("output").get("text").stringValue())
                .contains(family);
        EventStream.Event done = events.getLast();
        assertThat(done.type()).isEqualTo("done");
        assertThat(done.data().get("outcome").stringValue()).isEqualTo("OK");
        for (String count : List.of("inputTokens", "outputTokens")) {
            assertThat(done.data().get("usage").get(count).longValue()).as(count)
                    .isEqualTo(whole.get("usage").get(count).longValue()).isPositive();
        }
    }

    /** A Claude model through the preset's mapping, with a stream part. */
    static ObjectNode streamed(String name, String roleArn) {
        ObjectNode draft = InvokeApiIT.draft(name, roleArn, HAIKU);
        ((ObjectNode) draft.get("outputMapping")).putObject("stream")
                .put("text", "$.delta.text")
                .put("inputTokens", "$.message.usage.input_tokens")
                .put("outputTokens", "$.usage.output_tokens");
        return draft;
    }

    private JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        String workspaceId = jdbc.sql("SELECT id FROM workspaces WHERE name = 'default'").query(String.class).single();
        assertThat(models.markReady(workspaceId, model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    private List<Map<String, Object>> usageRecords() {
        return jdbc.sql("SELECT model_id, kind, outcome, input_tokens, output_tokens, token_source, request_id "
                + "FROM usage_records ORDER BY occurred_at").query().listOfRows();
    }
}
