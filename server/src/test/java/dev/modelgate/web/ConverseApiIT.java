package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.registration.TestApprovals;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converse models through the API against the emulator: created without a template, invoked with a single turn's
 * variables or Converse's own messages, their defaults merged with the request, every rule of the body a precise
 * violation, and every call metered from Converse's usage.
 */
class ConverseApiIT extends ApiTestBase {

    static final String TENANT_ROLE = InvokeApiIT.TENANT_ROLE;
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

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
        return InvokeApiIT.EXTERNAL_ID;
    }

    /** A Converse model of Claude 3 Haiku with a system prompt, maxTokens and temperature as defaults. */
    static ObjectNode converseDraft(String name, String modelReference) {
        ObjectNode draft = Api.JSON.createObjectNode()
                .put("name", name)
                .put("description", "Claude 3 Haiku through Converse")
                .put("roleArn", TENANT_ROLE)
                .put("region", "us-east-1")
                .put("modelReference", modelReference)
                .put("api", "CONVERSE");
        draft.putArray("variables").add(Api.JSON.createObjectNode().put("name", "prompt").put("type", "STRING")
                .put("required", true).put("testValue", "Say hello to Modelgate."));
        ObjectNode converse = draft.putObject("converse");
        converse.put("system", "You are terse.");
        converse.putObject("inferenceConfig").put("maxTokens", 200).put("temperature", 0.5);
        return draft;
    }

    @Test
    void create_converseModel_showsItsApiAndDefaults_withoutTemplateOrMapping() {
        Api.Reply created = api.post(Api.MODELS, converseDraft("chat", HAIKU));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode view = api.get(path(created.json())).json();
        assertThat(view.get("api").stringValue()).isEqualTo("CONVERSE");
        assertThat(view.get("converse").get("system").stringValue()).isEqualTo("You are terse.");
        assertThat(view.get("converse").get("inferenceConfig").get("maxTokens").intValue()).isEqualTo(200);
        assertThat(view.path("requestTemplate").isNull() || view.path("requestTemplate").isMissingNode()).isTrue();
        assertThat(view.path("outputMapping").isNull() || view.path("outputMapping").isMissingNode()).isTrue();
        assertThat(view.get("status").stringValue()).isEqualTo("DRAFT");
    }

    @Test
    void invoke_singleTurn_sendsTheDefaultsAndThePrompt_andAnswersConversesParsedAnswer_metered() {
        JsonNode model = ready(converseDraft("chat", HAIKU));

        Api.Reply reply = api.post(invokePath("chat"), Map.of("variables", Map.of("prompt", "Say hello.")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        RecordedRequest bedrock = aws.emulator().journal().ofOperation("Converse").getLast();
        JsonNode sent = Api.JSON.readTree(bedrock.body());
        assertThat(sent.at("/messages/0/role").stringValue()).isEqualTo("user");
        assertThat(sent.at("/messages/0/content/0/text").stringValue()).isEqualTo("Say hello.");
        assertThat(sent.at("/system/0/text").stringValue()).isEqualTo("You are terse.");
        assertThat(sent.at("/inferenceConfig/maxTokens").intValue()).isEqualTo(200);
        assertThat(body.get("model").stringValue()).isEqualTo("chat");
        assertThat(body.get("revision").longValue()).isEqualTo(1);
        assertThat(body.get("modelId").stringValue()).isEqualTo(HAIKU);
        assertThat(body.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(body.at("/output/text").stringValue()).isNotBlank();
        assertThat(body.at("/output/stopReason").stringValue()).isEqualTo("end_turn");
        assertThat(body.at("/output/message/role").stringValue()).isEqualTo("assistant");
        assertThat(body.at("/output/message/content/0/text").stringValue()).isEqualTo(body.at("/output/text").stringValue());
        assertThat(body.get("requestId").stringValue()).isEqualTo(bedrock.requestId());
        JsonNode usage = body.get("usage");
        assertThat(usage.get("inputTokens").longValue()).isPositive();
        assertThat(usage.get("outputTokens").longValue()).isPositive();
        assertThat(usage.get("inputTokensSource").stringValue()).isEqualTo("CONVERSE");
        List<Map<String, Object>> records = usageRecords();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst()).containsEntry("MODEL_ID", model.get("id").stringValue())
                .containsEntry("OUTCOME", "OK").containsEntry("TOKEN_SOURCE", "CONVERSE")
                .containsEntry("INPUT_TOKENS", usage.get("inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", usage.get("outputTokens").longValue())
                .containsEntry("REQUEST_ID", bedrock.requestId());
    }

    @Test
    void invoke_multiTurn_sendsTheMessages_andTheRequestsInferenceConfigOverridesTheDefaultsMemberByMember() {
        ready(converseDraft("chat", HAIKU));
        ObjectNode request = Api.JSON.createObjectNode();
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").putArray("content").addObject().put("text", "My name is Ada.");
        messages.addObject().put("role", "assistant").putArray("content").addObject().put("text", "Hello Ada.");
        messages.addObject().put("role", "user").putArray("content").addObject().put("text", "What is my name?");
        request.putArray("system").addObject().put("text", "You are kind.");
        request.putObject("inferenceConfig").put("temperature", 0.1);

        Api.Reply reply = api.post(invokePath("chat"), request);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode sent = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(sent.get("messages")).hasSize(3);
        assertThat(sent.at("/messages/1/content/0/text").stringValue()).isEqualTo("Hello Ada.");
        assertThat(sent.at("/system/0/text").stringValue()).isEqualTo("You are kind.");
        assertThat(sent.at("/inferenceConfig/maxTokens").intValue()).isEqualTo(200);
        assertThat(sent.at("/inferenceConfig/temperature").doubleValue()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(reply.json().at("/output/stopReason").stringValue()).isEqualTo("end_turn");
    }

    /** The draft with a default tool: get_weather, taking a required city. */
    static ObjectNode withWeatherTool(ObjectNode draft) {
        ObjectNode spec = ((ObjectNode) draft.get("converse")).putObject("toolConfig").putArray("tools").addObject()
                .putObject("toolSpec").put("name", "get_weather").put("description", "The current weather in a city");
        ObjectNode schema = spec.putObject("inputSchema").putObject("json").put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        schema.putArray("required").add("city");
        return draft;
    }

    @Test
    void toolRoundTrip_theModelCallsTheConfiguredTool_theResultGoesBack_andTheFinalAnswerIsText() {
        ready(withWeatherTool(converseDraft("chat", HAIKU)));

        Api.Reply call = api.post(invokePath("chat"),
                Map.of("variables", Map.of("prompt", "Use get_weather for the weather in Paris")));

        assertThat(call.status()).as(call.body()).isEqualTo(200);
        JsonNode first = call.json();
        assertThat(first.at("/output/stopReason").stringValue()).isEqualTo("tool_use");
        JsonNode toolUse = null;
        for (JsonNode block : first.at("/output/message/content")) {
            if (block.has("toolUse")) {
                toolUse = block.get("toolUse");
            }
        }
        assertThat(toolUse).as(first.toString()).isNotNull();
        assertThat(toolUse.get("name").stringValue()).isEqualTo("get_weather");
        assertThat(toolUse.at("/input/city").stringValue()).isEqualTo("Paris");
        JsonNode sentFirst = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(sentFirst.at("/toolConfig/tools/0/toolSpec/name").stringValue()).isEqualTo("get_weather");

        ObjectNode next = Api.JSON.createObjectNode();
        ArrayNode messages = next.putArray("messages");
        messages.addObject().put("role", "user").putArray("content").addObject()
                .put("text", "Use get_weather for the weather in Paris");
        messages.add(first.at("/output/message"));
        ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                .putObject("toolResult").put("toolUseId", toolUse.get("toolUseId").stringValue());
        result.putArray("content").addObject().putObject("json").put("temperatureC", 21).put("sky", "clear");
        Api.Reply answer = api.post(invokePath("chat"), next);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/output/stopReason").stringValue()).isEqualTo("end_turn");
        assertThat(answer.json().at("/output/text").stringValue()).startsWith("The tool get_weather returned:")
                .contains("21").contains("clear");
        JsonNode sent = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(sent.at("/messages/1/content/0/toolUse/toolUseId").stringValue())
                .isEqualTo(toolUse.get("toolUseId").stringValue());
        assertThat(sent.at("/messages/2/content/0/toolResult/content/0/json/temperatureC").intValue()).isEqualTo(21);
        assertThat(usageRecords()).extracting(r -> r.get("OUTCOME")).containsExactly("OK", "OK");
    }

    @Test
    void toolChoiceAnyInTheRequest_overridesTheDefaults_andForcesACallOfTheFirstTool() {
        ready(withWeatherTool(converseDraft("chat", HAIKU)));
        ObjectNode request = Api.JSON.createObjectNode();
        request.putArray("messages").addObject().put("role", "user").putArray("content").addObject()
                .put("text", "Hello there");
        ObjectNode tools = request.putObject("toolConfig");
        ObjectNode spec = tools.putArray("tools").addObject().putObject("toolSpec").put("name", "get_time");
        spec.putObject("inputSchema").putObject("json").put("type", "object");
        tools.putObject("toolChoice").putObject("any");

        Api.Reply reply = api.post(invokePath("chat"), request);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/output/stopReason").stringValue()).isEqualTo("tool_use");
        assertThat(reply.json().at("/output/message/content").toString()).contains("\"name\":\"get_time\"");
        JsonNode sent = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(sent.at("/toolConfig/tools")).hasSize(1);
        assertThat(sent.at("/toolConfig/toolChoice/any").isObject()).isTrue();
    }

    @Test
    void stream_singleTurn_answersDeltasThenDone_throughConverseStream_andMetersIt() {
        JsonNode model = ready(converseDraft("chat", HAIKU));
        String expected = api.post(invokePath("chat"), Map.of("variables", Map.of("prompt", "Say hello.")))
                .json().at("/output/text").stringValue();
        UsageTables.deleteAll(jdbc);

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(invokePath("chat"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        RecordedRequest bedrock = aws.emulator().journal().ofOperation("ConverseStream").getLast();
        assertThat(Api.JSON.readTree(bedrock.body()).at("/system/0/text").stringValue()).isEqualTo("You are terse.");
        assertThat(events.subList(0, events.size() - 1)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.type()).isEqualTo("delta"));
        assertThat(EventStream.text(events)).isEqualTo(expected);
        JsonNode done = events.getLast().data();
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(done.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(done.at("/output/stopReason").stringValue()).isEqualTo("end_turn");
        assertThat(done.at("/output/text").isMissingNode()).isTrue();
        assertThat(done.get("requestId").stringValue()).isEqualTo(bedrock.requestId());
        assertThat(done.at("/usage/inputTokensSource").stringValue()).isEqualTo("CONVERSE");
        assertThat(done.get("timeToFirstTokenMs").longValue()).isNotNegative();
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("MODEL_ID", model.get("id").stringValue()).containsEntry("OUTCOME", "OK")
                .containsEntry("TOKEN_SOURCE", "CONVERSE")
                .containsEntry("INPUT_TOKENS", done.at("/usage/inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", done.at("/usage/outputTokens").longValue()));
    }

    @Test
    void stream_toolCall_isOneToolUseEventWithTheWholeInput_thenDoneWithStopReasonToolUse() {
        ready(withWeatherTool(converseDraft("chat", HAIKU)));

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(invokePath("chat"), Map.of("variables",
                Map.of("prompt", "Use get_weather for the weather in Paris"), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        List<EventStream.Event> toolUses = events.stream().filter(e -> e.type().equals("toolUse")).toList();
        assertThat(toolUses).singleElement().satisfies(e -> {
            assertThat(e.data().get("type").stringValue()).isEqualTo("toolUse");
            assertThat(e.data().get("name").stringValue()).isEqualTo("get_weather");
            assertThat(e.data().get("toolUseId").stringValue()).isNotBlank();
            assertThat(e.data().get("input").toString()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().at("/output/stopReason").stringValue()).isEqualTo("tool_use");
    }

    @Test
    void stream_clientThatHangsUp_cancelsConverseStream_andIsMeteredAsClientClosed() {
        ready(converseDraft("chat", HAIKU));
        aws.emulator().faults().setLatency(dev.modelgate.emulator.faults.FaultInjector.ANY_MODEL,
                dev.modelgate.emulator.faults.Latency.ofMillis(0, 0, 0, 300));

        try (EventStream stream = api.stream(invokePath("chat"),
                Map.of("variables", Map.of("prompt", "Tell me a long story about the sea."), "stream", true))) {
            assertThat(stream.next().type()).isEqualTo("delta");
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(usageRecords()).singleElement()
                        .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "CLIENT_CLOSED")));
    }

    @Test
    void stream_bodyBreakingARule_isAnOrdinary422_beforeAnyEvent() {
        ready(converseDraft("chat", HAIKU));

        Api.Reply reply = api.post(invokePath("chat"), Map.of("variables", Map.of("prompt", " "), "stream", true));

        assertThat(fieldsAndRules(reply)).containsExactly("variables.prompt blank");
        assertThat(aws.emulator().journal().ofOperation("ConverseStream")).isEmpty();
    }

    @Test
    void invoke_imageBlock_toAMultimodalModel_isSentAndAnswered() {
        ready(converseDraft("chat", HAIKU));
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        ObjectNode request = Api.JSON.createObjectNode();
        ArrayNode content = request.putArray("messages").addObject().put("role", "user").putArray("content");
        content.addObject().putObject("image").put("format", "png").putObject("source")
                .put("bytes", Base64.getEncoder().encodeToString(png));
        content.addObject().put("text", "What is in this picture?");

        Api.Reply reply = api.post(invokePath("chat"), request);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode sent = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(sent.at("/messages/0/content/0/image/format").stringValue()).isEqualTo("png");
        assertThat(Base64.getDecoder().decode(sent.at("/messages/0/content/0/image/source/bytes").stringValue()))
                .isEqualTo(png);
        assertThat(reply.json().at("/output/text").stringValue()).isNotBlank();
    }

    @Test
    void invoke_bodyBreakingConversesRules_is422NamingEachFieldAndRule_andNothingIsCalledOrMetered() {
        ready(converseDraft("chat", HAIKU));
        ObjectNode request = Api.JSON.createObjectNode();
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").putArray("content").addObject().put("text", "Weather?");
        messages.addObject().put("role", "assistant").putArray("content").addObject().putObject("toolUse")
                .put("toolUseId", "tooluse_1").put("name", "get weather").putObject("input");
        ObjectNode result = messages.addObject().put("role", "user").putArray("content").addObject()
                .putObject("toolResult");
        result.putArray("content").addObject().put("text", "sunny");
        messages.addObject().put("role", "user").putArray("content").addObject().put("video", "x");
        request.putObject("inferenceConfig").put("temperature", 1.5).put("maxTokens", 0);

        Api.Reply reply = api.post(invokePath("chat"), request);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("violations")).extracting(v -> v.get("field").stringValue() + " " + v.get("rule").stringValue())
                .containsExactlyInAnyOrder(
                        "messages[1].content[0].toolUse.name invalid-name",
                        "messages[2].content[0].toolResult.toolUseId required",
                        "messages[3].role role-order",
                        "messages[3].content[0].video unsupported-block",
                        "inferenceConfig.maxTokens out-of-range",
                        "inferenceConfig.temperature out-of-range");
        assertThat(aws.emulator().journal().ofOperation("Converse")).isEmpty();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void invoke_toolBlocksWithoutAnyToolConfig_and_bothVariablesAndMessages_areRefusedByField() {
        ready(converseDraft("chat", HAIKU));
        ObjectNode request = Api.JSON.createObjectNode();
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").putArray("content").addObject().put("text", "Weather?");
        messages.addObject().put("role", "assistant").putArray("content").addObject().putObject("toolUse")
                .put("toolUseId", "tooluse_1").put("name", "get_weather").putObject("input");

        Api.Reply noTools = api.post(invokePath("chat"), request);
        request.putObject("variables").put("prompt", "Hi");
        Api.Reply both = api.post(invokePath("chat"), request);
        Api.Reply blank = api.post(invokePath("chat"), Map.of("variables", Map.of("prompt", "  ")));
        Api.Reply missing = api.post(invokePath("chat"), Map.of("variables", Map.of("other", "x")));

        assertThat(fieldsAndRules(noTools)).containsExactly("toolConfig required");
        assertThat(fieldsAndRules(both)).containsExactly("messages variables-or-messages");
        assertThat(fieldsAndRules(blank)).containsExactly("variables.prompt blank");
        assertThat(fieldsAndRules(missing)).containsExactlyInAnyOrder("variables.prompt missing-variable",
                "variables.other unknown-variable");
    }

    @Test
    void invoke_templateModelGivenConversesMembers_isRefusedAsNotApplicable() {
        ObjectNode draft = InvokeApiIT.draft("haiku", TENANT_ROLE, HAIKU);
        ready(draft);
        ObjectNode request = Api.JSON.createObjectNode();
        request.putArray("messages").addObject().put("role", "user").putArray("content").addObject().put("text", "Hi");

        Api.Reply reply = api.post(invokePath("haiku"), request);

        assertThat(fieldsAndRules(reply)).containsExactly("messages not-applicable");
    }

    @Test
    void create_converseDraftBreakingRules_is422NamingEachField_andNothingIsSaved() {
        ObjectNode draft = converseDraft("chat", HAIKU);
        draft.put("requestTemplate", "{}");
        ((ArrayNode) draft.get("variables")).addObject().put("name", "city").put("type", "STRING");
        ObjectNode tools = ((ObjectNode) draft.get("converse")).putObject("toolConfig");
        ObjectNode spec = tools.putArray("tools").addObject().putObject("toolSpec").put("name", "get weather");
        spec.putObject("inputSchema").putObject("json").put("type", "object");
        tools.putObject("toolChoice").putObject("tool").put("name", "nope");
        ((ObjectNode) draft.get("converse")).putObject("inferenceConfig").put("topP", -1);
        ((ObjectNode) draft.get("converse")).put("guess", 1);

        Api.Reply reply = api.post(Api.MODELS, draft);

        assertThat(fieldsAndRules(reply)).containsExactlyInAnyOrder(
                "requestTemplate not-applicable",
                "variables[1].name unknown-variable",
                "converse.toolConfig.tools[0].toolSpec.name invalid-name",
                "converse.inferenceConfig.topP out-of-range",
                "converse.guess unknown-field");
        assertThat(api.get(Api.MODELS).json().get("totalItems").longValue()).isZero();
    }

    @Test
    void create_toolChoiceNamingNoConfiguredTool_isRefused_andAValidToolConfigIsKept() {
        ObjectNode draft = converseDraft("chat", HAIKU);
        ObjectNode tools = ((ObjectNode) draft.get("converse")).putObject("toolConfig");
        ObjectNode spec = tools.putArray("tools").addObject().putObject("toolSpec").put("name", "get_weather")
                .put("description", "The weather in a city");
        spec.putObject("inputSchema").putObject("json").put("type", "object");
        tools.putObject("toolChoice").putObject("tool").put("name", "get_time");

        Api.Reply refused = api.post(Api.MODELS, draft);
        ((ObjectNode) tools.get("toolChoice")).putObject("tool").put("name", "get_weather");
        Api.Reply created = api.post(Api.MODELS, draft);

        assertThat(fieldsAndRules(refused)).containsExactly("converse.toolConfig.toolChoice.tool.name unknown-tool");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/converse/toolConfig/tools/0/toolSpec/name").stringValue())
                .isEqualTo("get_weather");
    }

    static List<String> fieldsAndRules(Api.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        return java.util.stream.StreamSupport.stream(reply.json().get("violations").spliterator(), false)
                .map(v -> v.get("field").stringValue() + " " + v.get("rule").stringValue()).toList();
    }

    /** Creates the model and marks its first revision READY, as a passed Test would. */
    JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspaceId(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    String workspaceId() {
        return jdbc.sql("SELECT id FROM workspaces WHERE name = 'default'").query(String.class).single();
    }

    List<Map<String, Object>> usageRecords() {
        return jdbc.sql("SELECT model_id, kind, outcome, input_tokens, output_tokens, token_source, request_id "
                + "FROM usage_records ORDER BY occurred_at").query().listOfRows();
    }

    static String invokePath(String name) {
        return Api.MODELS + "/" + name + "/invoke";
    }
}
