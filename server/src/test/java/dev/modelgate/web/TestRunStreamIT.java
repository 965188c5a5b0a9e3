package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Test's STREAM stage, for a model whose output mapping has a stream part: the answer streamed once, its chunks
 * shown raw and decoded, the stream mapping applied, compared with the non-streamed answer and Bedrock's metrics; a
 * stream mapping that does not fit keeps the model from READY, and so from being streamed.
 */
class TestRunStreamIT extends TestRunApiTestBase {

    private static final String STREAM_OP = "InvokeModelWithResponseStream";

    @BeforeEach
    void noUsage() {
        UsageTables.deleteAll(jdbc);
    }

    @Test
    void test_modelWithAStreamMapping_streamsOnce_showsTheChunks_andPassesAsTheNonStreamedAnswerDoes() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(answer.get("stages")).extracting(s -> s.get("stage").stringValue())
                .containsExactly("ASSUME_ROLE", "INVOKE", "MAP", "STREAM");
        JsonNode stream = stage(answer, "STREAM");
        assertThat(stream.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(stream.get("requestId").stringValue())
                .isEqualTo(aws.emulator().journal().ofOperation(STREAM_OP).getLast().requestId());
        JsonNode chunks = stream.get("chunks");
        assertThat(chunks.size()).isEqualTo(stream.get("chunkCount").intValue()).isGreaterThan(3);
        assertThat(chunks.get(0).get("decoded").get("type").stringValue()).isEqualTo("message_start");
        for (JsonNode chunk : chunks) {
            assertThat(Api.parse(new String(Base64.getDecoder().decode(chunk.get("raw").stringValue()))))
                    .isEqualTo(chunk.get("decoded"));
        }
        String mapped = stage(answer, "MAP").get("fields").get(0).get("value").stringValue();
        assertThat(stream.get("text").stringValue()).isEqualTo(mapped);
        assertThat(stream.get("fields")).extracting(f -> f.get("field").stringValue() + " " + f.get("outcome").stringValue())
                .containsExactly("outputMapping.stream.text MAPPED", "outputMapping.stream.inputTokens MAPPED",
                        "outputMapping.stream.outputTokens MAPPED");
        assertThat(stream.get("tokens").get("input").get("agree").booleanValue()).isTrue();
        assertThat(stream.get("tokens").get("output").get("agree").booleanValue()).isTrue();
        assertThat(stream.get("warnings")).isEmpty();
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("READY");
        assertThat(jdbc.sql("SELECT kind, outcome, request_id FROM usage_records ORDER BY request_id").query()
                .listOfRows()).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("KIND", "TEST")
                .containsEntry("OUTCOME", "OK"));
    }

    @Test
    void test_streamMappingThatFitsNoChunk_failsTheStreamStage_precisely_andTheModelIsNotStreamed() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("outputMapping").get("stream")).put("text", "$.content[0].text");
        JsonNode model = create(draft);

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).isEqualTo("STREAM");
        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("mapping-matched-nothing");
        assertThat(stage(answer, "MAP").get("outcome").stringValue()).isEqualTo("PASSED");
        JsonNode diagnosis = diagnosis(answer, "STREAM");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("outputMapping.stream.text ($.content[0].text) "
                + "selected nothing.");
        assertThat(diagnosis.get("fixes").get(0).stringValue()).startsWith("Fix outputMapping.stream.text "
                + "($.content[0].text): outputMapping.stream.text: $.content[0].text selected nothing in any of the ");
        assertThat(diagnosis.get("fixes").toString()).contains("the chunks are shown in the STREAM stage")
                .contains("$.delta.text");
        assertThat(api.get(path(model)).json().get("status").stringValue()).isEqualTo("DRAFT");
        try (EventStream stream = api.stream(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            assertThat(stream.status()).isEqualTo(409);
            assertThat(Api.parse(stream.text()).get("type").stringValue())
                    .isEqualTo("https://modelgate.dev/problems/model-not-ready");
        }
    }

    @Test
    void test_streamFailingMidway_failsTheStreamStage_withTheModelStreamDiagnosis() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));
        aws.emulator().faults().enqueue(new Fault(FaultKind.MID_STREAM_EXCEPTION, 1, null, STREAM_OP, 3, null));

        JsonNode answer = answer(api.post(path(model) + "/test", "{}"));

        assertThat(answer.get("failedStage").stringValue()).isEqualTo("STREAM");
        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("model-stream-error");
        JsonNode stream = stage(answer, "STREAM");
        assertThat(stream.get("chunkCount").intValue()).isEqualTo(3);
        assertThat(stream.get("chunks")).hasSize(3);
        assertThat(jdbc.sql("SELECT outcome FROM usage_records").query(String.class).list())
                .containsExactlyInAnyOrder("OK", "model-stream-error"); // InvokeModel, then the stream
    }

    @Test
    void test_modelWithoutAStreamMapping_hasNoStreamStage() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        ((ObjectNode) draft.get("outputMapping")).remove("stream");

        JsonNode answer = answer(testDraft(draft));

        assertThat(answer.get("stages")).hasSize(3);
        assertThat(aws.emulator().journal().ofOperation(STREAM_OP)).isEmpty();
    }
}
