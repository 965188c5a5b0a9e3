package dev.modelgate.web;

import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.workspace.Workspace;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's fallbacks and balance ({@code /api/v1/models/{id}/routing}) and the calls routed over them against the
 * emulator: a throttled primary served by its fallback on every path (each call metered with the model asked for and
 * why it was tried), the failures that never fall back, a disabled link skipped, and the rules of a routing.
 */
class RoutingIT extends OpenAiTestBase {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String US_HAIKU = "us." + HAIKU;
    private static final String INVOKE = "InvokeModel";
    private static final String STREAM = "InvokeModelWithResponseStream";

    /** A streamable Claude template model {@code name} of {@code modelReference}. */
    private JsonNode template(String name, String modelReference) {
        ObjectNode draft = StreamingInvokeIT.streamed(name, InvokeApiIT.TENANT_ROLE);
        draft.put("modelReference", modelReference);
        return ready(draft);
    }

    private static String routing(JsonNode model) {
        return path(model) + "/routing";
    }

    /** Bedrock throttles every attempt of {@code operation} on {@code modelId} (the retries included). */
    private void throttle(String modelId, String operation) {
        aws.emulator().faults().enqueue(new Fault(FaultKind.THROTTLING, 3, modelId, operation, 0, null));
    }

    private List<Map<String, Object>> records() {
        return jdbc.sql("SELECT model_name, kind, outcome, requested_model, route_reason FROM usage_records "
                + "ORDER BY occurred_at, outcome DESC").query().listOfRows();
    }

    private static Map<String, Object> record(String model, String kind, String outcome, String requested,
                                              String reason) {
        return Map.of("MODEL_NAME", model, "KIND", kind, "OUTCOME", outcome, "REQUESTED_MODEL", requested,
                "ROUTE_REASON", reason);
    }

    @Test
    void invoke_throttledPrimary_isServedByItsFallback_theAnswerAndBothUsageRecordsSayWhy() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"))
                .assertJson(200, parse("{\"fallbacks\": [\"haiku-us\"], \"balance\": []}"));
        throttle(HAIKU, INVOKE);

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Modelgate-Served-By")).isEqualTo("haiku-us");
        assertThat(reply.header("Modelgate-Route-Reason")).isEqualTo("THROTTLED");
        JsonNode body = reply.json();
        assertThat(body.get("model").stringValue()).isEqualTo("haiku-us");
        assertThat(body.get("modelId").stringValue()).isEqualTo(US_HAIKU);
        assertThat(Api.canonical(body.get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku-us", "reason": "THROTTLED",
                 "tried": [{"model": "haiku", "outcome": "THROTTLED", "skipped": false}]}""")));
        assertThat(aws.emulator().journal().ofOperation(INVOKE)).extracting(RecordedRequest::modelId)
                .containsExactly(HAIKU, HAIKU, HAIKU, US_HAIKU);
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "INVOKE", "OK", "haiku", "THROTTLED"));
        JsonNode calls = api.get("/api/v1/usage/calls").json().get("calls");
        assertThat(calls.valueStream().map(c -> c.get("modelName").stringValue() + " " + c.get("outcome").stringValue()
                + " " + c.get("requestedModel").stringValue() + " " + c.get("routeReason").stringValue()))
                .containsExactlyInAnyOrder("haiku THROTTLED haiku PRIMARY", "haiku-us OK haiku THROTTLED");
    }

    @Test
    void invoke_converseModelThrottled_isServedByItsConverseFallback_plainAndStreamed() {
        JsonNode primary = converseModel("chat");
        ready(ConverseApiIT.converseDraft("chat-us", US_HAIKU));
        api.put(routing(primary), parse("{\"fallbacks\": [\"chat-us\"]}"));
        throttle(HAIKU, "Converse");
        throttle(HAIKU, "ConverseStream");

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("chat"), Map.of("variables", Map.of("prompt", "Hi")));
        List<EventStream.Event> events;
        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("chat"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            assertThat(stream.header("Modelgate-Served-By")).isEqualTo("chat-us");
            events = stream.rest();
        }

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Modelgate-Served-By")).isEqualTo("chat-us");
        assertThat(reply.json().get("model").stringValue()).isEqualTo("chat-us");
        assertThat(reply.json().get("route").get("reason").stringValue()).isEqualTo("THROTTLED");
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().get("model").stringValue()).isEqualTo("chat-us");
        assertThat(events.getLast().data().get("route").get("served").stringValue()).isEqualTo("chat-us");
        assertThat(records()).containsExactlyInAnyOrder(record("chat", "INVOKE", "THROTTLED", "chat", "PRIMARY"),
                record("chat-us", "INVOKE", "OK", "chat", "THROTTLED"),
                record("chat", "INVOKE", "THROTTLED", "chat", "PRIMARY"),
                record("chat-us", "INVOKE", "OK", "chat", "THROTTLED"));
    }

    @Test
    void invoke_accessDeniedPrimary_doesNotFallBack_andAnswersAsWithoutFallbacks() {
        ObjectNode denied = StreamingInvokeIT.streamed("haiku", "arn:aws:iam::222222222222:role/NoBedrockAccess");
        JsonNode primary = ready(denied);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}")).assertJson(200,
                parse("{\"fallbacks\": [\"haiku-us\"], \"balance\": []}"));

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().get("type").stringValue())
                .isEqualTo("https://modelgate.dev/problems/bedrock-access-denied");
        assertThat(reply.header("Modelgate-Served-By")).isNull();
        assertThat(aws.emulator().journal().ofOperation(INVOKE)).extracting(RecordedRequest::modelId)
                .containsExactly(HAIKU);
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "ACCESS_DENIED", "haiku", "PRIMARY"));
    }

    @Test
    void invoke_bodyBedrockRefuses_is422_andDoesNotFallBack() {
        ObjectNode refused = StreamingInvokeIT.streamed("haiku", InvokeApiIT.TENANT_ROLE);
        refused.put("requestTemplate", "{\"anthropic_version\": \"bedrock-2023-05-31\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}");
        JsonNode primary = ready(refused);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/bedrock-validation");
        assertThat(aws.emulator().journal().ofOperation(INVOKE)).extracting(RecordedRequest::modelId)
                .containsExactly(HAIKU);
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "VALIDATION", "haiku", "PRIMARY"));
    }

    @Test
    void invoke_variablesThatDoNotFit_are422_andNothingIsCalled() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/invalid-input");
        assertThat(aws.emulator().journal().ofOperation(INVOKE)).isEmpty();
        assertThat(records()).isEmpty();
    }

    @Test
    void invoke_disabledFallback_isSkipped_andTheNextOneServes() {
        JsonNode primary = template("haiku", HAIKU);
        JsonNode off = template("haiku-off", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(path(off) + "/inference", Map.of("enabled", false));
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-off\", \"haiku-us\"]}"));
        throttle(HAIKU, INVOKE);

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(Api.canonical(reply.json().get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku-us", "reason": "THROTTLED",
                 "tried": [{"model": "haiku", "outcome": "THROTTLED", "skipped": false},
                           {"model": "haiku-off", "outcome": "INFERENCE_DISABLED", "skipped": true}]}""")));
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "INVOKE", "OK", "haiku", "THROTTLED"));
    }

    @Test
    void invoke_everyLinkThrottled_isTheLastLinksThrottling() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));
        throttle(HAIKU, INVOKE);
        throttle(US_HAIKU, INVOKE);

        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/throttled");
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "INVOKE", "THROTTLED", "haiku", "THROTTLED"));
    }

    @Test
    void stream_throttledPrimary_fallsBackBeforeTheFirstEvent_andDoneNamesTheRoute() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));
        throttle(HAIKU, STREAM);

        List<EventStream.Event> events;
        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).as(() -> stream.text()).isEqualTo(200);
            assertThat(stream.header("Modelgate-Served-By")).isEqualTo("haiku-us");
            events = stream.rest();
        }

        assertThat(events.getFirst().type()).isEqualTo("delta");
        assertThat(events.getLast().type()).isEqualTo("done");
        JsonNode done = events.getLast().data();
        assertThat(done.get("model").stringValue()).isEqualTo("haiku-us");
        assertThat(done.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(Api.canonical(done.get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku-us", "reason": "THROTTLED",
                 "tried": [{"model": "haiku", "outcome": "THROTTLED", "skipped": false}]}""")));
        assertThat(records()).containsExactly(record("haiku", "INVOKE", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "INVOKE", "OK", "haiku", "THROTTLED"));
    }

    @Test
    void stream_fallbackThatCannotStream_isSkipped_andTheNextOneStreams() {
        JsonNode primary = template("haiku", HAIKU);
        ready(InvokeApiIT.draft("plain-us", InvokeApiIT.TENANT_ROLE, US_HAIKU));
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"plain-us\", \"haiku-us\"]}"));
        throttle(HAIKU, STREAM);

        List<EventStream.Event> events;
        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        assertThat(Api.canonical(events.getLast().data().get("route"))).isEqualTo(Api.canonical(parse("""
                {"requested": "haiku", "served": "haiku-us", "reason": "THROTTLED",
                 "tried": [{"model": "haiku", "outcome": "THROTTLED", "skipped": false},
                           {"model": "plain-us", "outcome": "STREAMING_NOT_CONFIGURED", "skipped": true}]}""")));
    }

    @Test
    void chat_throttledPrimary_isAnsweredByTheFallback_namedAsModel_throughTheOfficialSdk() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));
        throttle(HAIKU, INVOKE);

        ChatCompletion completion = client(agentKey).chat().completions().create(ChatCompletionCreateParams
                .builder().model("haiku").addUserMessage("Say hello.").build());

        assertThat(completion.model()).isEqualTo("haiku-us");
        assertThat(completion.choices().getFirst().message().content()).isPresent();
        assertThat(records()).containsExactly(record("haiku", "CHAT_COMPLETIONS", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "CHAT_COMPLETIONS", "OK", "haiku", "THROTTLED"));
    }

    @Test
    void chat_converseModelThrottled_isAnsweredByItsConverseFallback_throughTheOfficialSdk() {
        JsonNode primary = converseModel("chat");
        ready(ConverseApiIT.converseDraft("chat-us", US_HAIKU));
        api.put(routing(primary), parse("{\"fallbacks\": [\"chat-us\"]}"));
        throttle(HAIKU, "Converse");

        ChatCompletion completion = client(agentKey).chat().completions().create(ChatCompletionCreateParams
                .builder().model("chat").addUserMessage("Say hello.").build());

        assertThat(completion.model()).isEqualTo("chat-us");
        assertThat(records()).containsExactly(record("chat", "CHAT_COMPLETIONS", "THROTTLED", "chat", "PRIMARY"),
                record("chat-us", "CHAT_COMPLETIONS", "OK", "chat", "THROTTLED"));
    }

    @Test
    void chat_streamedThrottledPrimary_fallsBack_withTheServedByHeaderAndModel() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));
        throttle(HAIKU, STREAM);

        try (EventStream stream = agent.stream(CHAT, Map.of("model", "haiku", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Say hello."))))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Modelgate-Served-By")).isEqualTo("haiku-us");
            String rest = stream.text();
            assertThat(rest).endsWith("data: [DONE]\n");
            List<JsonNode> chunks = rest.lines().filter(line -> line.startsWith("data: {"))
                    .map(line -> parse(line.substring("data: ".length()))).toList();
            assertThat(chunks).isNotEmpty().allSatisfy(chunk ->
                    assertThat(chunk.get("model").stringValue()).isEqualTo("haiku-us"));
        }
        assertThat(records()).containsExactly(record("haiku", "CHAT_COMPLETIONS", "THROTTLED", "haiku", "PRIMARY"),
                record("haiku-us", "CHAT_COMPLETIONS", "OK", "haiku", "THROTTLED"));
    }

    @Test
    void routing_eachBrokenLink_is422NamingItsFieldAndRule_andNothingIsSaved() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        converseModel("chat");
        ObjectNode needsMore = StreamingInvokeIT.streamed("needs-topic", InvokeApiIT.TENANT_ROLE);
        ((tools.jackson.databind.node.ArrayNode) needsMore.get("variables")).add(Api.JSON.createObjectNode()
                .put("name", "topic").put("type", "STRING").put("required", true).put("testValue", "x"));
        needsMore.put("requestTemplate", Drafts.TEMPLATE.replace("{{prompt}}", "{{prompt}} {{topic}}"));
        ready(needsMore);
        api.put(routing(primary), parse("{\"fallbacks\": [\"haiku-us\"]}"));

        api.put(routing(primary), parse("""
                {"fallbacks": ["nothing", "haiku", "haiku-us", "haiku-us", "chat", "needs-topic"],
                 "balance": [{"model": "haiku", "weight": 0}]}""")).assertProblem(invalid(routing(primary),
                "7 fields are invalid; see violations",
                violation("fallbacks", "too-many-fallbacks", "a model names at most 5 fallbacks, got 6"),
                violation("balance", "balance-size", "a balance spreads calls over 2 to 5 models, got 1"),
                violation("fallbacks[0]", "unknown-model", "fallbacks[0]: the workspace has no model named \"nothing\""),
                violation("fallbacks[1]", "self", "fallbacks[1]: a model cannot be its own fallback"),
                violation("fallbacks[3]", "duplicate", "fallbacks[3]: \"haiku-us\" is named twice"),
                violation("fallbacks[4]", "api-mismatch", "fallbacks[4]: \"chat\" is called through CONVERSE, this "
                        + "model through INVOKE_MODEL; a link takes the same request"),
                violation("balance[0].weight", "out-of-range", "balance[0].weight must be a whole number from 1 to "
                        + "100, got 0")));

        api.get(routing(primary)).assertJson(200, parse("{\"fallbacks\": [\"haiku-us\"], \"balance\": []}"));
    }

    @Test
    void routing_fallbackRequiringAVariableTheModelLacks_is422VariablesMismatch() {
        JsonNode primary = template("haiku", HAIKU);
        ObjectNode needsMore = StreamingInvokeIT.streamed("needs-topic", InvokeApiIT.TENANT_ROLE);
        ((tools.jackson.databind.node.ArrayNode) needsMore.get("variables")).add(Api.JSON.createObjectNode()
                .put("name", "topic").put("type", "STRING").put("required", true).put("testValue", "x"));
        needsMore.put("requestTemplate", Drafts.TEMPLATE.replace("{{prompt}}", "{{prompt}} {{topic}}"));
        ready(needsMore);

        api.put(routing(primary), parse("{\"fallbacks\": [\"needs-topic\"]}")).assertProblem(invalid(routing(primary),
                violation("fallbacks[0]", "variables-mismatch", "fallbacks[0]: \"needs-topic\" requires variables "
                        + "this model does not have: topic")));
    }

    @Test
    void routing_anotherWorkspacesModel_cannotBeNamed_norItsRoutingRead() {
        JsonNode primary = template("haiku", HAIKU);
        Workspace other = new Workspace(UUID.randomUUID().toString(), "routing-b-" + UUID.randomUUID().toString()
                .substring(0, 8), ExternalId.generate(new SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        Api otherAdmin = api.anonymous().withKey(key(other.id(), Role.ADMIN));
        JsonNode theirs = otherAdmin.post(Api.MODELS, Drafts.valid("b-model")).json();

        api.put(routing(primary), parse("{\"fallbacks\": [\"b-model\"]}")).assertProblem(invalid(routing(primary),
                violation("fallbacks[0]", "unknown-model", "fallbacks[0]: the workspace has no model named "
                        + "\"b-model\"")));
        Api.Reply theirRouting = api.get(routing(theirs));
        assertThat(theirRouting.status()).isEqualTo(404);
        assertThat(otherAdmin.put(routing(primary), parse("{\"fallbacks\": []}")).status()).isEqualTo(404);
    }

    @Test
    void routing_keepsARenamedLinkUnderItsNewName_andDropsADeletedOne_andIsAudited() {
        JsonNode primary = template("haiku", HAIKU);
        JsonNode us = template("haiku-us", US_HAIKU);
        JsonNode eu = template("haiku-eu", HAIKU);
        api.put(routing(primary), parse("""
                {"fallbacks": ["haiku-us", "haiku-eu"],
                 "balance": [{"model": "haiku", "weight": 3}, {"model": "haiku-eu", "weight": 1}]}"""));

        ObjectNode renamed = StreamingInvokeIT.streamed("haiku-west", InvokeApiIT.TENANT_ROLE);
        renamed.put("modelReference", US_HAIKU);
        assertThat(api.put(path(us), renamed, "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(models.markReady(workspace().id(), us.get("id").stringValue(), 2)).isTrue();
        assertThat(api.delete(path(eu), "If-Match", "\"1\"").status()).isEqualTo(204);

        api.get(routing(primary)).assertJson(200, parse("""
                {"fallbacks": ["haiku-west"], "balance": [{"model": "haiku", "weight": 3}]}"""));
        JsonNode event = null;
        for (JsonNode item : api.get("/api/v1/audit").json().get("items")) {
            if (item.get("action").stringValue().equals("ROUTING_CHANGED")) {
                event = item;
                break;
            }
        }
        assertThat(event).as("a ROUTING_CHANGED audit event").isNotNull();
        assertThat(Api.canonical(event.get("details"))).isEqualTo(Api.canonical(parse("""
                {"routing": {"before": {"fallbacks": [], "balance": []},
                             "after": {"fallbacks": ["haiku-us", "haiku-eu"],
                                       "balance": [{"model": "haiku", "weight": 3}, {"model": "haiku-eu", "weight": 1}]}}}
                """)));
    }

    @Test
    void test_ofAModelWithRouting_showsItsChain_callingEachInvocableLink_withoutFailingTheModelsTest() {
        JsonNode primary = template("haiku", HAIKU);
        template("haiku-us", US_HAIKU);
        JsonNode off = template("haiku-off", HAIKU);
        ready(StreamingInvokeIT.streamed("haiku-denied", "arn:aws:iam::222222222222:role/NoBedrockAccess"));
        template("haiku-eu", HAIKU);
        api.put(path(off) + "/inference", Map.of("enabled", false));
        api.put(routing(primary), parse("""
                {"fallbacks": ["haiku-us", "haiku-off", "haiku-denied"],
                 "balance": [{"model": "haiku", "weight": 3}, {"model": "haiku-eu", "weight": 1}]}"""));

        Api.Reply reply = api.post(path(primary) + "/test", "{}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode run = reply.json();
        assertThat(run.get("outcome").stringValue()).isEqualTo("PASSED");
        JsonNode stage = run.get("stages").get(run.get("stages").size() - 1);
        assertThat(stage.get("stage").stringValue()).isEqualTo("ROUTE");
        assertThat(stage.get("outcome").stringValue()).isEqualTo("PASSED");
        JsonNode links = stage.get("links");
        assertThat(links.valueStream().map(l -> l.get("kind").stringValue() + " " + l.get("model").stringValue()
                + " " + l.get("outcome").stringValue())).containsExactly("FALLBACK haiku-us PASSED",
                "FALLBACK haiku-off SKIPPED", "FALLBACK haiku-denied FAILED", "BALANCE haiku-eu PASSED");
        assertThat(links.get(0).get("revision").longValue()).isEqualTo(1);
        assertThat(links.get(0).get("modelId").stringValue()).isEqualTo(US_HAIKU);
        assertThat(links.get(1).get("invocable").booleanValue()).isFalse();
        assertThat(links.get(1).get("notInvocable").stringValue()).isEqualTo("INFERENCE_DISABLED");
        assertThat(links.get(2).get("diagnosis").get("code").stringValue()).isEqualTo("bedrock-access-denied");
        assertThat(links.get(3).get("weight").intValue()).isEqualTo(1);
        assertThat(stage.get("warnings").valueStream().map(JsonNode::stringValue)).containsExactly(
                "Fallback \"haiku-off\" is skipped by routed calls: its inference is off.",
                "Fallback \"haiku-denied\" failed its call (bedrock-access-denied): "
                        + links.get(2).get("diagnosis").get("title").stringValue());
        assertThat(aws.emulator().journal().ofOperation(INVOKE)).extracting(RecordedRequest::modelId)
                .containsExactly(HAIKU, US_HAIKU, HAIKU, HAIKU);
        assertThat(jdbc.sql("SELECT model_name, outcome FROM usage_records WHERE kind = 'TEST' ORDER BY model_name")
                .query().listOfRows()).containsExactly(Map.of("MODEL_NAME", "haiku", "OUTCOME", "OK"),
                Map.of("MODEL_NAME", "haiku", "OUTCOME", "OK"), // its INVOKE and its STREAM stage
                Map.of("MODEL_NAME", "haiku-denied", "OUTCOME", "bedrock-access-denied"),
                Map.of("MODEL_NAME", "haiku-eu", "OUTCOME", "OK"), Map.of("MODEL_NAME", "haiku-us", "OUTCOME", "OK"));
    }
}
