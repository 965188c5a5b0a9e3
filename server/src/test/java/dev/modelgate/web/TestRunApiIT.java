package dev.modelgate.web;

import static dev.modelgate.web.Api.JSON;
import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.canonical;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantSession;
import dev.modelgate.emulator.faults.Latency;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Test run's API: the answer's shape, READY marking, the record of runs, draft Tests, the role check, and the
 * problem+json of requests that cannot run.
 */
class TestRunApiIT extends TestRunApiTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    dev.modelgate.testrun.TestRunRepository runs;

    private static final String SESSION_PREFIX = "arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/";

    private TenantSession cachedSession(String role) {
        return tenantCredentials.session(new SessionKey(RoleArn.parse(role(role)), ExternalId.of(EXTERNAL_ID),
                StsEndpoint.regional(Region.of("us-east-1"))), workspace().id());
    }

    /** The answer with what differs between runs (IDs, times, latencies, request IDs) replaced by placeholders. */
    private JsonNode normalized(JsonNode answer) {
        String text = answer.toString()
                .replace(workspace().id(), "<workspace>")
                .replaceAll("\"(id|testedAt|sessionExpiresAt|requestId|x-amzn-RequestId)\":\"[^\"]+\"", "\"$1\":\"<$1>\"")
                .replaceAll("\"(latencyMs|X-Amzn-Bedrock-Invocation-Latency)\":\"?[0-9]+\"?", "\"$1\":0")
                .replaceAll("msg_bdrk_[A-Za-z0-9]+", "msg_bdrk_<id>");
        return JSON.readTree(text);
    }

    @Test
    void test_savedModel_passesEveryStage_marksTheRevisionReady_andShowsNoSecret() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("outputMapping")).remove("stream"); // the STREAM stage: TestRunStreamIT
        JsonNode model = create(draft);

        Api.Reply reply = api.post(path(model) + "/test", "{}");

        JsonNode answer = answer(reply);
        assertThat(canonical(normalized(answer))).isEqualTo(canonical(JSON.readTree("""
                {"id": "<id>", "outcome": "PASSED", "failedStage": null, "diagnosisCode": null, "modelName": "haiku",
                 "model": {"id": "<id>", "revision": 1, "status": "READY", "markedReady": true, "note": null},
                 "testedAt": "<testedAt>", "latencyMs": 0,
                 "stages": [
                  {"stage": "ASSUME_ROLE", "outcome": "PASSED", "latencyMs": 0,
                   "roleArn": "arn:aws:iam::222222222222:role/ModelgateBedrockAccess",
                   "externalId": "mg-testrun-workspace-external-id", "stsEndpoint": "https://sts.us-east-1.amazonaws.com",
                   "sessionName": "modelgate-<workspace>", "assumedRoleArn": "%smodelgate-<workspace>",
                   "sessionExpiresAt": "<sessionExpiresAt>", "requestId": "<requestId>", "externalIdRequired": true,
                   "diagnosis": null},
                  {"stage": "INVOKE", "outcome": "PASSED", "latencyMs": 0, "region": "us-east-1",
                   "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
                   "request": {"contentType": "application/json", "bytes": 228, "body": "{\\n  \\"anthropic_version\\": \\"bedrock-2023-05-31\\",\\n  \\"max_tokens\\": 64,\\n  \\"system\\": \\"You are terse.\\",\\n  \\"temperature\\": 0.2,\\n  \\"messages\\": [\\n    {\\"role\\": \\"user\\", \\"content\\": [{\\"type\\": \\"text\\", \\"text\\": \\"Say hello to Modelgate.\\"}]}\\n  ]\\n}\\n"},
                   "response": {"status": 200, "bytes": 294,
                    "headers": {"x-amzn-RequestId": "<x-amzn-RequestId>", "Content-Type": "application/json",
                     "X-Amzn-Bedrock-Input-Token-Count": "9", "X-Amzn-Bedrock-Output-Token-Count": "10",
                     "X-Amzn-Bedrock-Invocation-Latency": 0},
                    "body": "{\\"id\\":\\"msg_bdrk_<id>\\",\\"type\\":\\"message\\",\\"role\\":\\"assistant\\",\\"model\\":\\"claude-3-haiku-20240307\\",\\"content\\":[{\\"type\\":\\"text\\",\\"text\\":\\"Modelgate emulator reply to: Say hello to Modelgate.\\"}],\\"stop_reason\\":\\"end_turn\\",\\"stop_sequence\\":null,\\"usage\\":{\\"input_tokens\\":9,\\"output_tokens\\":10}}"},
                   "attempts": 1, "diagnosis": null},
                  {"stage": "MAP", "outcome": "PASSED", "latencyMs": 0,
                   "fields": [
                    {"field": "outputMapping.text", "path": "$.content[0].text", "outcome": "MAPPED",
                     "value": "Modelgate emulator reply to: Say hello to Modelgate.", "rule": null, "message": null, "available": []},
                    {"field": "outputMapping.inputTokens", "path": "$.usage.input_tokens", "outcome": "MAPPED", "value": 9,
                     "rule": null, "message": null, "available": []},
                    {"field": "outputMapping.outputTokens", "path": "$.usage.output_tokens", "outcome": "MAPPED", "value": 10,
                     "rule": null, "message": null, "available": []},
                    {"field": "outputMapping.extras.stopReason", "path": "$.stop_reason", "outcome": "MAPPED",
                     "value": "end_turn", "rule": null, "message": null, "available": []}],
                   "tokens": {"input": {"mapped": 9, "header": 9, "agree": true},
                              "output": {"mapped": 10, "header": 10, "agree": true}},
                   "warnings": [], "diagnosis": null}]}
                """.formatted(SESSION_PREFIX))));
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("READY");
        TenantSession session = cachedSession("ModelgateBedrockAccess");
        assertThat(reply.body()).doesNotContain(session.accessKeyId()).doesNotContain(session.secretAccessKey())
                .doesNotContain(session.sessionToken());
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).singleElement()
                .satisfies(call -> assertThat(call.header("authorization")).contains(session.accessKeyId()));
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).as("the role, then the probe without External ID")
                .hasSize(2);
    }

    @Test
    void test_savedModel_isAuditedWithItsOutcomeOnly_andNoSecret() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        jdbc.sql("DELETE FROM audit_events").update();

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        Api.Reply audit = api.get("/api/v1/audit?action=MODEL_TESTED");
        assertNoSecret(audit.body());
        JsonNode event = audit.json().get("items").get(0);
        assertThat(audit.json().get("total").intValue()).isEqualTo(1);
        assertThat(canonical(event.get("details"))).isEqualTo(canonical(JSON.readTree("""
                {"testRunId": "%s", "outcome": "PASSED", "failedStage": null, "diagnosisCode": null, "revision": 1,
                 "markedReady": true}""".formatted(answer.get("id").stringValue()))));
        assertThat(event.get("resourceId").stringValue()).isEqualTo(model.get("id").stringValue());
        assertThat(event.get("source").stringValue()).isEqualTo("127.0.0.1");
        assertThat(event.get("actor").stringValue()).isEqualTo(actor);
    }

    @Test
    void test_alwaysAssumesTheRoleAnew_evenWithASessionCached() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        TenantSession before = cachedSession("ModelgateBedrockAccess");

        answer(api.post(path(model) + "/test", "{}"));

        assertThat(cachedSession("ModelgateBedrockAccess").accessKeyId()).isNotEqualTo(before.accessKeyId());
    }

    @ParameterizedTest
    @CsvSource({
            "AMAZON_NOVA, amazon.nova-lite-v1:0",
            "AMAZON_TITAN_TEXT, amazon.titan-text-express-v1",
            "META_LLAMA, meta.llama3-8b-instruct-v1:0",
            "MISTRAL, mistral.mistral-7b-instruct-v0:2",
            "COHERE_COMMAND_R, cohere.command-r-v1:0",
            "AI21_JAMBA, ai21.jamba-1-5-mini-v1:0",
            "DEEPSEEK_R1, us.deepseek.r1-v1:0",
            "ANTHROPIC_CLAUDE, us.anthropic.claude-sonnet-4-20250514-v1:0"})
    void testDraft_eachPresetAsShipped_passes_withTokensAgreeingWithBedrocksHeaders(String family, String model) {
        JsonNode answer = answer(testDraft(preset(family, "m", "ModelgateBedrockAccess", "us-east-1", model)));

        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("PASSED");
        assertThat(stage(answer, "INVOKE").get("modelId").stringValue()).isEqualTo(model);
        JsonNode text = stage(answer, "MAP").get("fields").get(0);
        assertThat(text.get("value").stringValue()).contains("Say hello to Modelgate.");
        assertThat(stage(answer, "MAP").get("tokens").findValuesAsString("agree")).doesNotContain("false");
        assertThat(stage(answer, "MAP").get("warnings")).isEmpty();
    }

    @Test
    void test_givenVariables_overrideTheTestValues_othersKeepThem() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));

        JsonNode answer = answer(api.post(path(model) + "/test", """
                {"variables": {"prompt": "Is \\"it\\" working?", "max_tokens": 100}}"""));

        String body = stage(answer, "INVOKE").get("request").get("body").stringValue();
        assertThat(body).contains("\"max_tokens\": 100,", "\"temperature\": 0.2,", "\"system\": \"You are terse.\"",
                "\"text\": \"Is \\\"it\\\" working?\"");
        assertThat(stage(answer, "MAP").get("fields").get(0).get("value").stringValue())
                .isEqualTo("Modelgate emulator reply to: Is \"it\" working?");
    }

    @Test
    void test_modelChangedWhileTheTestRan_staysDraft_andTheAnswerSaysSo() throws Exception {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(1_500, 0, 0, 0));

        CompletableFuture<Api.Reply> test = CompletableFuture.supplyAsync(() -> api.post(path(model) + "/test", "{}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> aws.emulator().journal().ofOperation("AssumeRole").size() == 2);
        assertThat(api.put(path(model), draft.put("description", "changed"), "If-Match", "\"1\"").status()).isEqualTo(200);
        JsonNode answer = answer(test.get());

        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(answer.get("model")).isEqualTo(JSON.readTree("""
                {"id": "%s", "revision": 1, "status": "DRAFT", "markedReady": false,
                 "note": "revision 1 passed, but the model changed or was deleted during the Test, so it is no longer the current revision and nothing was marked READY; Test the current revision"}
                """.formatted(model.get("id").stringValue())));
        JsonNode now = api.get(path(model)).json();
        assertThat(now.get("revision").intValue()).isEqualTo(2);
        assertThat(now.get("status").stringValue()).isEqualTo("DRAFT");
    }

    @Test
    void test_failed_leavesAReadyModelReady_andIsRecordedWithItsDiagnosis() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        answer(api.post(path(model) + "/test", "{}"));
        aws.emulator().faults().enqueue(new dev.modelgate.emulator.faults.Fault(
                dev.modelgate.emulator.faults.FaultKind.MODEL_ERROR, 1, null, null, 0, null));

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(answer.get("model").get("status").stringValue()).isEqualTo("READY");
        assertThat(answer.get("model").get("markedReady").booleanValue()).isFalse();
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("READY");
        List<Map<String, Object>> rows = jdbc.sql("SELECT model_id, revision, model_name, outcome, failed_stage, "
                + "diagnosis_code, actor, role_arn, external_id, sts_endpoint FROM test_runs ORDER BY tested_at")
                .query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsAllEntriesOf(Map.of("MODEL_ID", model.get("id").stringValue(), "REVISION", 1L,
                "MODEL_NAME", "haiku", "OUTCOME", "FAILED", "FAILED_STAGE", "INVOKE", "DIAGNOSIS_CODE", "model-error",
                "ACTOR", actor, "ROLE_ARN", role("ModelgateBedrockAccess"), "EXTERNAL_ID", EXTERNAL_ID,
                "STS_ENDPOINT", "https://sts.us-east-1.amazonaws.com"));
        assertThat(rows.get(0)).containsEntry("OUTCOME", "PASSED").containsEntry("FAILED_STAGE", null);
    }

    @Test
    void tests_listTheLatestRunsNewestFirst_eachAsItWasAnswered() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        JsonNode first = answer(api.post(path(model) + "/test", "{}"));
        aws.emulator().faults().enqueue(dev.modelgate.emulator.faults.Fault.next(3,
                dev.modelgate.emulator.faults.FaultKind.THROTTLING));
        JsonNode second = answer(api.post(path(model) + "/test", "{}"));
        create(claude("other", "ModelgateBedrockAccess"));
        answer(testDraft(claude("draft", "ModelgateBedrockAccess")));

        Api.Reply all = api.get(path(model) + "/tests");
        Api.Reply latest = api.get(path(model) + "/tests?limit=1");

        assertThat(all.status()).isEqualTo(200);
        assertNoSecret(all.body());
        assertThat(all.json()).isEqualTo(JSON.createObjectNode().set("items", Api.array(second, first)));
        assertThat(latest.json()).isEqualTo(JSON.createObjectNode().set("items", Api.array(second)));
    }

    @Test
    void tests_recordedAnswerDeeperAndLongerThanARequestMayBe_isStillListed() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        // What a model answered is recorded as it came: a mapped extra may nest deeper, or hold longer numbers, than
        // the read limits of request bodies allow (100 levels, 100 digits).
        String deep = "[".repeat(150) + "1" + "]".repeat(150);
        String answer = "{\"outcome\": \"PASSED\", \"extra\": " + deep + ", \"big\": " + "9".repeat(120) + "}";
        runs.insert(new dev.modelgate.testrun.TestRunRecord(java.util.UUID.randomUUID().toString(), workspace().id(),
                model.get("id").stringValue(), 1L, "haiku", "PASSED", null, null, 1, 1, 1, 3,
                role("ModelgateBedrockAccess"), EXTERNAL_ID, "https://sts.us-east-1.amazonaws.com",
                java.time.Instant.now(), "test", answer));

        Api.Reply listed = api.get(path(model) + "/tests");

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("items")).singleElement()
                .satisfies(item -> assertThat(item.get("big").toString()).isEqualTo("9".repeat(120)));
    }

    @Test
    void tests_limitOutOfRange_is422NamingLimit() {
        String tests = path(create(claude("haiku", "ModelgateBedrockAccess"))) + "/tests";

        api.get(tests + "?limit=0").assertProblem(invalid(tests,
                violation("limit", "out-of-range", "limit must be between 1 and 50, got 0")));
        api.get(tests + "?limit=51").assertProblem(invalid(tests,
                violation("limit", "out-of-range", "limit must be between 1 and 50, got 51")));
    }

    @Test
    void test_unknownModel_is404_andCallsNothing() {
        String id = "0b9e4f5c-7d1a-4a43-9a55-3f3c9d6f1e27";
        String test = MODELS + "/" + id + "/test";

        api.post(test, "{}").assertProblem(problem(404, "not-found", "Not found", "no model with id " + id, test));
        api.get(MODELS + "/" + id + "/tests").assertProblem(problem(404, "not-found", "Not found",
                "no model with id " + id, MODELS + "/" + id + "/tests"));
        assertThat(aws.emulator().journal().all()).isEmpty();
    }

    @Test
    void testDraft_withoutAnOutputMapping_invokesTheModel_andLeavesTheMapStageWaitingForOne() {
        ObjectNode draft = claude("scratch", "ModelgateBedrockAccess");
        draft.remove("outputMapping");

        JsonNode answer = answer(testDraft(draft));

        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("PASSED");
        assertThat(stage(answer, "INVOKE").get("response").get("body").stringValue())
                .contains("Modelgate emulator reply to: Say hello to Modelgate.");
        JsonNode map = stage(answer, "MAP");
        assertThat(map.get("outcome").stringValue()).isEqualTo("SKIPPED");
        assertThat(map.get("fields")).isEmpty();
        assertThat(map.get("warnings").get(0).stringValue()).isEqualTo("No output mapping yet: map the output text "
                + "(and the token counts) from the raw answer, then Test again.");
        assertThat(answer.get("model").isNull()).isTrue();
    }

    @Test
    void testDraft_blankTextPath_isTestedTheSameWay() {
        ObjectNode draft = claude("scratch", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("outputMapping")).put("text", " ");

        JsonNode answer = answer(testDraft(draft));

        assertThat(stage(answer, "MAP").get("outcome").stringValue()).isEqualTo("SKIPPED");
        assertThat(stage(answer, "INVOKE").get("outcome").stringValue()).isEqualTo("PASSED");
    }

    @Test
    void testDraft_passes_withoutAModel_andIsRecordedWithoutOne() {
        JsonNode answer = answer(testDraft(claude("scratch", "ModelgateBedrockAccess")));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(answer.get("model").isNull()).isTrue();
        assertThat(answer.get("modelName").stringValue()).isEqualTo("scratch");
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
        Map<String, Object> row = jdbc.sql("SELECT model_id, revision, model_name, outcome, answer FROM test_runs")
                .query().singleRow();
        assertThat(row).containsEntry("MODEL_ID", null).containsEntry("REVISION", null)
                .containsEntry("MODEL_NAME", "scratch").containsEntry("OUTCOME", "PASSED");
        assertThat(JSON.readTree((String) row.get("ANSWER"))).isEqualTo(answer);
        assertNoSecret((String) row.get("ANSWER"));
    }

    @Test
    void testDraft_invalidDraft_is422NamingTheModelsFields_andCallsNothing() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        draft.remove("name");
        draft.put("roleArn", "arn:aws:iam::222222222222:user/someone");

        testDraft(draft).assertProblem(invalid(TEST, "2 fields are invalid; see violations",
                violation("model.name", "required", "name is required"),
                violation("model.roleArn", "arn-resource-type", "role ARN must name a role (arn:aws:iam::<12 digits>:role/<name>), "
                        + "got \"user\" in \"arn:aws:iam::222222222222:user/someone\"")));
        assertThat(aws.emulator().journal().all()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_runs").query(Long.class).single()).isZero();
    }

    @Test
    void testDraft_withoutModel_is422() {
        api.post(TEST, "{\"variables\": {}}").assertProblem(invalid(TEST, violation("model", "required",
                "model is required: the model configuration to test, as for create")));
    }

    @Test
    void test_requiredVariableWithoutValue_is422NamingIt_andCallsNothing() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("variables").get(1)).remove("testValue");
        String test = path(create(draft)) + "/test";

        api.post(test, "{}").assertProblem(invalid(test, violation("variables.prompt", "missing-variable",
                "variable \"prompt\" is required and has no default; give it a STRING value")));
        assertThat(aws.emulator().journal().all()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_runs").query(Long.class).single()).isZero();
    }

    @Test
    void test_valuesOfTheWrongTypeOrForNoVariable_are422NamingEach() {
        String test = path(create(claude("haiku", "ModelgateBedrockAccess"))) + "/test";

        api.post(test, "{\"variables\": {\"max_tokens\": \"many\", \"system.prompt\": 7, \"nope\": 1}}")
                .assertProblem(invalid(test, "3 fields are invalid; see violations",
                        violation("variables[\"system.prompt\"]", "wrong-type",
                                "variable \"system.prompt\" must be STRING (a JSON string), got the number 7"),
                        violation("variables.max_tokens", "wrong-type",
                                "variable \"max_tokens\" must be INTEGER (a JSON integer, without fraction or exponent), "
                                        + "got the string \"many\""),
                        violation("variables.nope", "unknown-variable",
                                "the template declares no variable named \"nope\"; remove it or declare it")));
    }

    @Test
    void checkRole_assumesTheRole_answersOnlyThatStage_andIsNotRecorded() {
        Api.Reply reply = api.post(MODELS + "/check-role", """
                {"roleArn": "%s", "region": "us-east-1"}""".formatted(role("ModelgateBedrockAccess")));

        JsonNode stage = answer(reply);
        assertThat(stage.get("stage").stringValue()).isEqualTo("ASSUME_ROLE");
        assertThat(stage.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(stage.get("externalIdRequired").booleanValue()).isTrue();
        assertThat(stage.get("stsEndpoint").stringValue()).isEqualTo("https://sts.us-east-1.amazonaws.com");
        assertThat(stage.get("assumedRoleArn").stringValue()).startsWith(SESSION_PREFIX);
        assertThat(Instant.parse(stage.get("sessionExpiresAt").stringValue()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(55)));
        TenantSession session = cachedSession("ModelgateBedrockAccess");
        assertThat(reply.body()).doesNotContain(session.accessKeyId()).doesNotContain(session.secretAccessKey())
                .doesNotContain(session.sessionToken());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM test_runs").query(Long.class).single()).isZero();
    }

    @Test
    void checkRole_roleTrustingSomeoneElse_is200WithTheDiagnosis() {
        JsonNode stage = answer(api.post(MODELS + "/check-role", """
                {"roleArn": "%s", "region": "eu-west-1", "stsEndpoint": "https://sts.eu-west-1.amazonaws.com"}"""
                .formatted(role("TrustsSomeoneElse"))));

        assertThat(stage.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("trust-policy-or-role");
        assertThat(stage.get("stsEndpoint").stringValue()).isEqualTo("https://sts.eu-west-1.amazonaws.com");
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).singleElement()
                .satisfies(call -> assertThat(call.header("authorization")).contains("/eu-west-1/sts/aws4_request"));
    }

    @Test
    void checkRole_invalidInput_is422NamingEachField() {
        String path = MODELS + "/check-role";

        api.post(path, "{\"roleArn\": \"arn:aws:iam::222222222222:user/x\"}").assertProblem(invalid(path,
                "2 fields are invalid; see violations",
                violation("roleArn", "arn-resource-type", "role ARN must name a role (arn:aws:iam::<12 digits>:role/<name>), got "
                        + "\"user\" in \"arn:aws:iam::222222222222:user/x\""),
                violation("region", "required", "region is required")));
        api.post(path, "{\"roleArn\": \"" + role("R") + "\", \"region\": \"us-east-1\", \"stsEndpoint\": "
                + "\"https://sts.example.com\"}").assertProblem(invalid(path, violation("stsEndpoint", "not-sts-host",
                "STS endpoint must be an AWS STS endpoint such as https://sts.us-east-1.amazonaws.com, but host "
                        + "\"sts.example.com\" is not one, got \"https://sts.example.com\"")));
        assertThat(aws.emulator().journal().all()).isEmpty();
    }
}
