package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testrun.StageResult.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The recorded answer stays under its limit: large bodies and values are cut, and say so. */
class RecordedAnswersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestRun run(String requestBody, String responseBody, String text) {
        AssumeRoleStage assumed = new AssumeRoleStage(Outcome.PASSED, 40, "arn:aws:iam::222222222222:role/R",
                "mg-acme", "https://sts.us-east-1.amazonaws.com", "modelgate-w", "arn:aws:sts::222222222222:assumed-role/R/modelgate-w",
                Instant.parse("2026-11-24T11:00:00Z"), "req-1", true, null);
        InvokeStage invoked = new InvokeStage(Outcome.PASSED, 120, "us-east-1", "m",
                new InvokeStage.Request("application/json", requestBody, requestBody.length()),
                new InvokeStage.Response(200, Map.of("Content-Type", "application/json"), responseBody,
                        responseBody.length()), 1, null);
        MapStage mapped = new MapStage(Outcome.PASSED, 1, List.of(new MapStage.Field("outputMapping.text",
                "$.text", MapStage.FieldOutcome.MAPPED, JsonNodeFactory.instance.stringNode(text), null, null,
                List.of())), new MapStage.Tokens(MapStage.TokenCount.of(3L, 3L), MapStage.TokenCount.of(5L, 5L)),
                List.of(), null);
        return new TestRun("7e57a1b2-0000-4000-8000-000000000001", TestRun.Outcome.PASSED, null, null, "m", null,
                Instant.parse("2026-11-24T10:00:00Z"), 161, List.of(assumed, invoked, mapped));
    }

    @Test
    void write_answerUnderTheLimit_isTheAnswerAsItIs() {
        TestRun run = run("{\"p\":\"hi\"}", "{\"text\":\"hello\"}", "hello");

        String written = RecordedAnswers.write(JSON, run, 10_000);

        assertThat(written).isEqualTo(JSON.writeValueAsString(run));
    }

    @Test
    void write_answerOverTheLimit_cutsTheBodiesAndTheValues_andMarksEachCut() {
        String large = "x".repeat(100_000);
        TestRun run = run("{\"p\":\"" + large + "\"}", "{\"text\":\"" + large + "\"}", large);

        String written = RecordedAnswers.write(JSON, run, 80_000);

        assertThat(written.length()).isLessThanOrEqualTo(80_000);
        JsonNode answer = JSON.readTree(written);
        assertThat(answer.get("truncated").booleanValue()).isTrue();
        JsonNode invoke = answer.get("stages").get(1);
        assertThat(invoke.get("request").get("body").stringValue()).hasSize(RecordedAnswers.BODY_CHARS);
        assertThat(invoke.get("request").get("bodyTruncated").booleanValue()).isTrue();
        assertThat(invoke.get("request").get("bodyLength").intValue()).isEqualTo(100_008);
        assertThat(invoke.get("response").get("bodyTruncated").booleanValue()).isTrue();
        JsonNode text = answer.get("stages").get(2).get("fields").get(0);
        assertThat(text.get("value").stringValue()).hasSize(RecordedAnswers.VALUE_CHARS);
        assertThat(text.get("valueTruncated").booleanValue()).isTrue();
        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
    }

    @Test
    void write_answerStillTooLongAfterTheCuts_keepsTheSummaryWithoutStages() {
        TestRun run = run("{}", "{}", "ok");

        String written = RecordedAnswers.write(JSON, run, 400);

        JsonNode answer = JSON.readTree(written);
        assertThat(answer.get("truncated").booleanValue()).isTrue();
        assertThat(answer.get("stages")).isEmpty();
        assertThat(answer.get("id").stringValue()).isEqualTo(run.id());
        assertThat(answer.get("outcome").stringValue()).isEqualTo("PASSED");
    }

    @Test
    void write_cutNeverSplitsASurrogatePair() {
        String body = "a".repeat(RecordedAnswers.BODY_CHARS - 1) + "😀" + "b".repeat(50_000);
        TestRun run = run(body, "{}", "ok");

        JsonNode answer = JSON.readTree(RecordedAnswers.write(JSON, run, 40_000));

        assertThat(answer.get("stages").get(1).get("request").get("body").stringValue())
                .hasSize(RecordedAnswers.BODY_CHARS - 1).doesNotContain("\uFFFD");
    }
}
