package dev.modelgate.mapping;

import static dev.modelgate.mapping.OutputMappingFamiliesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OutputMappingTest {

    private static final JsonNode RESPONSE = json("""
            {"content": [{"type": "text", "text": "Hi"}, {"type": "tool_use", "id": "t1", "input": {"q": "x"}}],
             "usage": {"input_tokens": 30, "output_tokens": 12.0, "cache": -1, "quoted": "30", "nothing": null},
             "big": 123456789012345678901234567890, "score": 0.5, "flag": true, "empty": [], "label": "plain"}""");

    @Test
    void apply_pathThatSelectsNothing_listsWhatTheDeepestReachedObjectContains() {
        MappingResult<?> result = mapping("$.content[0].text", "$.usage.inputTokens", null).evaluate(RESPONSE).inputTokens();

        assertThat(result).isEqualTo(new MappingResult.Failed<>("outputMapping.inputTokens", "$.usage.inputTokens", "no-match",
                "outputMapping.inputTokens: $.usage.inputTokens selected nothing; nothing in $.usage matches .inputTokens,"
                        + " which contains $.usage.input_tokens, $.usage.output_tokens, $.usage.cache, $.usage.quoted,"
                        + " $.usage.nothing",
                List.of("$.usage.input_tokens", "$.usage.output_tokens", "$.usage.cache", "$.usage.quoted", "$.usage.nothing")));
    }

    @Test
    void apply_wrongFirstSegment_listsTheWholeResponseUpToTenInTheMessageAndFiftyInTheResult() {
        MappingResult.Failed<?> failed = (MappingResult.Failed<?>) mapping("$.results[0].outputText", null, null)
                .evaluate(RESPONSE).text();

        assertThat(failed.rule()).isEqualTo("no-match");
        assertThat(failed.message()).isEqualTo("outputMapping.text: $.results[0].outputText selected nothing; nothing in"
                + " the response matches .results, which contains $.content[0].type, $.content[0].text, $.content[1].type,"
                + " $.content[1].id, $.content[1].input.q, $.usage.input_tokens, $.usage.output_tokens, $.usage.cache,"
                + " $.usage.quoted, $.usage.nothing, …");
        assertThat(failed.available()).containsExactly("$.content[0].type", "$.content[0].text", "$.content[1].type",
                "$.content[1].id", "$.content[1].input.q", "$.usage.input_tokens", "$.usage.output_tokens", "$.usage.cache",
                "$.usage.quoted", "$.usage.nothing", "$.big", "$.score", "$.flag", "$.empty", "$.label");
    }

    @Test
    void apply_pathThroughAScalar_saysWhatTheScalarIs() {
        assertThat(failure(mapping("$.label.value", null, null).evaluate(RESPONSE).text()).message()).isEqualTo(
                "outputMapping.text: $.label.value selected nothing; $.label is a string (\"plain\"), so nothing in it"
                        + " matches .value");
    }

    @Test
    void apply_indexPastTheEnd_saysTheArrayIsEmpty() {
        assertThat(failure(mapping("$.empty[0]", null, null).evaluate(RESPONSE).text()).message()).isEqualTo(
                "outputMapping.text: $.empty[0] selected nothing; nothing in $.empty matches [0], which is empty");
    }

    @Test
    void apply_tokenCountAsString_isNotANonNegativeInteger() {
        assertThat(failure(mapping("$.label", "$.usage.quoted", null).evaluate(RESPONSE).inputTokens()))
                .isEqualTo(new MappingResult.Failed<>("outputMapping.inputTokens", "$.usage.quoted", "not-a-non-negative-integer",
                        "outputMapping.inputTokens must select a non-negative integer, but $.usage.quoted selected a string (\"30\")",
                        List.of()));
    }

    @Test
    void apply_tokenCountWithFraction_isRejectedEvenWhenIntegral() {
        assertThat(failure(mapping("$.label", null, "$.usage.output_tokens").evaluate(RESPONSE).outputTokens()).message())
                .isEqualTo("outputMapping.outputTokens must select a non-negative integer, but $.usage.output_tokens"
                        + " selected a number with a fraction or exponent (12.0)");
    }

    @Test
    void apply_negativeOrHugeOrNullTokenCounts_areRejectedWithWhatTheyAre() {
        assertThat(failure(mapping("$.label", "$.usage.cache", "$.big").evaluate(RESPONSE).inputTokens()).message())
                .endsWith("but $.usage.cache selected a negative integer (-1)");
        assertThat(failure(mapping("$.label", "$.usage.cache", "$.big").evaluate(RESPONSE).outputTokens()).message())
                .endsWith("but $.big selected an integer beyond the 64-bit range (123456789012345678901234567890)");
        assertThat(failure(mapping("$.label", "$.usage.nothing", null).evaluate(RESPONSE).inputTokens()).message())
                .endsWith("but $.usage.nothing selected null");
    }

    @Test
    void apply_tokenPathSelectingSeveralNodes_listsThem() {
        assertThat(failure(mapping("$.label", "$.content[*].type", null).evaluate(RESPONSE).inputTokens()))
                .isEqualTo(new MappingResult.Failed<>("outputMapping.inputTokens", "$.content[*].type", "multiple-matches",
                        "outputMapping.inputTokens must select exactly one node, but $.content[*].type selected 2:"
                                + " $.content[0].type, $.content[1].type",
                        List.of("$.content[0].type", "$.content[1].type")));
    }

    @Test
    void apply_descendantTokenPathWithOneMatch_isAccepted() {
        assertThat(mapping("$.label", "$..input_tokens", null).apply(RESPONSE).inputTokens()).isEqualTo(30L);
    }

    @Test
    void apply_textSelectingAnObject_isNotText_andListsItsMembers() {
        assertThat(failure(mapping("$.content[1]", null, null).evaluate(RESPONSE).text())).isEqualTo(new MappingResult.Failed<>(
                "outputMapping.text", "$.content[1]", "not-text",
                "outputMapping.text must select strings, but $.content[1] selected an object at $.content[1]; it contains"
                        + " $.content[1].type, $.content[1].id, $.content[1].input.q",
                List.of("$.content[1].type", "$.content[1].id", "$.content[1].input.q")));
    }

    @Test
    void apply_textOfScalars_usesTheirJsonText_andNullAddsNothing() {
        assertThat(mapping("$['label', 'score', 'flag', 'big']", null, null).apply(RESPONSE).text())
                .isEqualTo("plain0.5true123456789012345678901234567890");
        assertThat(mapping("$.usage.nothing", null, null).apply(RESPONSE).text()).isEmpty();
    }

    @Test
    void apply_anyFailedField_throwsWithEveryOutcome() {
        OutputMapping mapping = OutputMapping.compile("$.content[0].text", "$.usage.input_tokens", "$.usage.output_tokens",
                Map.of("missing", "$.stop_reason"));

        assertThatThrownBy(() -> mapping.apply(RESPONSE)).isInstanceOfSatisfying(MappingException.class, e -> {
            assertThat(e.getMessage()).startsWith("2 output mapping fields failed, first: outputMapping.outputTokens must");
            assertThat(e.violations()).extracting(Violation::field, Violation::rule).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("outputMapping.outputTokens", "not-a-non-negative-integer"),
                    org.assertj.core.groups.Tuple.tuple("outputMapping.extras.missing", "no-match"));
            assertThat(e.report().text()).isEqualTo(new MappingResult.Mapped<>("outputMapping.text", "$.content[0].text", "Hi"));
            assertThat(e.report().inputTokens()).isEqualTo(new MappingResult.Mapped<>("outputMapping.inputTokens",
                    "$.usage.input_tokens", 30L));
        });
    }

    @Test
    void evaluate_unconfiguredTokenCounts_areUnmapped() {
        MappingReport report = mapping("$.label", null, null).evaluate(RESPONSE);

        assertThat(report.inputTokens()).isEqualTo(new MappingResult.Unmapped<>("outputMapping.inputTokens"));
        assertThat(report.outputTokens()).isEqualTo(new MappingResult.Unmapped<>("outputMapping.outputTokens"));
        assertThat(report.successful()).isTrue();
        assertThat(report.output()).isEqualTo(new MappedOutput("plain", null, null, Map.of()));
    }

    @Test
    void compile_reportsEveryBrokenFieldAtOnce_withColumns() {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("stop", "$.stop_reason[");
        extras.put("bad name", "$.x");
        extras.put("blank", " ");

        assertThatThrownBy(() -> OutputMapping.compile(null, "$[?length(@.*) > 1]", "content[0]", extras))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
                        Violation.of("outputMapping.text", "required", "outputMapping.text is required: a JSONPath such as $.content[0].text"),
                        Violation.at("outputMapping.inputTokens", "invalid-jsonpath", "outputMapping.inputTokens is not a valid"
                                + " JSONPath at column 11: argument 1 of length() must be a single value, but @.* is not a"
                                + " singular query (only .name, ['name'] and [index] segments are)", 1, 11),
                        Violation.at("outputMapping.outputTokens", "invalid-jsonpath", "outputMapping.outputTokens is not a"
                                + " valid JSONPath at column 1: a JSONPath starts with '$', found 'c'", 1, 1),
                        Violation.at("outputMapping.extras.stop", "invalid-jsonpath", "outputMapping.extras.stop is not a valid"
                                + " JSONPath at column 15: expected a selector, found the end of the expression", 1, 15),
                        Violation.of("outputMapping.extras", "invalid-extra-name", "outputMapping.extras names must match"
                                + " [A-Za-z_][A-Za-z0-9_.-]* and have at most 64 characters, got \"bad name\""),
                        Violation.of("outputMapping.extras.blank", "required",
                                "outputMapping.extras.blank is required: a JSONPath such as $.content[0].text")));
    }

    @Test
    void compile_moreThanTwentyExtras_isRejected() {
        Map<String, String> extras = new HashMap<>();
        for (int i = 0; i <= OutputMapping.MAX_EXTRAS; i++) {
            extras.put("e" + i, "$.e" + i);
        }

        assertThatThrownBy(() -> OutputMapping.compile("$.text", null, null, extras))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
                        Violation.of("outputMapping.extras", "too-many-extras", "outputMapping.extras may have at most 20 fields, got 21")));
    }

    @Test
    void compile_overlongExpression_isRejectedBeforeParsing() {
        String longPath = "$" + ".a".repeat(500);

        assertThatThrownBy(() -> OutputMapping.compile(longPath, null, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
                        Violation.of("outputMapping.text", "jsonpath-too-long", "outputMapping.text may have at most 1000 characters, got 1001")));
    }

    @Test
    void compile_keepsThePathsForDisplay() {
        OutputMapping mapping = OutputMapping.compile("$.generation", null, "$.generation_token_count", Map.of("stop", "$.stop_reason"));

        assertThat(mapping.text().expression()).isEqualTo("$.generation");
        assertThat(mapping.inputTokens()).isEmpty();
        assertThat(mapping.outputTokens()).map(JsonPath::expression).contains("$.generation_token_count");
        assertThat(mapping.extras()).containsOnlyKeys("stop");
    }

    @Test
    void leafPaths_useShorthandWherePossible_andStopAtTheLimit() {
        JsonNode response = json("""
                {"amazon-bedrock-invocationMetrics": {"inputTokenCount": 8}, "it's": [true, {}], "_ok9": null}""");

        assertThat(OutputMapping.leafPaths(response, 50)).containsExactly("$['amazon-bedrock-invocationMetrics'].inputTokenCount",
                "$['it\\'s'][0]", "$['it\\'s'][1]", "$._ok9");
        assertThat(OutputMapping.leafPaths(response, 2)).hasSize(2);
        assertThat(OutputMapping.leafPaths(json("7"), 5)).containsExactly("$");
    }

    private static OutputMapping mapping(String text, String inputTokens, String outputTokens) {
        return OutputMapping.compile(text, inputTokens, outputTokens, null);
    }

    private static MappingResult.Failed<?> failure(MappingResult<?> result) {
        assertThat(result).isInstanceOf(MappingResult.Failed.class);
        return (MappingResult.Failed<?>) result;
    }
}
