package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stream part of an output mapping, chunk by chunk, on Claude's and Titan's chunk shapes. */
class StreamMappingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StreamMapping CLAUDE = StreamMapping.compile("$.delta.text", "$.message.usage.input_tokens",
            "$.usage.output_tokens");

    private static final List<String> CLAUDE_CHUNKS = List.of(
            "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}",
            "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,"
                    + "\"outputTokenCount\":2,\"invocationLatency\":40,\"firstByteLatency\":10}}");

    @Test
    void claudeChunks_giveTheirTextDeltas_andTheCountsFromWhicheverChunkHasThem() {
        StreamMapping.Reading reading = CLAUDE.start();

        List<String> deltas = new ArrayList<>();
        for (String chunk : CLAUDE_CHUNKS) {
            deltas.add(reading.chunk(JSON.readTree(chunk)));
        }

        assertThat(deltas).containsExactly(null, null, "Hel", "lo", null, null, null);
        StreamMappingReport report = reading.report();
        assertThat(report.successful()).isTrue();
        assertThat(report.chunks()).isEqualTo(7);
        assertThat(report.textChunks()).isEqualTo(2);
        assertThat(reading.inputTokens()).isEqualTo(OptionalLong.of(12));
        assertThat(reading.outputTokens()).isEqualTo(OptionalLong.of(2));
        assertThat(reading.inputTokensMapped()).isTrue();
        assertThat(reading.bedrockLatencyMillis()).isEqualTo(40);
        assertThat(report.disagreements()).isEmpty();
    }

    @Test
    void tokenPathsAbsent_countsComeFromTheInvocationMetrics() {
        StreamMapping.Reading reading = StreamMapping.compile("$.delta.text", null, "").start();
        CLAUDE_CHUNKS.forEach(c -> reading.chunk(JSON.readTree(c)));

        assertThat(reading.inputTokens()).isEqualTo(OptionalLong.of(12));
        assertThat(reading.outputTokens()).isEqualTo(OptionalLong.of(2));
        assertThat(reading.inputTokensMapped()).isFalse();
        assertThat(reading.report().inputTokens()).isInstanceOf(MappingResult.Unmapped.class);
    }

    @Test
    void lastMatchWins_andNullCountsAreNoMatch() {
        StreamMapping llama = StreamMapping.compile("$.generation", "$.prompt_token_count", "$.generation_token_count");
        StreamMapping.Reading reading = llama.start();
        reading.chunk(JSON.readTree("{\"generation\":\"a\",\"prompt_token_count\":5,\"generation_token_count\":1}"));
        reading.chunk(JSON.readTree("{\"generation\":\"b\",\"prompt_token_count\":null,\"generation_token_count\":2}"));
        reading.chunk(JSON.readTree("{\"generation\":\"\",\"prompt_token_count\":null,\"generation_token_count\":3}"));

        assertThat(reading.report().successful()).isTrue();
        assertThat(reading.inputTokens()).isEqualTo(OptionalLong.of(5));
        assertThat(reading.outputTokens()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void textPathMatchingNoChunk_failsNoMatch_namingWhatTheChunksHold() {
        StreamMapping.Reading reading = StreamMapping.compile("$.content[0].text", null, null).start();
        CLAUDE_CHUNKS.forEach(c -> assertThat(reading.chunk(JSON.readTree(c))).isNull());

        MappingResult.Failed<?> failure = reading.report().failures().getFirst();
        assertThat(failure.field()).isEqualTo("outputMapping.stream.text");
        assertThat(failure.rule()).isEqualTo(MappingResult.NO_MATCH);
        assertThat(failure.message()).contains("$.content[0].text selected nothing in any of the 7 chunks")
                .contains("$.message.usage.input_tokens");
        assertThat(failure.available()).contains("$.type", "$['amazon-bedrock-invocationMetrics'].inputTokenCount");
        assertThat(reading.report().exception().code()).isEqualTo(dev.modelgate.error.ErrorCode.OUTPUT_MAPPING_FAILED);
    }

    @Test
    void textPathSelectingAnObject_failsNotText_andGivesNoDelta() {
        StreamMapping.Reading reading = StreamMapping.compile("$.delta", null, null).start();

        assertThat(reading.chunk(JSON.readTree(CLAUDE_CHUNKS.get(2)))).isNull();

        MappingResult.Failed<?> failure = reading.report().failures().getFirst();
        assertThat(failure.rule()).isEqualTo(MappingResult.NOT_TEXT);
        assertThat(failure.message()).endsWith("(chunk 1)");
    }

    @Test
    void countSelectingSeveralNodes_failsMultipleMatches() {
        StreamMapping.Reading reading = StreamMapping.compile("$.t", "$..n", null).start();
        reading.chunk(JSON.readTree("{\"t\":\"x\",\"a\":{\"n\":1},\"b\":{\"n\":2}}"));

        assertThat(reading.report().inputTokens()).isInstanceOfSatisfying(MappingResult.Failed.class,
                f -> assertThat(f.rule()).isEqualTo(MappingResult.MULTIPLE_MATCHES));
    }

    @Test
    void countsThatDisagreeWithTheMetrics_areNamed() {
        StreamMapping.Reading reading = StreamMapping.compile("$.delta.text", "$.message.usage.output_tokens", null)
                .start();
        CLAUDE_CHUNKS.forEach(c -> reading.chunk(JSON.readTree(c)));

        assertThat(reading.report().disagreements()).containsExactly("outputMapping.stream.inputTokens "
                + "($.message.usage.output_tokens) read 1 input tokens, but Bedrock's amazon-bedrock-invocationMetrics "
                + "count 12");
    }

    @Test
    void compile_namesEachBadFieldUnderOutputMappingStream() {
        assertThatThrownBy(() -> StreamMapping.compile(" ", "$.[", "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field, Violation::rule).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("outputMapping.stream.text", "required"),
                                org.assertj.core.groups.Tuple.tuple("outputMapping.stream.inputTokens", "invalid-jsonpath"),
                                org.assertj.core.groups.Tuple.tuple("outputMapping.stream.outputTokens", "invalid-jsonpath")));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
