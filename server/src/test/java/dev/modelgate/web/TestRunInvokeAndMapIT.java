package dev.modelgate.web;

import static dev.modelgate.web.Api.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every diagnosis of the INVOKE and MAP stages, each caused for real: a role of {@code worlds/testrun.yaml}, a model
 * the Region does not offer as asked, a body Bedrock refuses, an emulator fault or latency, a mapping that misses.
 */
class TestRunInvokeAndMapIT extends TestRunApiTestBase {

    private static final String SONNET_4 = "anthropic.claude-sonnet-4-20250514-v1:0";
    private static final String US_HAIKU = "us." + HAIKU;

    /** A Test of {@code draft} that failed at {@code stage}: that stage, after checking what ran before and after. */
    private JsonNode failed(ObjectNode draft, String stageName) {
        JsonNode answer = answer(testDraft(draft));
        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).as("%s", answer).isEqualTo(stageName);
        assertThat(stage(answer, "ASSUME_ROLE").get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(stage(answer, "MAP").get("outcome").stringValue()).isEqualTo(stageName.equals("MAP") ? "FAILED" : "SKIPPED");
        JsonNode stage = stage(answer, stageName);
        assertThat(answer.get("diagnosisCode")).isEqualTo(stage.get("diagnosis").get("code"));
        return stage;
    }

    private JsonNode failedInvoke(ObjectNode draft) {
        return failed(draft, "INVOKE");
    }

    private static String sessionArn(String role, String workspace) {
        return "arn:aws:sts::222222222222:assumed-role/" + role + "/modelgate-" + workspace;
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::stringValue).toList();
    }

    // --- INVOKE -----------------------------------------------------------------------------------------------

    @Test
    void roleWithoutBedrockPermission_isBedrockAccessDenied_withTheStatementItNeeds_andBedrocksAnswerVerbatim() {
        JsonNode stage = failedInvoke(claude("m", "NoBedrockAccess"));

        String model = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU;
        String message = "User: " + sessionArn("NoBedrockAccess", workspace().id()) + " is not authorized to "
                + "perform: bedrock:InvokeModel on resource: " + model + " because no identity-based policy allows "
                + "the bedrock:InvokeModel action";
        JsonNode response = stage.get("response");
        assertThat(response.get("status").intValue()).isEqualTo(403);
        assertThat(response.get("body").stringValue()).isEqualTo(JSON.createObjectNode().put("message", message).toString());
        assertThat(response.get("headers").get("x-amzn-ErrorType").stringValue())
                .isEqualTo("AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        assertThat(stage.get("attempts").intValue()).isEqualTo(1);
        assertThat(stage.get("diagnosis")).isEqualTo(JSON.readTree("""
                {"code": "bedrock-access-denied", "title": "The role may not invoke the model",
                 "detail": "Bedrock refused the role %1$s: it may not call bedrock:InvokeModel on %2$s. The role's permission policy must allow it.",
                 "fixes": [
                   "Allow the role bedrock:InvokeModel on the model with this permission policy statement:\\n{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [\\n    {\\n      \\"Sid\\": \\"ModelgateInvoke\\",\\n      \\"Effect\\": \\"Allow\\",\\n      \\"Action\\": \\"bedrock:InvokeModel\\",\\n      \\"Resource\\": \\"%2$s\\"\\n    }\\n  ]\\n}",
                   "With the AWS CLI: aws iam put-role-policy --role-name NoBedrockAccess --policy-name ModelgateInvoke --policy-document '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"ModelgateInvoke\\",\\"Effect\\":\\"Allow\\",\\"Action\\":\\"bedrock:InvokeModel\\",\\"Resource\\":\\"%2$s\\"}]}'"],
                 "suggestions": [], "locations": [], "evidence": [],
                 "aws": {"errorCode": "AccessDeniedException", "message": "%3$s", "status": 403, "requestId": "%4$s"}}
                """.formatted(role("NoBedrockAccess"), model, message,
                response.get("headers").get("x-amzn-RequestId").stringValue())));
    }

    @Test
    void profileAllowedButNotItsModel_isBedrockAccessDenied_namingTheProfileAndItsModelInEachRegion() {
        JsonNode stage = failedInvoke(preset("ANTHROPIC_CLAUDE", "m", "ProfilesWithoutModels", "us-east-1", US_HAIKU));

        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("aws").get("message").stringValue())
                .contains("on resource: arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
        assertThat(diagnosis.get("detail").stringValue()).endsWith("Through an inference profile the role needs it on "
                + "the profile and on the model in each Region the profile routes to.");
        assertThat(diagnosis.get("fixes").get(1).stringValue()).endsWith(("\"Resource\":["
                + "\"arn:aws:bedrock:us-east-1:222222222222:inference-profile/%1$s\","
                + "\"arn:aws:bedrock:us-east-1::foundation-model/%2$s\","
                + "\"arn:aws:bedrock:us-east-2::foundation-model/%2$s\","
                + "\"arn:aws:bedrock:us-west-2::foundation-model/%2$s\"]}]}'").formatted(US_HAIKU, HAIKU));
    }

    @Test
    void profileWithARoleThatMayNotReadIt_namesItsModelInEveryRegion() {
        JsonNode stage = failedInvoke(preset("ANTHROPIC_CLAUDE", "m", "NoBedrockAccess", "us-east-1", US_HAIKU));

        assertThat(stage.get("diagnosis").get("fixes").get(1).stringValue()).endsWith("\"Resource\":["
                + "\"arn:aws:bedrock:us-east-1:222222222222:inference-profile/" + US_HAIKU + "\","
                + "\"arn:aws:bedrock:*::foundation-model/" + HAIKU + "\"]}]}'");
    }

    @Test
    void modelNotOfferedInTheRegion_isModelNotAvailable_listingWhatTheRegionOffers() {
        JsonNode stage = failedInvoke(preset("AI21_JAMBA", "m", "ModelgateBedrockAccess", "eu-central-1",
                "ai21.jamba-1-5-mini-v1:0"));

        List<String> offered = List.of(HAIKU, "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0",
                "amazon.titan-text-express-v1", "amazon.titan-text-lite-v1");
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("model-not-available");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The model is not available in eu-central-1");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock does not offer ai21.jamba-1-5-mini-v1:0 "
                + "in eu-central-1 to this account (\"The provided model identifier is invalid.\" is AWS's answer for a "
                + "model ID it cannot use in the Region).");
        assertThat(strings(diagnosis.get("suggestions"))).isEqualTo(offered);
        assertThat(strings(diagnosis.get("fixes"))).containsExactly("Choose a model Bedrock offers on demand in "
                + "eu-central-1: " + String.join(", ", offered), "Or keep the model and choose a Region that offers it.");
        assertThat(aws.emulator().journal().ofOperation("ListFoundationModels")).singleElement()
                .satisfies(call -> assertThat(call.caller()).contains("assumed-role/ModelgateBedrockAccess/"));
    }

    @Test
    void modelNotOfferedInTheRegion_roleThatMayNotList_saysSoPlainly() {
        JsonNode stage = failedInvoke(preset("AI21_JAMBA", "m", "InvokeOnly", "eu-central-1", "ai21.jamba-1-5-mini-v1:0"));

        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("suggestions")).isEmpty();
        assertThat(diagnosis.get("fixes").get(0).stringValue()).isEqualTo("The role may not call "
                + "bedrock:ListFoundationModels, so Modelgate cannot list the models offered in eu-central-1 (User: "
                + sessionArn("InvokeOnly", workspace().id()) + " is not authorized to perform: "
                + "bedrock:ListFoundationModels because no identity-based policy allows the "
                + "bedrock:ListFoundationModels action). Allow it bedrock:ListFoundationModels to see them here.");
    }

    @Test
    void modelOnlyServedThroughProfiles_isOnDemandNotSupported_listingTheRegionsProfilesThatContainIt() {
        JsonNode stage = failedInvoke(preset("ANTHROPIC_CLAUDE", "m", "ModelgateBedrockAccess", "us-east-1", SONNET_4));

        assertThat(stage.get("response").get("status").intValue()).isEqualTo(400);
        assertThat(stage.get("diagnosis")).isEqualTo(JSON.readTree("""
                {"code": "on-demand-not-supported", "title": "The model is served only through inference profiles",
                 "detail": "Bedrock serves %1$s in us-east-1 only through an inference profile, not by its own ID (\\"%2$s\\").",
                 "fixes": [
                   "Use one of these inference profiles of us-east-1 that contain %1$s as the model reference: us.%1$s, global.%1$s",
                   "The role needs bedrock:InvokeModel on the profile and on %1$s in each Region the profile routes to."],
                 "suggestions": ["us.%1$s", "global.%1$s"], "locations": [], "evidence": [],
                 "aws": {"errorCode": "ValidationException", "message": "%2$s", "status": 400, "requestId": "%3$s"}}
                """.formatted(SONNET_4, "Invocation of model ID " + SONNET_4 + " with on-demand throughput isn't "
                        + "supported. Retry your request with the ID or ARN of an inference profile that contains "
                        + "this model.", stage.get("response").get("headers").get("x-amzn-RequestId").stringValue())));
    }

    @Test
    void modelOnlyServedThroughProfiles_roleThatMayNotListThem_saysSoPlainly() {
        JsonNode stage = failedInvoke(preset("ANTHROPIC_CLAUDE", "m", "InvokeOnly", "us-east-1", SONNET_4));

        assertThat(stage.get("diagnosis").get("fixes").get(0).stringValue()).startsWith("The role may not call "
                + "bedrock:ListInferenceProfiles, so Modelgate cannot list the inference profiles that contain "
                + SONNET_4 + " in us-east-1 (");
    }

    @Test
    void variableOfTheWrongTypeForTheModel_isBedrockValidation_namingTheVariableAndItsPlaceInTheTemplate() {
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("variables").get(2)).put("type", "STRING").put("defaultValue", "512")
                .put("testValue", "64");

        JsonNode stage = failedInvoke(draft);

        String message = "Malformed input request: #: subject must not be valid against schema "
                + "{\"required\":[\"messages\"]}#/max_tokens: expected type: Integer, found: String, please reformat "
                + "your input and try again.";
        assertThat(stage.get("request").get("body").stringValue()).contains("\"max_tokens\": \"64\",");
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("bedrock-validation");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock refused the request body: " + message
                + " Likely at fault: variable \"max_tokens\".");
        assertThat(strings(diagnosis.get("fixes"))).containsExactly("The value of variable \"max_tokens\" (STRING), "
                        + "inserted at line 3, column 3 of the request template, is at fault: expected type: Integer, "
                        + "found: String; it was \"64\".",
                "Preview the rendered body, fix the template or the variable values, and run the Test again.");
        assertThat(diagnosis.get("locations")).isEqualTo(JSON.readTree("""
                [{"pointer": "/max_tokens", "problem": "expected type: Integer, found: String", "line": 3, "column": 3,
                  "variables": ["max_tokens"]}]"""));
        assertThat(diagnosis.get("aws").get("message").stringValue()).isEqualTo(message);
    }

    @Test
    void templateWithoutARequiredKey_isBedrockValidation_pointingAtTheObject() {
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        draft.put("requestTemplate", draft.get("requestTemplate").stringValue()
                .replace("  \"max_tokens\": {{max_tokens}},\n", ""));

        JsonNode diagnosis = failedInvoke(draft).get("diagnosis");

        assertThat(diagnosis.get("fixes").get(0).stringValue()).isEqualTo("Add \"max_tokens\" to the object at line 1, "
                + "column 1 of the request template; the template declares a variable \"max_tokens\": write "
                + "\"max_tokens\": {{max_tokens}}.");
        assertThat(diagnosis.get("locations")).isEqualTo(JSON.readTree("""
                [{"pointer": "", "problem": "required key [max_tokens] not found", "line": 1, "column": 1,
                  "variables": []}]"""));
    }

    @Test
    void templateWithAKeyTheModelDoesNotAccept_isBedrockValidation_pointingAtIt() {
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        draft.put("requestTemplate", draft.get("requestTemplate").stringValue()
                .replace("  \"temperature\"", "  \"top_x\": 3,\n  \"temperature\""));

        JsonNode diagnosis = failedInvoke(draft).get("diagnosis");

        assertThat(diagnosis.get("fixes").get(0).stringValue())
                .isEqualTo("Remove \"top_x\" at line 5, column 3 of the request template: the model does not accept it.");
        assertThat(diagnosis.get("locations").get(0).get("pointer").stringValue()).isEqualTo("/top_x");
    }

    @Test
    void throttledOnEveryAttempt_isThrottled() {
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));

        JsonNode stage = failedInvoke(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("attempts").intValue()).isEqualTo(3);
        assertThat(stage.get("response").get("status").intValue()).isEqualTo(429);
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("throttled");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock refused " + HAIKU + " in us-east-1 for "
                + "exceeding a quota, 3 attempts in a row: Too many requests, please wait before trying again.");
    }

    @Test
    void noAnswerWithinTheModelsTotalTimeout_isTimeout() {
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(3_000, 0, 0, 0));
        ObjectNode draft = claude("m", "ModelgateBedrockAccess");
        draft.putObject("timeouts").put("connectMillis", 200).put("totalMillis", 1_000);

        JsonNode stage = failedInvoke(draft);

        assertThat(stage.get("response").isNull()).isTrue();
        assertThat(stage.get("latencyMs").longValue()).isBetween(900L, 2_900L);
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("timeout");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Bedrock did not answer within the model's total "
                + "timeout of 1000 ms (connect timeout 200 ms, 1 attempt).");
        assertThat(diagnosis.get("aws").isNull()).isTrue();
    }

    @Test
    void modelTimingOutItself_isTimeout_inBedrocksWords() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_TIMEOUT));

        JsonNode diagnosis = failedInvoke(claude("m", "ModelgateBedrockAccess")).get("diagnosis");

        assertThat(diagnosis.get("code").stringValue()).isEqualTo("timeout");
        assertThat(diagnosis.get("detail").stringValue()).startsWith("The model itself timed out (Model has timed out "
                + "in processing the request. Try your request again.)");
    }

    @Test
    void modelNotReadyOnEveryAttempt_isModelNotReadyAtBedrock() {
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.MODEL_NOT_READY));

        JsonNode stage = failedInvoke(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("model-not-ready-at-bedrock");
        assertThat(stage.get("attempts").intValue()).isEqualTo(3);
    }

    @Test
    void modelFailing_isModelError() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_ERROR));

        JsonNode stage = failedInvoke(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("response").get("status").intValue()).isEqualTo(424);
        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("model-error");
        assertThat(stage.get("diagnosis").get("aws").get("errorCode").stringValue()).isEqualTo("ModelErrorException");
    }

    @Test
    void bedrockFailingOnEveryAttempt_isBedrockUnavailable() {
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.SERVICE_UNAVAILABLE));

        JsonNode stage = failedInvoke(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("bedrock-unavailable");
        assertThat(stage.get("response").get("status").intValue()).isEqualTo(503);
    }

    @Test
    void answerThatIsNotJson_isInvalidResponse_showingItVerbatim() {
        aws.emulator().faults().enqueue(Fault.next(1, FaultKind.NON_JSON_BODY));

        JsonNode stage = failedInvoke(claude("m", "ModelgateBedrockAccess"));

        assertThat(stage.get("response").get("status").intValue()).isEqualTo(200);
        assertThat(stage.get("response").get("body").stringValue()).startsWith("<");
        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("invalid-response");
    }

    // --- MAP --------------------------------------------------------------------------------------------------

    private static ObjectNode mapping(ObjectNode draft, String field, String path) {
        ((ObjectNode) draft.get("outputMapping")).put(field, path);
        return draft;
    }

    @Test
    void textPathMatchingNothing_isMappingMatchedNothing_listingThePathsTheAnswerHas() {
        JsonNode stage = failed(mapping(claude("m", "ModelgateBedrockAccess"), "text", "$.content[0].txt"), "MAP");

        JsonNode text = stage.get("fields").get(0);
        assertThat(text.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(text.get("rule").stringValue()).isEqualTo("no-match");
        assertThat(strings(text.get("available"))).containsExactly("$.content[0].type", "$.content[0].text");
        assertThat(stage.get("fields").get(1).get("outcome").stringValue()).isEqualTo("MAPPED");
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("mapping-matched-nothing");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("A mapping path matched nothing");
        assertThat(diagnosis.get("detail").stringValue())
                .isEqualTo("outputMapping.text ($.content[0].txt) selected nothing.");
        assertThat(strings(diagnosis.get("fixes"))).containsExactly(
                "Fix outputMapping.text ($.content[0].txt): " + text.get("message").stringValue(),
                "Choose from the paths the answer has (the suggestions).",
                "Then run the Test again; the raw answer is shown in the INVOKE stage.");
        assertThat(strings(diagnosis.get("suggestions"))).containsExactly("$.content[0].type", "$.content[0].text");
        assertThat(stage.get("tokens").get("input")).isEqualTo(JSON.readTree("{\"mapped\": 9, \"header\": 9, \"agree\": true}"));
    }

    @Test
    void tokenPathSelectingAnObject_isMappingNotATokenCount() {
        JsonNode stage = failed(mapping(claude("m", "ModelgateBedrockAccess"), "inputTokens", "$.usage"), "MAP");

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("mapping-not-a-token-count");
        assertThat(stage.get("tokens").get("input")).isEqualTo(JSON.readTree("{\"mapped\": null, \"header\": 9, \"agree\": null}"));
    }

    @Test
    void tokenPathSelectingSeveralValues_isMappingMultipleMatches() {
        JsonNode stage = failed(mapping(claude("m", "ModelgateBedrockAccess"), "outputTokens", "$.usage.*"), "MAP");

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("mapping-multiple-matches");
        assertThat(strings(stage.get("fields").get(2).get("available")))
                .containsExactly("$.usage.input_tokens", "$.usage.output_tokens");
    }

    @Test
    void textPathSelectingAnObject_isMappingNotText() {
        JsonNode stage = failed(mapping(claude("m", "ModelgateBedrockAccess"), "text", "$.usage"), "MAP");

        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("mapping-not-text");
    }

    @Test
    void tokenCountDisagreeingWithBedrocksHeader_warnsButPasses() {
        JsonNode answer = answer(testDraft(mapping(claude("m", "ModelgateBedrockAccess"), "inputTokens",
                "$.usage.output_tokens")));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
        JsonNode map = stage(answer, "MAP");
        assertThat(map.get("tokens").get("input")).isEqualTo(JSON.readTree("{\"mapped\": 10, \"header\": 9, \"agree\": false}"));
        assertThat(strings(map.get("warnings"))).containsExactly("outputMapping.inputTokens read 10 input tokens, but "
                + "Bedrock's X-Amzn-Bedrock-Input-Token-Count says 9; check that the path reads the input token count.");
    }

    @Test
    void textPathTooCostlyForTheAnswer_isMappingTooCostly_namingThePathAndTheBudget() {
        ObjectNode draft = mapping(claude("m", "ModelgateBedrockAccess"), "text", "$.content[?search(@.text, '(a+)+c')].text");
        ((ObjectNode) draft.get("variables").get(1)).put("testValue", "a".repeat(5_000));

        JsonNode stage = failed(draft, "MAP");

        String message = "outputMapping.text: $.content[?search(@.text, '(a+)+c')].text is too costly to evaluate on"
                + " this document: it needed more than 1,000,000 regex steps (characters read by match() and search()),"
                + " the fixed budget of one evaluation; select with child segments and filters on the current node"
                + " (@.type == 'text') rather than searching the whole document ($ or ..) inside filters";
        JsonNode text = stage.get("fields").get(0);
        assertThat(text.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(text.get("rule").stringValue()).isEqualTo("mapping-too-costly");
        assertThat(text.get("message").stringValue()).isEqualTo(message);
        assertThat(stage.get("fields").get(1).get("outcome").stringValue()).isEqualTo("MAPPED");
        JsonNode diagnosis = stage.get("diagnosis");
        assertThat(diagnosis.get("code").stringValue()).isEqualTo("mapping-too-costly");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("A mapping path is too costly to evaluate on the answer");
        assertThat(diagnosis.get("detail").stringValue())
                .isEqualTo("outputMapping.text ($.content[?search(@.text, '(a+)+c')].text) is too costly to evaluate.");
        assertThat(strings(diagnosis.get("fixes"))).containsExactly(
                "Fix outputMapping.text ($.content[?search(@.text, '(a+)+c')].text): " + message,
                "Then run the Test again; the raw answer is shown in the INVOKE stage.");
    }

    @Test
    void draftSearchingTheWholeDocumentInFiltersEightLevelsDeep_is422JsonPathTooCostly_andCallsNothing() {
        String nested = "$..[?".repeat(7) + "$..[?@.a]" + "]".repeat(7);

        testDraft(mapping(claude("m", "ModelgateBedrockAccess"), "text", nested)).assertProblem(Api.invalid(TEST,
                Api.violation("model.outputMapping.text", "jsonpath-too-costly", "outputMapping.text is too costly a JSONPath"
                        + " at column 26: filters nest queries that search the whole document ($ with a wildcard,"
                        + " slice, filter or '..', or any '..' segment) 3 levels deep from $..[?$..[?$..[?@.a]]]; at"
                        + " most 2 levels are allowed, since each multiplies the work by the document's size. Inside"
                        + " a filter, use queries relative to the current node (@.type, @[*],"
                        + " @.content[?@.type == 'text']) or singular ones ($.a.b)", 1, 26)));
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
    }
}
