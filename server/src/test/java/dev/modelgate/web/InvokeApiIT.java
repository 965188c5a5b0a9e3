package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.registration.TestApprovals;
import dev.modelgate.invoke.Invocations;
import dev.modelgate.model.ExternalModels;
import io.micrometer.core.instrument.MeterRegistry;
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
import dev.modelgate.access.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/models/{name}/invoke} against the emulator: the tenant's role really assumed, Bedrock really
 * called, its failures turned into statuses an agent can act on, and every call metered.
 */
class InvokeApiIT extends ApiTestBase {

    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    @Autowired
    ExternalModels models;

    @Autowired
    TenantCredentials sessions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    dev.modelgate.tracing.Tracing tracing;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlerMapping;

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

    /** The workspace's External ID is the one the emulator's tenant roles trust (set before first use). */
    @BeforeEach
    void workspaceTrustedByTheTenantRoles() {
        sessions.invalidateAll(); // the emulator forgot the sessions it issued before this test
        UsageTables.deleteAll(jdbc);
        TestApprovals.approveWorldFor(jdbc, "default", aws.emulator().world());
    }

    @Override
    String workspaceExternalId() {
        return EXTERNAL_ID;
    }

    @Test
    void controllers_areLookedUpPathFirst() {
        assertThat(handlerMapping).isInstanceOf(PathFirstHandlerMapping.Mapping.class);
    }

    @Test
    void prometheus_countsTheCallsTheirTokensAndTheSessionLookups() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));
        Api operator = signedIn("prometheus-" + java.util.UUID.randomUUID().toString().substring(0, 8), Role.OPERATOR,
                null);
        String series = "{kind=\"INVOKE\",model=\"haiku\",outcome=\"OK\",type=\"%s\",workspace=\"" + workspace().id()
                + "\"}";
        String before = operator.get("/actuator/prometheus").body();

        JsonNode first = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "One."))).json();
        JsonNode second = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Two."))).json();
        Api.Reply after = operator.get("/actuator/prometheus");

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("Content-Type")).startsWith("text/plain");
        assertThat(delta(before, after.body(), "modelgate_tokens_total" + series.formatted("input")))
                .isEqualTo(first.get("usage").get("inputTokens").doubleValue()
                        + second.get("usage").get("inputTokens").doubleValue());
        assertThat(delta(before, after.body(), "modelgate_tokens_total" + series.formatted("output")))
                .isEqualTo(first.get("usage").get("outputTokens").doubleValue()
                        + second.get("usage").get("outputTokens").doubleValue());
        assertThat(delta(before, after.body(), "modelgate_invocations_seconds_count{outcome=\"OK\"}")).isEqualTo(2);
        assertThat(delta(before, after.body(), "modelgate_sessions_lookups_total{result=\"hit\"}")
                + delta(before, after.body(), "modelgate_sessions_lookups_total{result=\"miss\"}")).isEqualTo(2);
        assertThat(value(after.body(), "modelgate_sts_assume_role_seconds_count{outcome=\"OK\"}")).isPositive();
        assertThat(after.body()).contains("modelgate_sessions_cached ", "modelgate_usage_buffered ");
    }

    @Test
    void healthProbes_answerWithoutSignIn_readinessIncludingTheDatabase() {
        Api.Reply liveness = api.anonymous().get("/actuator/health/liveness");
        Api.Reply readiness = api.anonymous().get("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").stringValue()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").stringValue()).isEqualTo("UP");
        assertThat(readiness.json().get("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "db", "platformIdentity", "redis");
        assertThat(readiness.json().get("components").get("platformIdentity").get("status").stringValue())
                .isEqualTo("UP");
    }

    /** A series' value in a Prometheus scrape, 0 when it is not there yet. */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip())).orElse(0.0);
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    @Test
    void invoke_withTracingNotConfigured_answers_withoutTraceparent_andNoOpenTelemetryIsBuilt() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")),
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("output").get("text").stringValue()).isNotBlank();
        assertThat(reply.header("traceparent")).isNull();
        assertThat(tracing).isSameAs(dev.modelgate.tracing.Tracing.OFF);
        assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(org.springframework.core.ResolvableType.forClassWithGenerics(
                org.springframework.boot.web.servlet.FilterRegistrationBean.class, TracingFilter.class))).isEmpty();
    }

    @Test
    void invoke_readyModel_answersTheMappedTextAndUsageEqualToBedrocksHeaders_andMetersIt() {
        JsonNode model = ready(draft("haiku", TENANT_ROLE, HAIKU));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Say hello.")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        assertThat(body.get("model").stringValue()).isEqualTo("haiku");
        assertThat(body.get("revision").longValue()).isEqualTo(1);
        assertThat(body.get("modelId").stringValue()).isEqualTo(HAIKU);
        assertThat(body.get("output").get("text").stringValue()).isNotBlank();
        assertThat(body.get("requestId").stringValue()).isEqualTo(bedrock.requestId());
        assertThat(body.get("attempts").intValue()).isEqualTo(1);
        JsonNode usage = body.get("usage");
        assertThat(usage.get("inputTokensSource").stringValue()).isEqualTo("MAPPING");
        assertThat(usage.get("outputTokensSource").stringValue()).isEqualTo("MAPPING");
        assertThat(usage.get("inputTokens").longValue()).isPositive();
        List<Map<String, Object>> records = usageRecords();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst()).containsEntry("MODEL_ID", model.get("id").stringValue())
                .containsEntry("REVISION", 1L)
                .containsEntry("KIND", "INVOKE").containsEntry("OUTCOME", "OK")
                .containsEntry("INPUT_TOKENS", usage.get("inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", usage.get("outputTokens").longValue())
                .containsEntry("TOKEN_SOURCE", "MAPPING")
                .containsEntry("REQUEST_ID", bedrock.requestId());
    }

    @Test
    void invoke_withoutTokenPaths_takesTheCountsFromBedrocksHeaders() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        ((ObjectNode) draft.get("outputMapping")).remove(List.of("inputTokens", "outputTokens"));
        ready(draft);

        JsonNode usage = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).json().get("usage");

        assertThat(usage.get("inputTokensSource").stringValue()).isEqualTo("HEADERS");
        assertThat(usage.get("outputTokensSource").stringValue()).isEqualTo("HEADERS");
        assertThat(usage.get("inputTokens").longValue()).isPositive();
        assertThat(usageRecords().getFirst()).containsEntry("TOKEN_SOURCE", "HEADERS")
                .containsEntry("INPUT_TOKENS", usage.get("inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", usage.get("outputTokens").longValue());
    }

    @Test
    void invoke_manyCalls_assumeTheRoleOnce() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));

        for (int i = 0; i < 5; i++) {
            assertThat(api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi " + i))).status()).isEqualTo(200);
        }

        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).hasSize(5);
    }

    @Test
    void invoke_afterTheModelsConnectionChanged_assumesTheRoleAgain() {
        JsonNode model = ready(draft("haiku", TENANT_ROLE, HAIKU));
        api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));
        ObjectNode changed = draft("haiku", TENANT_ROLE, HAIKU).put("stsEndpoint", "https://sts.us-west-2.amazonaws.com");
        JsonNode updated = api.put(path(model), changed, "If-Match", "\"1\"").json();
        assertThat(models.markReady(workspaceId(), updated.get("id").stringValue(), 2)).isTrue();

        assertThat(api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).status()).isEqualTo(200);

        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(2);
    }

    @Test
    void invoke_sessionTheEmulatorNoLongerKnows_isAssumedAnewOnce_andAnswered() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));
        assertThat(api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).status()).isEqualTo(200);
        aws.emulator().reset(); // STS forgets every session it issued: the cached one is now unrecognized

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).extracting(RecordedRequest::errorCode)
                .containsExactly("UnrecognizedClientException", null);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
    }

    @Test
    void invoke_draftModel_is409NamingTheTest() {
        JsonNode model = create(draft("haiku", TENANT_ROLE, HAIKU));
        String id = model.get("id").stringValue();

        api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).assertProblem(Api.problem(409,
                "model-not-ready", "Model not ready", "model \"haiku\" is a draft: revision 1 has not passed a Test; run "
                        + "POST /api/v1/models/" + id + "/test and invoke it once the Test passes", invokePath("haiku")));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
        assertThat(usageRecords()).isEmpty();
    }

    @Test
    void invoke_disabledModel_is409() {
        JsonNode model = ready(draft("haiku", TENANT_ROLE, HAIKU));
        String id = model.get("id").stringValue();
        api.put(path(model) + "/inference", Map.of("enabled", false));

        api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"))).assertProblem(Api.problem(409,
                "inference-disabled", "Inference disabled", "inference is disabled for model \"haiku\"; a workspace "
                        + "admin can enable it with PUT /api/v1/models/" + id + "/inference {\"enabled\": true}",
                invokePath("haiku")));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
    }

    @Test
    void invoke_unknownModel_is404() {
        api.post(invokePath("nope"), Map.of("variables", Map.of("prompt", "Hi"))).assertProblem(Api.problem(404,
                "not-found", "Not found", "no model named \"nope\"", invokePath("nope")));
    }

    @Test
    void invoke_missingRequiredVariable_is422NamingIt_andCallsNothing() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of()));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("violations").get(0).get("field").stringValue()).isEqualTo("variables.prompt");
        assertThat(reply.json().get("violations").get(0).get("rule").stringValue()).isEqualTo("missing-variable");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
    }

    @Test
    void invoke_throttledTwiceThenAnswered_succeedsOnTheThirdAttempt() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));
        aws.emulator().faults().enqueue(Fault.next(2, FaultKind.THROTTLING));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("attempts").intValue()).isEqualTo(3);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).extracting(RecordedRequest::status)
                .containsExactly(429, 429, 200);
    }

    @Test
    void invoke_throttledBeyondTheRetries_is429WithRetryAfter_andMetered() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("2");
        assertThat(reply.header("Content-Type")).isEqualTo(Api.PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/throttled");
        assertThat(problem.get("errorCode").stringValue()).isEqualTo("ThrottlingException");
        assertThat(problem.get("attempts").intValue()).isEqualTo(3);
        assertThat(problem.get("detail").stringValue()).isEqualTo("Bedrock throttled the model's calls (after 3 "
                + "attempts): Too many requests, please wait before trying again.");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "THROTTLED"));
        assertThat(meters.timer(Invocations.TIMER, "outcome", "THROTTLED").count()).isPositive();
    }

    @Test
    void invoke_roleWithoutBedrockAccess_is502_andNotRetried() {
        ready(draft("haiku", "arn:aws:iam::222222222222:role/NoBedrockAccess", HAIKU));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/bedrock-access-denied");
        assertThat(problem.get("errorCode").stringValue()).isEqualTo("AccessDeniedException");
        assertThat(problem.get("detail").stringValue()).contains("is not authorized to perform: bedrock:InvokeModel")
                .contains("GET /api/v1/platform/identity");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).hasSize(1);
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "ACCESS_DENIED"));
    }

    @Test
    void invoke_roleThatDoesNotTrustModelgate_is502AssumeRoleFailed() {
        ready(draft("haiku", "arn:aws:iam::222222222222:role/TrustsSomeoneElse", HAIKU));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/assume-role-failed");
        assertThat(problem.get("reason").stringValue()).isEqualTo("ACCESS_DENIED");
        assertThat(problem.get("errorCode").stringValue()).isEqualTo("AccessDenied");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
        assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "ASSUME_ROLE_ACCESS_DENIED"));
    }

    @Test
    void invoke_bodyBedrockRefuses_is422WithBedrocksMessage() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        draft.put("requestTemplate", "{\"anthropic_version\": \"bedrock-2023-05-31\", \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}");
        ready(draft);

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/bedrock-validation");
        assertThat(problem.get("errorCode").stringValue()).isEqualTo("ValidationException");
        assertThat(problem.get("detail").stringValue()).contains("max_tokens");
        assertThat(problem.get("attempts").intValue()).isEqualTo(1);
    }

    @Test
    void invoke_slowerThanTheModelsTotalTimeout_is504() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        draft.putObject("timeouts").put("connectMillis", 500).put("totalMillis", 1_000);
        ready(draft);
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(3_000, 0, 0, 0));

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/timeout");
        assertThat(reply.json().get("detail").stringValue())
                .isEqualTo("the model's total timeout of 1000 ms ran out in step ATTEMPT (1 attempt made)");
        assertThat(reply.json().get("step").stringValue()).isEqualTo("ATTEMPT");
        assertThat(reply.json().get("attempts").intValue()).isEqualTo(1);
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "TIMEOUT"));
    }

    @Test
    void invoke_mappingThatDoesNotFitTheAnswer_is502_butTheSucceededCallIsMeteredWithBedrocksCounts() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        ((ObjectNode) draft.get("outputMapping")).put("text", "$.completion").remove(List.of("inputTokens", "outputTokens"));
        ready(draft);

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(reply.status()).isEqualTo(502);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/output-mapping-failed");
        assertThat(problem.get("violations").get(0).get("field").stringValue()).isEqualTo("outputMapping.text");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("OUTCOME", "MAPPING_FAILED").containsEntry("TOKEN_SOURCE", "HEADERS")
                .hasEntrySatisfying("INPUT_TOKENS", tokens -> assertThat((Long) tokens).isPositive()));
    }

    @Test
    void invoke_mappingTooCostlyForTheAnswer_is502MappingTooCostly_namingThePathAndTheBudget() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        ((ObjectNode) draft.get("outputMapping")).put("text", "$.content[?!search(@.text, '(a+)+c')].text");
        ready(draft);

        Api.Reply reply = api.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "a".repeat(5_000))));

        String message = "outputMapping.text: $.content[?!search(@.text, '(a+)+c')].text is too costly to evaluate on"
                + " this document: it needed more than 1,000,000 regex steps (characters read by match() and search()),"
                + " the fixed budget of one evaluation; select with child segments and filters on the current node"
                + " (@.type == 'text') rather than searching the whole document ($ or ..) inside filters";
        reply.assertProblem(Api.problem(502, "mapping-too-costly", "Output mapping too costly", "the model answered,"
                + " but its output mapping is too costly to evaluate on the answer: " + message, invokePath("haiku"))
                .set("violations", Api.array(Api.violation("outputMapping.text", "mapping-too-costly", message))));
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "MAPPING_FAILED"));
    }

    @Test
    void invoke_customTimeouts_areKeptWithTheModel() {
        ObjectNode draft = draft("haiku", TENANT_ROLE, HAIKU);
        draft.putObject("timeouts").put("connectMillis", 750).put("totalMillis", 20_000);

        JsonNode model = create(draft);

        assertThat(api.get(path(model)).json().get("timeouts")).isEqualTo(Api.JSON.createObjectNode()
                .put("connectMillis", 750).put("totalMillis", 20_000));
    }

    // fixtures

    static ObjectNode draft(String name, String roleArn, String modelReference) {
        return Drafts.valid(name).put("roleArn", roleArn).put("modelReference", modelReference);
    }

    @Test
    void invoke_withAnAgentKey_recordsTheKeyAsItsCaller_shownByPrefixAndNameInRecentCalls() {
        ready(draft("haiku", TENANT_ROLE, HAIKU));
        String agentToken = key(workspaceId(), Role.AGENT);
        Api agent = api.anonymous().withKey(agentToken);

        assertThat(agent.post(invokePath("haiku"), Map.of("variables", Map.of("prompt", "Say hello."))).status())
                .isEqualTo(200);

        String keyId = jdbc.sql("SELECT id FROM api_keys WHERE prefix = ?").params(agentToken.substring(0, 12))
                .query(String.class).single();
        JsonNode call = api.get("/api/v1/usage/calls").json().get("calls").get(0);
        assertThat(Api.canonical(call.get("caller"))).isEqualTo(Api.canonical(Api.parse("""
                {"kind": "KEY", "id": "%s", "name": "%s (test-agent)"}""".formatted(keyId, agentToken.substring(0, 12)))));
        assertThat(call.toString()).doesNotContain(agentToken).doesNotContain("Say hello.");
    }

    /** Creates the model and marks its first revision READY, as a passed Test would. */
    private JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspaceId(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    private String workspaceId() {
        return jdbc.sql("SELECT id FROM workspaces WHERE name = 'default'").query(String.class).single();
    }

    private List<Map<String, Object>> usageRecords() {
        return jdbc.sql("SELECT model_id, revision, kind, outcome, input_tokens, output_tokens, token_source, "
                + "request_id FROM usage_records ORDER BY occurred_at").query().listOfRows();
    }

    static String invokePath(String name) {
        return Api.MODELS + "/" + name + "/invoke";
    }
}
