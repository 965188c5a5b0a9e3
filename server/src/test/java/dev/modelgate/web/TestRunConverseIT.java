package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Test of a Converse model: ASSUME_ROLE, INVOKE through Converse with the variables' test values (the request
 * and the answer shown as Converse's JSON), and ANSWER instead of MAP: the parsed text, tool calls, stop reason and
 * usage. A passed Test marks the model READY; it is metered like any Test.
 */
class TestRunConverseIT extends TestRunApiTestBase {

    static ObjectNode converse(String name, String role) {
        ObjectNode draft = ConverseApiIT.converseDraft(name, HAIKU);
        draft.put("roleArn", role(role));
        return draft;
    }

    @Test
    void test_savedConverseModel_passesAssumeRoleInvokeAndAnswer_marksItReady_andIsMetered() {
        UsageTables.deleteAll(jdbc);
        JsonNode model = create(converse("chat", "ModelgateBedrockAccess"));

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("outcome").stringValue()).as(answer.toString()).isEqualTo("PASSED");
        assertThat(answer.get("stages")).extracting(s -> s.get("stage").stringValue())
                .containsExactly("ASSUME_ROLE", "INVOKE", "ANSWER");
        JsonNode invoke = stage(answer, "INVOKE");
        JsonNode sent = Api.JSON.readTree(invoke.at("/request/body").stringValue());
        assertThat(sent.at("/messages/0/content/0/text").stringValue()).isEqualTo("Say hello to Modelgate.");
        assertThat(sent.at("/system/0/text").stringValue()).isEqualTo("You are terse.");
        assertThat(sent.at("/inferenceConfig/maxTokens").intValue()).isEqualTo(200);
        JsonNode received = Api.JSON.readTree(invoke.at("/response/body").stringValue());
        assertThat(received.get("stopReason").stringValue()).isEqualTo("end_turn");
        JsonNode bedrock = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getLast().body());
        assertThat(bedrock.at("/messages/0/content/0/text").stringValue()).isEqualTo("Say hello to Modelgate.");
        JsonNode parsed = stage(answer, "ANSWER");
        assertThat(parsed.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(parsed.get("text").stringValue()).isNotBlank()
                .isEqualTo(received.at("/output/message/content/0/text").stringValue());
        assertThat(parsed.get("stopReason").stringValue()).isEqualTo("end_turn");
        assertThat(parsed.get("toolCalls")).isEmpty();
        assertThat(parsed.at("/usage/inputTokens").longValue()).isPositive()
                .isEqualTo(received.at("/usage/inputTokens").longValue());
        assertThat(answer.at("/model/markedReady").booleanValue()).isTrue();
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("READY");
        List<Map<String, Object>> usage = jdbc.sql("SELECT kind, outcome, input_tokens, token_source FROM usage_records")
                .query().listOfRows();
        assertThat(usage).hasSize(1);
        assertThat(usage.getFirst()).containsEntry("KIND", "TEST").containsEntry("OUTCOME", "OK")
                .containsEntry("TOKEN_SOURCE", "CONVERSE")
                .containsEntry("INPUT_TOKENS", parsed.at("/usage/inputTokens").longValue());
    }

    @Test
    void test_converseDraft_withAPromptGiven_isTestedWithoutSaving_andAMaxTokensCutIsAWarning() {
        ObjectNode draft = converse("chat", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("converse").get("inferenceConfig")).put("maxTokens", 1);
        ObjectNode body = Api.JSON.createObjectNode();
        body.set("model", draft);
        body.putObject("variables").put("prompt", "Tell me a long story about the sea.");

        JsonNode answer = answer(api.post(TEST, body));

        assertThat(answer.get("outcome").stringValue()).as(answer.toString()).isEqualTo("PASSED");
        JsonNode parsed = stage(answer, "ANSWER");
        assertThat(parsed.get("stopReason").stringValue()).isEqualTo("max_tokens");
        assertThat(parsed.get("warnings").toString()).contains("maxTokens");
        JsonNode sent = Api.JSON.readTree(stage(answer, "INVOKE").at("/request/body").stringValue());
        assertThat(sent.at("/messages/0/content/0/text").stringValue()).isEqualTo("Tell me a long story about the sea.");
        assertThat(api.get(Api.MODELS).json().get("totalItems").longValue()).isZero();
    }

    @Test
    void test_converseModel_roleWithoutBedrockAccess_failsInvokeWithTheDiagnosis_andSkipsAnswer() {
        JsonNode model = create(converse("chat", "NoBedrockAccess"));

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).isEqualTo("INVOKE");
        assertThat(diagnosis(answer, "INVOKE").get("code").stringValue()).isEqualTo("bedrock-access-denied");
        assertThat(stage(answer, "ANSWER").get("outcome").stringValue()).isEqualTo("SKIPPED");
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("DRAFT");
    }

    @Test
    void guardrail_onAConverseModel_isSentAsGuardrailConfig_andItsInterventionIsAnOutcome_andFailsTheTest() {
        UsageTables.deleteAll(jdbc);
        ObjectNode draft = converse("guarded", "GuardedAccess");
        draft.putObject("options").putObject("guardrail").put("identifier", "mgdemoguard1").put("version", "1");
        JsonNode model = create(draft);
        // Live without a Test (its Test fails, which is what it shows).
        jdbc.sql("UPDATE external_models SET status = 'READY', live_revision = 1, live_name = name WHERE id = ?")
                .param(model.get("id").stringValue()).update();
        modelRepository.invalidateAll();

        Api.Reply reply = api.post(Api.MODELS + "/guarded/invoke", Map.of("variables", Map.of("prompt", "BLOCKME now")));
        JsonNode test = answer(api.post(TEST, Api.JSON.createObjectNode().<ObjectNode>set("model", draft)
                .set("variables", Api.JSON.createObjectNode().put("prompt", "please BLOCKME"))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("outcome").stringValue()).isEqualTo("GUARDRAIL_INTERVENED");
        assertThat(reply.json().at("/output/stopReason").stringValue()).isEqualTo("guardrail_intervened");
        JsonNode sent = Api.JSON.readTree(aws.emulator().journal().ofOperation("Converse").getFirst().body());
        assertThat(sent.at("/guardrailConfig/guardrailIdentifier").stringValue()).isEqualTo("mgdemoguard1");
        assertThat(sent.at("/guardrailConfig/guardrailVersion").stringValue()).isEqualTo("1");
        assertThat(test.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(test.get("failedStage").stringValue()).isEqualTo("INVOKE");
        assertThat(test.get("diagnosisCode").stringValue()).isEqualTo("guardrail-intervened");
        assertThat(jdbc.sql("SELECT kind, outcome FROM usage_records ORDER BY kind").query().listOfRows())
                .extracting(r -> r.get("KIND") + " " + r.get("OUTCOME"))
                .containsExactly("INVOKE GUARDRAIL_INTERVENED", "TEST GUARDRAIL_INTERVENED");
    }
}
