package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.access.Role;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible API over raw HTTP: the exact JSON of its answers, chunks and errors, and the headers OpenAI
 * clients act on. (OpenAiChatIT drives the same API with OpenAI's own SDK.)
 */
class OpenAiApiIT extends OpenAiTestBase {

    private static final String ID = "chatcmpl-[A-Za-z0-9]{24}";

    private static Map<String, Object> chat(String model, String prompt) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", prompt)));
    }

    /** {@code {"error": {...}}} as OpenAI writes it. */
    private static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return body;
    }

    private static void assertError(Api.Reply reply, int status, ObjectNode expected) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(Api.canonical(reply.json())).isEqualTo(Api.canonical(expected));
    }

    @Test
    void chat_converseModel_answersAChatCompletion_inOpenAisExactShape_meteredAsChatCompletions() {
        JsonNode model = converseModel("chat");
        String expected = api.post(InvokeApiIT.invokePath("chat"), Map.of("variables", Map.of("prompt", "Say hello.")))
                .json().at("/output/text").stringValue();
        UsageTables.deleteAll(jdbc);

        Api.Reply reply = agent.post(CHAT, chat("chat", "Say hello."));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("id").stringValue()).matches(ID);
        assertThat(body.get("created").longValue()).isPositive();
        JsonNode sent = sent("Converse");
        long prompt = body.at("/usage/prompt_tokens").longValue();
        long completion = body.at("/usage/completion_tokens").longValue();
        assertThat(prompt).isPositive();
        assertThat(completion).isPositive();
        assertThat(Api.canonical(body)).isEqualTo(Api.canonical(Api.JSON.readTree("""
                {"id": "%s", "object": "chat.completion", "created": %d, "model": "chat",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": %s, "refusal": null},
                              "logprobs": null, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d,
                           "prompt_tokens_details": {"cached_tokens": 0}}}""".formatted(body.get("id").stringValue(),
                body.get("created").longValue(), Api.JSON.writeValueAsString(expected), prompt, completion,
                prompt + completion))));
        assertThat(sent.at("/messages/0/content/0/text").stringValue()).isEqualTo("Say hello.");
        assertThat(sent.at("/system/0/text").stringValue()).isEqualTo("You are terse.");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("MODEL_ID", model.get("id").stringValue()).containsEntry("KIND", "CHAT_COMPLETIONS")
                .containsEntry("OUTCOME", "OK").containsEntry("INPUT_TOKENS", prompt)
                .containsEntry("OUTPUT_TOKENS", completion));
    }

    @Test
    void stream_isDataLinesOnly_chunksInOrder_endingWithDone_andHeartbeatsAreComments() {
        converseModel("chat");

        List<String> lines;
        try (EventStream stream = agent.stream(CHAT, Map.of("model", "chat", "stream", true,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", "Say hello."))))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream;charset=UTF-8");
            lines = Arrays.asList(stream.text().split("\n", -1));
        }

        List<JsonNode> chunks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith(":")) {
                continue;
            }
            assertThat(line).startsWith("data: ");
            assertThat(i + 1 < lines.size() ? lines.get(i + 1) : "").as("the line after " + line).isEmpty();
            if (!line.equals("data: [DONE]")) {
                chunks.add(Api.parse(line.substring("data: ".length())));
            }
        }
        assertThat(lines.stream().filter(l -> !l.isEmpty() && !l.startsWith(":")).toList().getLast())
                .isEqualTo("data: [DONE]");
        String id = chunks.getFirst().get("id").stringValue();
        assertThat(id).matches(ID);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("id").stringValue()).isEqualTo(id);
            assertThat(c.get("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("model").stringValue()).isEqualTo("chat");
        });
        assertThat(chunks.getFirst().at("/choices/0/delta")).isEqualTo(Api.JSON.readTree(
                "{\"role\": \"assistant\", \"content\": \"\"}"));
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.at("/choices/0/finish_reason").stringValue()).isEqualTo("stop");
        assertThat(finish.get("usage").isNull()).isTrue();
        JsonNode usage = chunks.getLast();
        assertThat(usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.at("/usage/total_tokens").longValue()).isEqualTo(usage.at("/usage/prompt_tokens").longValue()
                + usage.at("/usage/completion_tokens").longValue()).isPositive();
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("KIND",
                "CHAT_COMPLETIONS").containsEntry("OUTCOME", "OK"));
    }

    @Test
    void midStreamFailure_isOneErrorChunkInOpenAisShape_andTheStreamEndsWithoutDone() {
        templateModel("haiku");
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null,
                "InvokeModelWithResponseStream", 4, null));

        List<String> data;
        try (EventStream stream = agent.stream(CHAT, Map.of("model", "haiku", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Say hello."))))) {
            assertThat(stream.status()).isEqualTo(200);
            data = Arrays.stream(stream.text().split("\n")).filter(l -> l.startsWith("data: ")).toList();
        }

        assertThat(data).doesNotContain("data: [DONE]");
        assertThat(data.subList(0, data.size() - 1)).allSatisfy(l -> assertThat(Api.parse(l.substring(6))
                .get("object").stringValue()).isEqualTo("chat.completion.chunk"));
        JsonNode error = Api.parse(data.getLast().substring(6));
        assertThat(error.propertyNames()).containsExactly("error");
        assertThat(error.at("/error/type").stringValue()).isEqualTo("server_error");
        assertThat(error.at("/error/code").stringValue()).as(error.toString()).isEqualTo("model_stream_error");
        assertThat(error.at("/error/param").isNull()).isTrue();
        assertThat(error.at("/error/message").stringValue()).isNotBlank();
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("KIND", "CHAT_COMPLETIONS").containsEntry("OUTCOME", "MODEL_STREAM_ERROR"));
    }

    @Test
    void responseFormatJsonSchema_onAConverseModel_isAForcedTool_whoseInputIsTheAnswersContent() {
        converseModel("chat");
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                "required", List.of("city"));

        Api.Reply reply = agent.post(CHAT, Map.of("model", "chat",
                "messages", List.of(Map.of("role", "user", "content", "Name the city Paris")),
                "response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "city",
                        "schema", schema))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode choice = reply.json().at("/choices/0");
        assertThat(choice.at("/message/content").stringValue()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(choice.at("/message").has("tool_calls")).isFalse();
        assertThat(choice.get("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode sent = sent("Converse");
        assertThat(sent.at("/toolConfig/toolChoice/tool/name").stringValue()).isEqualTo("city");
        assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).isEqualTo(Api.JSON.valueToTree(schema));
    }

    @Test
    void templateModel_takesMaxTokensThroughItsVariable_andAnswerCutShortFinishesWithLength() {
        ObjectNode draft = StreamingInvokeIT.streamed("haiku", InvokeApiIT.TENANT_ROLE);
        ((ObjectNode) draft.get("outputMapping")).putObject("extras").put("stopReason", "$.stop_reason");
        ready(draft);

        Api.Reply reply = agent.post(CHAT, Map.of("model", "haiku", "max_tokens", 3,
                "messages", List.of(Map.of("role", "user", "content", "Tell me a long story about the sea."))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(sent("InvokeModel").get("max_tokens").intValue()).isEqualTo(3);
        assertThat(reply.json().at("/choices/0/finish_reason").stringValue()).isEqualTo("length");
        assertThat(reply.json().at("/usage/completion_tokens").longValue()).isEqualTo(3);
    }

    @Test
    void templateModel_withADeclaredChatRule_getsTheConversationInTheVariableItNames() {
        ObjectNode draft = InvokeApiIT.draft("claude-chat", InvokeApiIT.TENANT_ROLE, ConverseApiIT.HAIKU);
        draft.putArray("variables")
                .add(Api.JSON.createObjectNode().put("name", "history").put("type", "JSON").put("required", true)
                        .set("testValue", Api.JSON.readTree("[{\"role\": \"user\", \"content\": \"Hi\"}]")))
                .add(Api.JSON.createObjectNode().put("name", "instructions").put("type", "STRING")
                        .put("required", false).put("defaultValue", "Be brief."));
        draft.put("requestTemplate", "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 64, "
                + "\"system\": {{instructions}}, \"messages\": {{history}}}");
        draft.putObject("chat").put("messages", "history").put("system", "instructions").putNull("prompt");
        ready(draft);
        List<Map<String, Object>> conversation = List.of(
                Map.of("role", "user", "content", "Name a colour."),
                Map.of("role", "assistant", "content", "Blue."),
                Map.of("role", "user", "content", "Another one?"));

        Api.Reply reply = agent.post(CHAT, Map.of("model", "claude-chat", "messages",
                java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        Map.<String, Object>of("role", "system", "content", "Answer with one word.")),
                        conversation.stream()).toList()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode sent = sent("InvokeModel");
        assertThat(sent.get("messages")).isEqualTo(Api.JSON.valueToTree(conversation));
        assertThat(sent.get("system").stringValue()).isEqualTo("Answer with one word.");
        assertThat(reply.json().at("/choices/0/message/content").stringValue()).isNotEmpty();
    }

    @Test
    void templateModel_givenTools_is400NamingTheSettingThatWouldAllowIt_andNothingIsCalled() {
        templateModel("haiku");

        Api.Reply reply = agent.post(CHAT, Map.of("model", "haiku",
                "messages", List.of(Map.of("role", "user", "content", "Hi")),
                "tools", List.of(Map.of("type", "function", "function", Map.of("name", "get_weather")))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/param").stringValue()).isEqualTo("tools");
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("not_supported_by_model");
        assertThat(reply.json().at("/error/message").stringValue()).contains("chat.tools");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void templateModel_whoseGuardrailIntervenes_finishesWithContentFilter_inBothForms() {
        ObjectNode draft = StreamingInvokeIT.streamed("haiku", InvokeApiIT.TENANT_ROLE);
        draft.putObject("options").putObject("guardrail").put("identifier", "mgdemoguard1").put("version", "1")
                .put("trace", false);
        ready(draft);

        JsonNode whole = agent.post(CHAT, chat("haiku", "Please BLOCKME now.")).json();
        String streamed;
        try (EventStream stream = agent.stream(CHAT, Map.of("model", "haiku", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Please BLOCKME now."))))) {
            streamed = stream.text().strip();
        }

        assertThat(whole.at("/choices/0/message/content").stringValue())
                .isEqualTo("Sorry, the model cannot answer this question.");
        assertThat(whole.at("/choices/0/finish_reason").stringValue()).isEqualTo("content_filter");
        assertThat(streamed).contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]");
        assertThat(usageRecords()).extracting(r -> r.get("OUTCOME")).containsExactly("GUARDRAIL_INTERVENED",
                "GUARDRAIL_INTERVENED");
    }

    @Test
    void whileBedrockSendsNothing_theStreamCarriesHeartbeatComments_whichClientsIgnore() {
        converseModel("chat");
        aws.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0, 0, 1_200));

        List<String> lines;
        try (EventStream stream = agent.stream(CHAT, Map.of("model", "chat", "stream", true, "max_tokens", 1,
                "messages", List.of(Map.of("role", "user", "content", "Say hello."))))) {
            lines = Arrays.asList(stream.text().split("\n"));
        }

        // Bedrock's next event comes 1.2 s after the last, past the relay's idle check of 1 s.
        assertThat(lines).contains(":");
        assertThat(lines.stream().filter(l -> !l.isEmpty()))
                .allSatisfy(l -> assertThat(l.equals(":") || l.startsWith("data: ")).as(l).isTrue());
        assertThat(lines.stream().filter(l -> l.startsWith("data: ")).toList().getLast()).isEqualTo("data: [DONE]");
    }

    /**
     * A prompt the emulator's answer repeats in more than 20 pieces, 300 ms apart: Modelgate writes many chunks after the
     * client hung up, so the second write after it fails, however late the first one was.
     */
    private static final String LONG_STORY = "Tell me a long story about the sea, the ships that cross it, the "
            + "harbours they leave at dawn, the storms they meet far from land, the sailors who keep watch through "
            + "the night, and the lighthouses that guide them home again when the long voyage is over at last.";

    @Test
    void clientThatHangsUp_cancelsConverseStream_andIsMeteredAsClientClosed() {
        converseModel("chat");
        aws.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0, 0, 300));

        try (EventStream stream = agent.stream(CHAT, Map.of("model", "chat", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", LONG_STORY))))) {
            assertThat(stream.next().data().at("/choices/0/delta/role").stringValue()).isEqualTo("assistant");
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("KIND", "CHAT_COMPLETIONS")
                        .containsEntry("OUTCOME", "CLIENT_CLOSED")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                aws.emulator().journal().ofOperation("ConverseStream").getLast().streamOutcome())
                .isEqualTo("CLIENT_CLOSED"));
    }

    @Test
    void models_listsTheReadyModelsWithInferenceOn_andRetrievesOne_byName() {
        JsonNode chat = converseModel("chat");
        JsonNode off = converseModel("off");
        create(ConverseApiIT.converseDraft("draft", ConverseApiIT.HAIKU));
        assertThat(api.put(path(off) + "/inference", "{\"enabled\": false}").status()).isEqualTo(200);
        long created = java.time.Instant.parse(chat.get("createdAt").stringValue()).getEpochSecond();
        String entry = """
                {"id": "chat", "object": "model", "created": %d, "owned_by": "default"}""".formatted(created);

        agent.get("/v1/models").assertJson(200, Api.JSON.readTree("{\"object\": \"list\", \"data\": [" + entry + "]}"));
        agent.get("/v1/models/chat").assertJson(200, Api.JSON.readTree(entry));
        assertError(agent.get("/v1/models/off"), 404, error("the workspace has no model named \"off\" that is Ready "
                + "with inference on; GET /v1/models lists those it has", "invalid_request_error", null,
                "model_not_found"));
    }

    @Test
    void invalidParameters_are400_namingTheFirstParameter_andEveryOneInTheMessage() {
        converseModel("chat");

        Api.Reply reply = agent.post(CHAT, Map.of("model", "chat", "n", 2, "messages", List.of()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.header("x-should-retry")).isEqualTo("false");
        JsonNode error = reply.json().get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isString()).isTrue();
        assertThat(error.get("message").stringValue()).contains("n: ").contains("messages");
        assertThat(aws.emulator().journal().ofOperation("Converse")).isEmpty();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void malformedJson_isA400_inOpenAisShape() {
        Api.Reply reply = agent.send("POST", CHAT, BodyPublishers.ofString("{\"model\": "), "Content-Type",
                "application/json");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("malformed_json");
        assertThat(reply.json().at("/error/type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(reply.json().at("/error/message").stringValue()).startsWith("the request body is not valid JSON");
    }

    @Test
    void noKey_andAnUnknownKey_are401InvalidApiKey_fromTheSecurityFilters() {
        assertError(api.anonymous().get("/v1/models"), 401, error("sign in to the console, or send an API key as "
                + "Authorization: Bearer <key>", "invalid_request_error", null, "invalid_api_key"));
        Api.Reply unknown = api.anonymous().withKey("mg_not_a_key").post(CHAT, chat("chat", "Hi"));
        assertError(unknown, 401, error("the API key is not valid", "invalid_request_error", null, "invalid_api_key"));
        assertThat(unknown.header("x-should-retry")).isEqualTo("false");
    }

    @Test
    void anOperator_holdsNoWorkspaceRole_andIsRefused403PermissionError() {
        Api operator = signedIn("openai-operator", Role.OPERATOR, null);

        assertError(operator.get("/v1/models"), 403, error("a platform operator may not GET /v1/models; it needs a "
                + "member or key of the workspace", "permission_error", null, "forbidden"));
    }

    @Test
    void unknownModel_is404ModelNotFound_namingTheModelParameter_streamedOrNot_andAnUnknownPath404NotFound() {
        assertError(agent.post(CHAT, chat("nope", "Hi")), 404, error("the workspace has no model named \"nope\"; "
                + "GET /v1/models lists those it has", "invalid_request_error", "model", "model_not_found"));
        assertError(agent.post(CHAT, Map.of("model", "nope", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Hi"))), "Accept", "text/event-stream"), 404,
                error("the workspace has no model named \"nope\"; GET /v1/models lists those it has",
                        "invalid_request_error", "model", "model_not_found"));
        assertError(agent.get("/v1/embeddings"), 404, error("no such resource: /v1/embeddings",
                "invalid_request_error", null, "not_found"));
    }

    @Test
    void disabledModel_is409_andClientsAreToldNotToRetry() {
        JsonNode model = converseModel("chat");
        assertThat(api.put(path(model) + "/inference", "{\"enabled\": false}").status()).isEqualTo(200);

        Api.Reply reply = agent.post(CHAT, chat("chat", "Hi"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.header("x-should-retry")).isEqualTo("false");
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("inference_disabled");
        assertThat(reply.json().at("/error/type").stringValue()).isEqualTo("invalid_request_error");
    }

    @Test
    void bodyBedrockRefuses_is422() {
        ObjectNode draft = StreamingInvokeIT.streamed("haiku", InvokeApiIT.TENANT_ROLE);
        draft.put("requestTemplate", "{\"anthropic_version\": \"bedrock-2023-05-31\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}");
        ready(draft);

        Api.Reply reply = agent.post(CHAT, chat("haiku", "Hi"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("bedrock_validation");
        assertThat(reply.json().at("/error/message").stringValue()).contains("max_tokens");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("KIND", "CHAT_COMPLETIONS").containsEntry("OUTCOME", "VALIDATION"));
    }

    @Test
    void throttledBeyondTheRetries_is429_withRetryAfterInSecondsAndMilliseconds() {
        converseModel("chat");
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));

        Api.Reply reply = agent.post(CHAT, chat("chat", "Hi"));

        assertError(reply, 429, error("Bedrock throttled the model's calls (after 3 attempts): Too many requests, "
                + "please wait before trying again.", "requests", null, "rate_limit_exceeded"));
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(reply.header("retry-after-ms")).isEqualTo("2000");
        assertThat(reply.header("x-should-retry")).isNull();
    }

    @Test
    void bedrockUnavailable_is503ServerError_withRetryAfter() {
        converseModel("chat");
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.SERVICE_UNAVAILABLE));

        Api.Reply reply = agent.post(CHAT, chat("chat", "Hi"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().at("/error/type").stringValue()).isEqualTo("server_error");
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("bedrock_unavailable");
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(reply.header("retry-after-ms")).isEqualTo("2000");
    }

    @Test
    void bodyOverTheSizeLimit_is413_beforeItIsRead() {
        byte[] body = ("{\"model\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": \""
                + "a".repeat(1_048_576) + "\"}]}").getBytes(StandardCharsets.UTF_8);

        Api.Reply reply = agent.sendRaw("POST", CHAT, body, "Content-Type", "application/json");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().at("/error/code").stringValue()).isEqualTo("payload_too_large");
        assertThat(reply.header("x-should-retry")).isEqualTo("false");
    }

    @Test
    void nativeApi_keepsProblemJson() {
        api.anonymous().get(Api.MODELS).assertProblem(Api.problem(401, "unauthenticated", "Unauthenticated",
                "sign in to the console, or send an API key as Authorization: Bearer <key>", Api.MODELS));
    }
}
