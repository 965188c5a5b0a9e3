package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static dev.modelgate.web.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.model.ExternalModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's request options against the emulator ({@code worlds/testrun.yaml}: guardrail {@code mgdemoguard1} in the
 * tenant account, which role {@code GuardedAccess} may apply and {@code ModelgateBedrockAccess} may not): each option
 * as Bedrock receives it, a guardrail intervention as its own outcome in the answer, the usage record and the Test,
 * and Bedrock's refusals of the options as their own problems and diagnoses.
 */
class RequestOptionsInvokeIT extends TestRunApiTestBase {

    private static final String GUARDRAIL_ARN = "arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1";
    private static final String BLOCKED = "Sorry, the model cannot answer this question.";
    private static final String NOVA_PRO = "amazon.nova-pro-v1:0";

    @Autowired
    ExternalModels models;

    @BeforeEach
    void noUsage() {
        UsageTables.deleteAll(jdbc);
    }

    // --- each option, as Bedrock receives it ---------------------------------------------------------------------

    @Test
    void invoke_everyOption_reachesBedrockAsItsHeaders_andIsAnsweredOk() {
        ObjectNode draft = guarded("m", "GuardedAccess", "mgdemoguard1", "1", true);
        ((ObjectNode) draft.get("options")).put("latency", "standard").put("serviceTier", "priority");
        ready(draft);

        Api.Reply reply = invoke("m", "Say hello.");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("outcome").stringValue()).isEqualTo("OK");
        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo("mgdemoguard1");
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailVersion")).isEqualTo("1");
        assertThat(bedrock.header("X-Amzn-Bedrock-Trace")).isEqualTo("ENABLED");
        assertThat(bedrock.header("X-Amzn-Bedrock-PerformanceConfig-Latency")).isEqualTo("standard");
        assertThat(bedrock.header("X-Amzn-Bedrock-Service-Tier")).isEqualTo("priority");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("OUTCOME", "OK"));
    }

    @Test
    void invoke_guardrailByArnWithoutTrace_sendsTheArnAndTraceDisabled() {
        ready(guarded("m", "GuardedAccess", GUARDRAIL_ARN, "DRAFT", false));

        assertThat(invoke("m", "Say hello.").status()).isEqualTo(200);

        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo(GUARDRAIL_ARN);
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailVersion")).isEqualTo("DRAFT");
        assertThat(bedrock.header("X-Amzn-Bedrock-Trace")).isEqualTo("DISABLED");
    }

    @Test
    void invoke_withoutOptions_sendsNoneOfTheirHeaders() {
        ready(claude("m", "ModelgateBedrockAccess"));

        assertThat(invoke("m", "Say hello.").status()).isEqualTo(200);

        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        for (String header : List.of("X-Amzn-Bedrock-GuardrailIdentifier", "X-Amzn-Bedrock-GuardrailVersion",
                "X-Amzn-Bedrock-Trace", "X-Amzn-Bedrock-PerformanceConfig-Latency", "X-Amzn-Bedrock-Service-Tier")) {
            assertThat(bedrock.header(header)).as(header).isNull();
        }
    }

    @Test
    void invoke_latencyOptimizedAndFlexOnAModelThatServesThem_isAnswered() {
        ObjectNode draft = preset("AMAZON_NOVA", "nova", "ModelgateBedrockAccess", "us-east-1", NOVA_PRO);
        draft.putObject("options").put("latency", "optimized").put("serviceTier", "flex");
        ready(draft);

        Api.Reply reply = invoke("nova", "Say hello.");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        assertThat(bedrock.header("X-Amzn-Bedrock-PerformanceConfig-Latency")).isEqualTo("optimized");
        assertThat(bedrock.header("X-Amzn-Bedrock-Service-Tier")).isEqualTo("flex");
    }

    // --- a guardrail intervention: answered, its own outcome ---------------------------------------------------

    @Test
    void invoke_promptTheGuardrailBlocks_isAnsweredWithOutcomeGuardrailIntervened_andMeteredSo() {
        JsonNode model = ready(guarded("m", "GuardedAccess", "mgdemoguard1", "1", false));

        Api.Reply reply = invoke("m", "Please BLOCKME now.");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("outcome").stringValue()).isEqualTo("GUARDRAIL_INTERVENED");
        assertThat(body.get("output").get("text").stringValue()).isEqualTo(BLOCKED);
        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModel").getLast();
        assertThat(body.get("requestId").stringValue()).isEqualTo(bedrock.requestId());
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("MODEL_ID", model.get("id").stringValue()).containsEntry("KIND", "INVOKE")
                .containsEntry("OUTCOME", "GUARDRAIL_INTERVENED")
                .containsEntry("INPUT_TOKENS", body.get("usage").get("inputTokens").longValue())
                .containsEntry("OUTPUT_TOKENS", body.get("usage").get("outputTokens").longValue())
                .containsEntry("REQUEST_ID", bedrock.requestId()));
    }

    @Test
    void invoke_promptTheGuardrailLetsThrough_isOk() {
        ready(guarded("m", "GuardedAccess", "mgdemoguard1", "1", false));

        JsonNode body = invoke("m", "Say hello.").json();

        assertThat(body.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(body.get("output").get("text").stringValue()).isNotEqualTo(BLOCKED);
    }

    @Test
    void stream_everyOptionReachesBedrock_andAnInterventionIsTheDoneEventsOutcome_andTheUsagesToo() {
        ObjectNode draft = streamed(guarded("m", "GuardedAccess", "mgdemoguard1", "DRAFT", true));
        ((ObjectNode) draft.get("options")).put("latency", "standard").put("serviceTier", "flex");
        ready(draft);

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(invokePath("m"),
                Map.of("variables", Map.of("prompt", "Please BLOCKME now."), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }

        RecordedRequest bedrock = aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").getLast();
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo("mgdemoguard1");
        assertThat(bedrock.header("X-Amzn-Bedrock-GuardrailVersion")).isEqualTo("DRAFT");
        assertThat(bedrock.header("X-Amzn-Bedrock-Trace")).isEqualTo("ENABLED");
        assertThat(bedrock.header("X-Amzn-Bedrock-PerformanceConfig-Latency")).isEqualTo("standard");
        assertThat(bedrock.header("X-Amzn-Bedrock-Service-Tier")).isEqualTo("flex");
        assertThat(EventStream.text(events)).isEqualTo(BLOCKED);
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().get("outcome").stringValue()).isEqualTo("GUARDRAIL_INTERVENED");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("OUTCOME", "GUARDRAIL_INTERVENED").containsEntry("REQUEST_ID", bedrock.requestId()));
    }

    @Test
    void stream_promptTheGuardrailLetsThrough_isOk() {
        ready(streamed(guarded("m", "GuardedAccess", "mgdemoguard1", "1", false)));

        List<EventStream.Event> events;
        try (EventStream stream = api.stream(invokePath("m"),
                Map.of("variables", Map.of("prompt", "Say hello."), "stream", true))) {
            events = stream.rest();
        }

        assertThat(events.getLast().data().get("outcome").stringValue()).isEqualTo("OK");
        assertThat(EventStream.text(events)).isNotEqualTo(BLOCKED);
    }

    @Test
    void stream_unknownGuardrail_isTheProblemBeforeAnyEvent() {
        ready(streamed(guarded("m", "GuardedAccess", "nosuchguard1", "1", false)));

        try (EventStream stream = api.stream(invokePath("m"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            assertThat(stream.status()).isEqualTo(422);
            assertThat(Api.parse(stream.text()).get("type").stringValue())
                    .isEqualTo("https://modelgate.dev/problems/guardrail-not-found");
        }
        assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "GUARDRAIL_NOT_FOUND"));
    }

    // --- Bedrock refusing the options ------------------------------------------------------------------------

    @Test
    void invoke_unknownGuardrail_is422GuardrailNotFound_andMetered() {
        ready(guarded("m", "GuardedAccess", "nosuchguard1", "1", false));

        invoke("m", "Hi").assertProblem(Api.problem(422, "guardrail-not-found", "Guardrail not found",
                        "Bedrock refused the model's guardrail (The provided guardrail identifier is invalid.); fix the "
                                + "model's options.guardrail (identifier and version) and run the model's Test",
                        invokePath("m"))
                .put("errorCode", "ValidationException").put("requestId", lastRequestId()).put("attempts", 1));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).hasSize(1);
        assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "GUARDRAIL_NOT_FOUND"));
    }

    @Test
    void invoke_unknownGuardrailVersion_is422GuardrailNotFound() {
        ready(guarded("m", "GuardedAccess", "mgdemoguard1", "7", false));

        Api.Reply reply = invoke("m", "Hi");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/guardrail-not-found");
        assertThat(reply.json().get("detail").stringValue()).contains("The provided guardrail version is invalid.");
    }

    @Test
    void invoke_roleWithoutApplyGuardrail_is502BedrockAccessDenied_namingThePermission() {
        ready(guarded("m", "ModelgateBedrockAccess", "mgdemoguard1", "1", false));

        Api.Reply reply = invoke("m", "Hi");

        String message = "User: " + sessionArn("ModelgateBedrockAccess") + " is not authorized to perform: "
                + "bedrock:ApplyGuardrail on resource: " + GUARDRAIL_ARN + " because no identity-based policy allows "
                + "the bedrock:ApplyGuardrail action";
        reply.assertProblem(Api.problem(502, "bedrock-access-denied", "Access denied by Bedrock", message
                        + "; the tenant's role needs bedrock:ApplyGuardrail on the model's guardrail on that resource "
                        + "(see GET /api/v1/platform/identity for the permission policy)", invokePath("m"))
                .put("errorCode", "AccessDeniedException").put("requestId", lastRequestId()).put("attempts", 1));
        assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "ACCESS_DENIED"));
    }

    @Test
    void invoke_latencyOptimizedOnAModelWithout_is422OptionNotSupported_afterBedrockWasAsked() {
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        draft.putObject("options").put("latency", "optimized");
        ready(draft);

        invoke("m", "Hi").assertProblem(Api.problem(422, "option-not-supported", "Request option not supported",
                        "Bedrock refused the model's request options (The model " + HAIKU + " does not support "
                                + "latency-optimized inference. Set the performance configuration latency to standard "
                                + "and try again.); change the model's options.latency or options.serviceTier and run "
                                + "the model's Test", invokePath("m"))
                .put("errorCode", "ValidationException").put("requestId", lastRequestId()).put("attempts", 1));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel").getLast()
                .header("X-Amzn-Bedrock-PerformanceConfig-Latency")).isEqualTo("optimized");
        assertThat(usageRecords()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("OUTCOME", "OPTION_NOT_SUPPORTED"));
    }

    // --- the Test ---------------------------------------------------------------------------------------------

    @Test
    void test_guardedModel_passes_andSendsTheGuardrail() {
        JsonNode answer = answer(testDraft(guarded("m", "GuardedAccess", "mgdemoguard1", "1", false)));

        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("PASSED");
        assertThat(aws.emulator().journal().ofOperation("InvokeModel").getLast()
                .header("X-Amzn-Bedrock-GuardrailIdentifier")).isEqualTo("mgdemoguard1");
    }

    @Test
    void test_promptTheGuardrailBlocks_failsAtInvokeSayingSo_notAtTheMapping() {
        JsonNode answer = answer(testDraft(guarded("m", "GuardedAccess", "mgdemoguard1", "1", false),
                "Please BLOCKME now."));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).isEqualTo("INVOKE");
        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("guardrail-intervened");
        assertThat(stage(answer, "MAP").get("outcome").stringValue()).isEqualTo("SKIPPED");
        JsonNode invoke = stage(answer, "INVOKE");
        assertThat(invoke.get("response").get("status").intValue()).isEqualTo(200);
        assertThat(JSON.readTree(invoke.get("response").get("body").stringValue())
                .get("amazon-bedrock-guardrailAction").stringValue()).isEqualTo("INTERVENED");
        JsonNode diagnosis = invoke.get("diagnosis");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The guardrail blocked the Test's request");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("The model's guardrail mgdemoguard1 (version 1) "
                + "intervened in the Test's request: Bedrock answered with the guardrail's blocked message "
                + "(\"amazon-bedrock-guardrailAction\": \"INTERVENED\", shown above), not with the model's answer, so "
                + "the output mapping was not checked. Invocations the guardrail blocks answer outcome "
                + "GUARDRAIL_INTERVENED.");
        assertThat(usageRecords()).singleElement().satisfies(r -> assertThat(r).containsEntry("KIND", "TEST")
                .containsEntry("OUTCOME", "GUARDRAIL_INTERVENED"));
    }

    @Test
    void test_roleWithoutApplyGuardrail_isDiagnosedWithTheStatementItNeeds() {
        JsonNode answer = answer(testDraft(guarded("m", "ModelgateBedrockAccess", "mgdemoguard1", "1", false)));

        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("bedrock-access-denied");
        JsonNode diagnosis = diagnosis(answer, "INVOKE");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The role may not apply the model's guardrail");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock refused the role "
                + role("ModelgateBedrockAccess") + ": it may not call bedrock:ApplyGuardrail on " + GUARDRAIL_ARN
                + ", the guardrail of the model's options (mgdemoguard1, version 1). Every call that names a guardrail "
                + "needs it, besides bedrock:InvokeModel on the model.");
        String statement = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": "
                + "\"ModelgateApplyGuardrail\",\n      \"Effect\": \"Allow\",\n      \"Action\": "
                + "\"bedrock:ApplyGuardrail\",\n      \"Resource\": \"" + GUARDRAIL_ARN + "\"\n    }\n  ]\n}";
        assertThat(diagnosis.get("fixes").valueStream().map(JsonNode::stringValue).toList()).containsExactly(
                "Allow the role bedrock:ApplyGuardrail on the guardrail with this permission policy statement:\n"
                        + statement,
                "With the AWS CLI: aws iam put-role-policy --role-name ModelgateBedrockAccess --policy-name "
                        + "ModelgateApplyGuardrail --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{"
                        + "\"Sid\":\"ModelgateApplyGuardrail\",\"Effect\":\"Allow\",\"Action\":"
                        + "\"bedrock:ApplyGuardrail\",\"Resource\":\"" + GUARDRAIL_ARN + "\"}]}'",
                "Or remove options.guardrail from the model if it should not apply a guardrail.");
        assertThat(diagnosis.get("aws").get("errorCode").stringValue()).isEqualTo("AccessDeniedException");
    }

    @Test
    void test_unknownGuardrail_isDiagnosedAsGuardrailNotFound() {
        JsonNode answer = answer(testDraft(guarded("m", "GuardedAccess", "nosuchguard1", "1", false)));

        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("guardrail-not-found");
        JsonNode diagnosis = diagnosis(answer, "INVOKE");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock has no guardrail nosuchguard1 version 1 "
                + "for account 222222222222 in us-east-1 (\"The provided guardrail identifier is invalid.\").");
    }

    @Test
    void test_latencyOptimizedOnAModelWithout_isDiagnosedAsOptionNotSupported() {
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        draft.putObject("options").put("latency", "optimized");

        JsonNode answer = answer(testDraft(draft));

        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("option-not-supported");
        JsonNode diagnosis = diagnosis(answer, "INVOKE");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The model does not serve latency-optimized inference");
        assertThat(diagnosis.get("fixes").get(0).stringValue()).isEqualTo("Set the model's options.latency to "
                + "\"standard\" (or remove it): " + HAIKU + " does not serve latency-optimized inference in us-east-1.");
    }

    // fixtures

    private static ObjectNode guarded(String name, String role, String identifier, String version, boolean trace) {
        ObjectNode draft = claude(name, role);
        draft.putObject("options").putObject("guardrail").put("identifier", identifier).put("version", version)
                .put("trace", trace);
        return draft;
    }

    /** {@code draft} with the Claude stream mapping. */
    private static ObjectNode streamed(ObjectNode draft) {
        ((ObjectNode) draft.get("outputMapping")).putObject("stream")
                .put("text", "$.delta.text")
                .put("inputTokens", "$.message.usage.input_tokens")
                .put("outputTokens", "$.usage.output_tokens");
        return draft;
    }

    /** Creates the model and marks its first revision READY, as a passed Test would. */
    private JsonNode ready(ObjectNode draft) {
        JsonNode model = create(draft);
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
        return model;
    }

    private Api.Reply invoke(String name, String prompt) {
        return api.post(invokePath(name), Map.of("variables", Map.of("prompt", prompt)));
    }

    private Api.Reply testDraft(ObjectNode draft, String prompt) {
        ObjectNode body = JSON.createObjectNode();
        body.set("model", draft);
        body.putObject("variables").put("prompt", prompt);
        return api.post(TEST, body);
    }

    private String sessionArn(String role) {
        return "arn:aws:sts::222222222222:assumed-role/" + role + "/modelgate-" + workspace().id();
    }

    private String lastRequestId() {
        return aws.emulator().journal().ofOperation("InvokeModel").getLast().requestId();
    }

    private List<Map<String, Object>> usageRecords() {
        return jdbc.sql("SELECT model_id, kind, outcome, input_tokens, output_tokens, token_source, request_id "
                + "FROM usage_records ORDER BY occurred_at").query().listOfRows();
    }

    private static String invokePath(String name) {
        return Api.MODELS + "/" + name + "/invoke";
    }
}
