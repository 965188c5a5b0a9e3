package dev.modelgate.mapping;

import dev.modelgate.error.ErrorCode;
import static dev.modelgate.mapping.OutputMappingFamiliesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * JSONPath cannot buy unbounded CPU: shapes whose cost is a high power of the document's size are refused when
 * compiled, and every evaluation stops at its fixed budget, asserted on the budget's counters.
 */
class JsonPathBudgetTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** {@code $..[?$..[?...[?@.a]...]]} with {@code levels} descendant queries in all, the outermost at the top. */
    static String nestedSearches(int levels) {
        return "$..[?".repeat(levels - 1) + "$..[?@.a]" + "]".repeat(levels - 1);
    }

    /** An array of {@code count} objects {@code {"a": i}}: 2 × count + 1 nodes. */
    static ArrayNode objects(int count) {
        ArrayNode array = NODES.arrayNode(count);
        for (int i = 0; i < count; i++) {
            array.addObject().put("a", i);
        }
        return array;
    }

    // --- refused when compiled ---------------------------------------------------------------------------------

    @Test
    void compile_descendantSearchesNestedEightLevels_isRefusedAsTooCostly() {
        assertThatThrownBy(() -> JsonPath.compile(nestedSearches(8)))
                .isInstanceOfSatisfying(InvalidJsonPathException.class, e -> {
                    assertThat(e.rule()).isEqualTo("jsonpath-too-costly");
                    assertThat(e.column()).isEqualTo(26);
                    assertThat(e.reason()).isEqualTo("filters nest queries that search the whole document ($ with a"
                            + " wildcard, slice, filter or '..', or any '..' segment) 3 levels deep from"
                            + " $..[?$..[?$..[?@.a]]]; at most 2 levels are allowed, since each multiplies the"
                            + " work by the document's size. Inside a filter, use queries relative to the current node"
                            + " (@.type, @[*], @.content[?@.type == 'text']) or singular ones ($.a.b)");
                });
    }

    @Test
    void compile_searchesNestedTwoLevelsInFilters_isAllowed_andThreeAreNot() {
        assertThat(JsonPath.compile(nestedSearches(3)).expression()).isEqualTo("$..[?$..[?$..[?@.a]]]");
        assertThatThrownBy(() -> JsonPath.compile(nestedSearches(4)))
                .isInstanceOfSatisfying(InvalidJsonPathException.class,
                        e -> assertThat(e.rule()).isEqualTo("jsonpath-too-costly"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$[?$[?$[?$[*]]]]", "$[?count(@..a) > count($[?$[?$..b]])]", "$[?@[?@..[?@..[?@..x]]]]",
            "$[?value($..[?$.b[?$[0:2]]]) == 1]"})
    void compile_otherSearchesThreeLevelsDeep_areRefusedToo(String expression) {
        assertThatThrownBy(() -> JsonPath.compile(expression))
                .isInstanceOfSatisfying(InvalidJsonPathException.class,
                        e -> assertThat(e.rule()).isEqualTo("jsonpath-too-costly"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$..[?@.type == 'text'].text", "$[?@[?@[?@[?@[?@.a]]]]]",
            "$..[?$.kind == @.kind && $.a.b[0] > 1]", "$[?count($..a) > 1 && value($..[?@.b]) == 2]",
            "$.content[?@.type == 'text' && search(@.text, 'a+')].text"})
    void compile_relativeOrSingularQueriesInFilters_areNotSearches_andAreAllowedAtAnyDepth(String expression) {
        assertThat(JsonPath.compile(expression).expression()).isEqualTo(expression);
    }

    @Test
    void outputMapping_nestedSearches_isAViolationOfJsonPathTooCostly_withItsColumn() {
        assertThatThrownBy(() -> OutputMapping.compile(nestedSearches(8), null, null, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field, Violation::rule, Violation::column)
                        .containsExactly(tuple("outputMapping.text", "jsonpath-too-costly", 26)));
    }

    // --- stopped by the budget -----------------------------------------------------------------------------------

    @Test
    void values_allowedSearchInAFilter_onALargeDocument_stopsWhenItsNodesRunOut() {
        JsonPath path = JsonPath.compile("$..[?count($..*) > 0]");
        Evaluation evaluation = path.evaluation(objects(2_000));

        assertThatThrownBy(() -> path.values(evaluation))
                .isInstanceOfSatisfying(JsonPathTooCostlyException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.NODES);
                    assertThat(e.expression()).isEqualTo("$..[?count($..*) > 0]");
                    assertThat(e.getMessage()).isEqualTo("$..[?count($..*) > 0] is too costly to evaluate on this"
                            + " document: it needed more than 1,000,000 nodes visited, the fixed budget of one"
                            + " evaluation; select with child segments and filters on the current node"
                            + " (@.type == 'text') rather than searching the whole document ($ or ..) inside filters");
                });
        assertThat(evaluation.nodes()).isEqualTo(EvaluationBudget.MAX_NODES + 1);
        assertThat(evaluation.filters()).isLessThan(EvaluationBudget.MAX_FILTERS);
    }

    @Test
    void values_searchesNestedTwoLevels_stopWhenTheirFilterEvaluationsRunOut() {
        JsonPath path = JsonPath.compile(nestedSearches(3));
        Evaluation evaluation = path.evaluation(objects(100));

        assertThatThrownBy(() -> path.values(evaluation)).isInstanceOfSatisfying(JsonPathTooCostlyException.class,
                e -> assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.FILTERS));
        assertThat(evaluation.filters()).isEqualTo(EvaluationBudget.MAX_FILTERS + 1);
        assertThat(evaluation.nodes()).isLessThan(EvaluationBudget.MAX_NODES);
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 50_000, 500_000})
    void search_catastrophicPattern_stopsAtTheSameAbsoluteBudget_whateverTheSubjectsLength(int length) {
        JsonPath path = JsonPath.compile("$[?search(@, '(a+)+c')]");
        Evaluation evaluation = path.evaluation(NODES.arrayNode().add("a".repeat(length)));

        assertThatThrownBy(() -> path.values(evaluation)).isInstanceOfSatisfying(JsonPathTooCostlyException.class,
                e -> assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.REGEX_STEPS));
        assertThat(evaluation.regexSteps()).isEqualTo(EvaluationBudget.MAX_REGEX_STEPS + 1);
    }

    @Test
    void regexSteps_areSharedByEveryCallOfOneEvaluation() {
        ArrayNode texts = NODES.arrayNode();
        for (int i = 0; i < 30; i++) {
            texts.add("b".repeat(40_000));
        }
        JsonPath path = JsonPath.compile("$[?search(@, 'a')]");
        Evaluation evaluation = path.evaluation(texts);

        assertThatThrownBy(() -> path.values(evaluation)).isInstanceOfSatisfying(JsonPathTooCostlyException.class,
                e -> assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.REGEX_STEPS));
        assertThat(evaluation.regexSteps()).isEqualTo(EvaluationBudget.MAX_REGEX_STEPS + 1);
    }

    @Test
    void comparingLongStrings_spendsTheirCharacters_untilTheyRunOut() {
        ArrayNode strings = NODES.arrayNode();
        for (int i = 0; i < 200; i++) {
            strings.add("x".repeat(100_000));
        }
        JsonPath path = JsonPath.compile("$[?@ == $[0]]");
        Evaluation evaluation = path.evaluation(strings);

        assertThatThrownBy(() -> path.values(evaluation)).isInstanceOfSatisfying(JsonPathTooCostlyException.class,
                e -> assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.CHARACTERS));
        assertThat(evaluation.characters()).isEqualTo(101 * 100_000L);
    }

    @Test
    void outputMapping_fieldTooCostly_failsWithMappingTooCostly_andTheOtherFieldsStillMap() {
        JsonNode answer = json("{\"text\": \"hi\", \"items\": " + objects(2_000) + "}");
        OutputMapping mapping = OutputMapping.compile("$.text", null, null, Map.of("heavy", "$..[?count($..*) > 0]"));

        MappingReport report = mapping.evaluate(answer);

        assertThat(report.text()).isEqualTo(new MappingResult.Mapped<>("outputMapping.text", "$.text", "hi"));
        assertThat(report.failures()).containsExactly(new MappingResult.Failed<>("outputMapping.extras.heavy",
                "$..[?count($..*) > 0]", "mapping-too-costly", "outputMapping.extras.heavy: $..[?count($..*) > 0] is"
                + " too costly to evaluate on this document: it needed more than 1,000,000 nodes visited, the fixed"
                + " budget of one evaluation; select with child segments and filters on the current node"
                + " (@.type == 'text') rather than searching the whole document ($ or ..) inside filters", List.of()));
        assertThatThrownBy(() -> mapping.apply(answer)).isInstanceOfSatisfying(MappingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MAPPING_TOO_COSTLY);
            assertThat(e.violations()).extracting(Violation::field, Violation::rule)
                    .containsExactly(tuple("outputMapping.extras.heavy", "mapping-too-costly"));
        });
    }

    @Test
    void outputMapping_pathSelectingALargeStringManyTimes_runsOutOfCharacters_ratherThanBuildingAHugeOutput() {
        JsonNode answer = NODES.objectNode().set("a", NODES.arrayNode().add("x".repeat(1_000_000)));
        String copies = "$.a[" + "0,".repeat(10) + "0]";
        OutputMapping mapping = OutputMapping.compile(copies, null, null, Map.of("copies", copies));

        MappingReport report = mapping.evaluate(answer);

        assertThat(report.failures()).extracting(MappingResult.Failed::field, MappingResult.Failed::rule)
                .containsExactly(tuple("outputMapping.text", "mapping-too-costly"),
                tuple("outputMapping.extras.copies", "mapping-too-costly"));
        assertThat(report.failures().getFirst().message()).contains("more than 10,000,000 characters of strings");
        JsonPath path = JsonPath.compile(copies);
        Evaluation evaluation = path.evaluation(answer);
        assertThatThrownBy(() -> FieldExtraction.text("outputMapping.text", path, evaluation)).isInstanceOf(JsonPathTooCostlyException.class);
        assertThat(evaluation.characters()).isEqualTo(11_000_000L);
    }

    // --- realistic mappings stay far inside ------------------------------------------------------------------------

    @Test
    void realisticMappings_onTheFamiliesAnswers_spendAThousandthOfTheBudgetAtMost() {
        List<String> answers = List.of(OutputMappingFamiliesTest.CLAUDE, OutputMappingFamiliesTest.NOVA,
                OutputMappingFamiliesTest.TITAN, OutputMappingFamiliesTest.LLAMA, OutputMappingFamiliesTest.MISTRAL,
                OutputMappingFamiliesTest.COHERE, OutputMappingFamiliesTest.JAMBA, OutputMappingFamiliesTest.DEEPSEEK);
        List<String> paths = List.of("$.content[0].text", "$.output.message.content[0].text", "$.results[0].outputText",
                "$.choices[0].message.content", "$.content[?@.type == 'text'].text", "$.content[*].text", "$..text",
                "$..[?@.type == 'text'].text", "$.chat_history[?@.role == 'CHATBOT'].message",
                "$.choices[?search(@.text, '</think>')].text", "$..[?length(@) > 3]", "$..*");
        for (String answer : answers) {
            for (String expression : paths) {
                JsonPath path = JsonPath.compile(expression);
                Evaluation evaluation = path.evaluation(json(answer));
                path.values(evaluation);
                assertThat(evaluation.nodes()).as("nodes of %s", expression).isLessThan(EvaluationBudget.MAX_NODES / 1_000);
                assertThat(evaluation.filters()).as("filters of %s", expression).isLessThan(EvaluationBudget.MAX_FILTERS / 1_000);
                assertThat(evaluation.regexSteps()).as("regex of %s", expression).isLessThan(EvaluationBudget.MAX_REGEX_STEPS / 1_000);
                assertThat(evaluation.characters()).as("chars of %s", expression).isLessThan(EvaluationBudget.MAX_CHARACTERS / 1_000);
            }
        }
    }

    @Test
    void searchOfA64KibReply_andADescentOfAnAnswerWith100kNodes_stayWellInside() {
        JsonPath search = JsonPath.compile("$.content[?@.type == 'text' && search(@.text, 'conclusion|summary')].text");
        Evaluation reply = search.evaluation(NODES.objectNode().set("content", NODES.arrayNode().add(NODES.objectNode()
                .put("type", "text").put("text", "The answer goes on. ".repeat(3_277)))));
        assertThat(search.values(reply)).isEmpty();
        assertThat(reply.regexSteps()).isLessThan(EvaluationBudget.MAX_REGEX_STEPS / 4);

        ArrayNode embeddings = NODES.arrayNode();
        for (int i = 0; i < 96; i++) {
            ArrayNode vector = embeddings.addArray();
            for (int j = 0; j < 1_024; j++) {
                vector.add(j / 1024.0);
            }
        }
        JsonPath descent = JsonPath.compile("$..texts");
        Evaluation embed = descent.evaluation(NODES.objectNode().set("embeddings", embeddings));
        assertThat(descent.values(embed)).isEmpty();
        assertThat(embed.nodes()).isLessThan(EvaluationBudget.MAX_NODES / 4);
    }
}
