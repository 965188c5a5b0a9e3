package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.model.ExternalModels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One failure, one code: the same fault of the emulator, met once by the model's Test and once by an agent invoking
 * the model, is diagnosed and answered with the same code, the one {@link ErrorCode} gives it (and the answer's
 * status is that code's).
 */
class ErrorCodesAgreeIT extends TestRunApiTestBase {

    private static final String SONNET_4 = "anthropic.claude-sonnet-4-20250514-v1:0";

    @Autowired
    ExternalModels models;

    @Test
    void modelTimingOut_isTimeout_forTheTestAndTheAgent() {
        ObjectNode draft = claude("timing-out", "ModelgateBedrockAccess");

        assertSameCode(draft, () -> aws.emulator().faults().enqueue(Fault.next(1, FaultKind.MODEL_TIMEOUT)),
                ErrorCode.TIMEOUT);
    }

    @Test
    void bodyBedrockRefuses_isBedrockValidation_forTheTestAndTheAgent() {
        ObjectNode draft = claude("refused-body", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("variables").get(2)).put("type", "STRING").put("defaultValue", "512")
                .put("testValue", "64");

        assertSameCode(draft, () -> { }, ErrorCode.BEDROCK_VALIDATION);
    }

    @Test
    void modelNotReadyAtBedrock_isModelNotReadyAtBedrock_forTheTestAndTheAgent() {
        ObjectNode draft = claude("loading", "ModelgateBedrockAccess");

        assertSameCode(draft, () -> aws.emulator().faults().enqueue(Fault.next(3, FaultKind.MODEL_NOT_READY)),
                ErrorCode.MODEL_NOT_READY_AT_BEDROCK);
    }

    @Test
    void throttledOnEveryAttempt_isThrottled_forTheTestAndTheAgent() {
        ObjectNode draft = claude("throttled", "ModelgateBedrockAccess");

        assertSameCode(draft, () -> aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING)),
                ErrorCode.THROTTLED);
    }

    @Test
    void modelOnlyServedThroughProfiles_isOnDemandNotSupported_forTheTestAndTheAgent() {
        ObjectNode draft = preset("ANTHROPIC_CLAUDE", "profiles-only", "ModelgateBedrockAccess", "us-east-1", SONNET_4);

        assertSameCode(draft, () -> { }, ErrorCode.ON_DEMAND_NOT_SUPPORTED);
    }

    @Test
    void modelNotOfferedInTheRegion_isModelNotAvailable_forTheTestAndTheAgent() {
        ObjectNode draft = preset("AI21_JAMBA", "not-offered", "ModelgateBedrockAccess", "eu-central-1",
                "ai21.jamba-1-5-mini-v1:0");

        assertSameCode(draft, () -> { }, ErrorCode.MODEL_NOT_AVAILABLE);
    }

    /** The Test of {@code draft}, then an invocation of it saved and Ready, each after {@code fault}. */
    private void assertSameCode(ObjectNode draft, Runnable fault, ErrorCode expected) {
        fault.run();
        JsonNode test = answer(testDraft(draft));
        assertThat(test.get("outcome").stringValue()).as("%s", test).isEqualTo("FAILED");
        String diagnosed = test.get("diagnosisCode").stringValue();

        JsonNode model = create(draft);
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
        fault.run();
        Api.Reply invoked = api.post(Api.MODELS + "/" + draft.get("name").stringValue() + "/invoke",
                Map.of("variables", Map.of("prompt", "Hi")));
        String type = invoked.json().get("type").stringValue();

        assertThat(type).as("the agent's answer %s", invoked.body()).isEqualTo(ErrorCode.TYPE_BASE + diagnosed);
        assertThat(diagnosed).isEqualTo(expected.code());
        assertThat(invoked.status()).isEqualTo(expected.status());
    }
}
