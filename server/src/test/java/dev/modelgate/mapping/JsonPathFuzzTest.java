package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.validation.InvalidInputException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of {@link JsonPath} and {@link OutputMapping} through their public API: a JSONPath
 * expression and the document it runs on. An input is the expression, a {@code %%} line and the document (a model's
 * response; an input whose document is not JSON only compiles the expression). Seeds and reproducers:
 * {@code src/test/resources/dev/modelgate/mapping/JsonPathFuzzTestInputs/selectAndMap/}.
 *
 * <p>Properties: the only exceptions are this package's own ({@link InvalidJsonPathException} when compiling,
 * {@link InvalidInputException} from {@link OutputMapping#compile}, {@link MappingException} from
 * {@link OutputMapping#apply}, and any other exception type this package declares, such as an evaluation budget's);
 * every selected node is a node of the document (the same object, not a copy), its normalized path compiles to a
 * singular query that selects exactly that node, {@code values} agrees with {@code select}, and a singular query
 * selects at most one node. Work is bounded by the expression limit ({@link OutputMapping#MAX_EXPRESSION_LENGTH})
 * and the input's size; the per-input time limit of a fuzzing run (see the README) is what catches a query whose
 * cost explodes.
 */
class JsonPathFuzzTest {

    private static final JsonMapper RESPONSES = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "5m")
    void selectAndMap(byte[] data) {
        FuzzInput input = FuzzInput.of(data, 2);
        String expression = input.part(0);
        if (expression.length() > OutputMapping.MAX_EXPRESSION_LENGTH) {
            return;
        }
        JsonNode document = document(input.part(1));
        try {
            check(expression, document);
        } catch (RuntimeException e) {
            if (!ours(e)) {
                throw new AssertionError("JSONPath " + expression + " threw " + e, e);
            }
        }
    }

    private static void check(String expression, JsonNode document) {
        JsonPath path;
        try {
            path = JsonPath.compile(expression);
        } catch (InvalidJsonPathException invalid) {
            assertThat(invalid.column()).isBetween(1, expression.codePointCount(0, expression.length()) + 1);
            assertThat(invalid.toViolation("outputMapping.text").rule()).isEqualTo(InvalidJsonPathException.RULE);
            assertThat(invalid.reason()).isNotBlank();
            return;
        }
        if (document == null) {
            return;
        }
        Set<JsonNode> nodesOfDocument = nodesOf(document);
        List<JsonPath.Node> selected = path.select(document);
        List<JsonNode> values = path.values(document);
        assertThat(values).hasSameSizeAs(selected);
        for (int i = 0; i < selected.size(); i++) {
            JsonPath.Node node = selected.get(i);
            assertThat(values.get(i)).as("values()[%d] of %s", i, expression).isSameAs(node.value());
            assertThat(nodesOfDocument.contains(node.value())).as("%s selects a node of the document", expression).isTrue();
            JsonPath normalized = JsonPath.compile(node.path());
            assertThat(normalized.singular()).as("normalized path %s is singular", node.path()).isTrue();
            List<JsonPath.Node> again = normalized.select(document);
            assertThat(again).as("normalized path %s", node.path()).hasSize(1);
            assertThat(again.getFirst().value()).isSameAs(node.value());
            assertThat(again.getFirst().path()).isEqualTo(node.path());
        }
        if (path.singular()) {
            assertThat(selected).hasSizeLessThanOrEqualTo(1);
        }
        OutputMapping mapping = OutputMapping.compile(expression, expression, null, Map.of("extra", expression));
        MappingReport report = mapping.evaluate(document);
        try {
            MappedOutput output = mapping.apply(document);
            assertThat(report.successful()).isTrue();
            assertThat(output.text()).isNotNull();
        } catch (MappingException failed) {
            assertThat(report.successful()).isFalse();
            assertThat(failed.violations()).isNotEmpty();
        }
    }

    /**
     * Whether {@code e} is one of this package's typed errors (or {@link InvalidInputException}), rather than a bug:
     * a JDK or Jackson exception escaping the package is one.
     */
    private static boolean ours(RuntimeException e) {
        return e instanceof InvalidJsonPathException || e instanceof InvalidInputException
                || e instanceof MappingException || e.getClass().getPackageName().equals(JsonPath.class.getPackageName());
    }

    private static JsonNode document(String text) {
        try {
            JsonNode node = RESPONSES.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static Set<JsonNode> nodesOf(JsonNode document) {
        Set<JsonNode> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(document, nodes);
        return nodes;
    }

    private static void collect(JsonNode node, Set<JsonNode> nodes) {
        nodes.add(node);
        for (JsonNode child : node.values()) {
            collect(child, nodes);
        }
    }
}
