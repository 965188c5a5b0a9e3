package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every case of the JSONPath Compliance Test Suite (RFC 9535), {@code jsonpath-cts/cts.json}, as its own test:
 * invalid selectors must fail to compile; valid ones must select exactly {@code result} (or one of {@code results}
 * where the order of object members is not fixed), with the normalized paths given.
 */
class JsonPathComplianceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Cases this implementation knowingly does not pass (name → reason). Empty: every case passes. A case listed here
     * must still fail, so that the list shrinks when one is fixed, and the list's size is asserted below.
     */
    private static final Map<String, String> KNOWN_FAILURES = Map.of();

    @TestFactory
    Stream<DynamicTest> everyComplianceCase() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.get("name").stringValue(), () -> {
            String reason = KNOWN_FAILURES.get(c.get("name").stringValue());
            if (reason == null) {
                run(c);
            } else {
                assertThatThrownBy(() -> run(c)).as("known failure (%s) now passes: remove it from the list", reason)
                        .isInstanceOf(AssertionError.class);
            }
        }));
    }

    @Test
    void suite_isComplete_andNoCaseIsAllowedToFail() {
        assertThat(cases()).hasSize(703);
        assertThat(KNOWN_FAILURES).isEmpty();
    }

    private static void run(JsonNode c) {
        String selector = c.get("selector").stringValue();
        if (c.path("invalid_selector").asBoolean(false)) {
            assertThatThrownBy(() -> JsonPath.compile(selector)).as("selector %s", selector)
                    .isInstanceOf(InvalidJsonPathException.class);
            return;
        }
        List<JsonPath.Node> nodes = JsonPath.compile(selector).select(c.get("document"));
        List<JsonNode> values = nodes.stream().map(JsonPath.Node::value).toList();
        List<String> paths = nodes.stream().map(JsonPath.Node::path).toList();
        if (c.has("result")) {
            assertThat(values).as("values of %s", selector).isEqualTo(list(c.get("result")));
            if (c.has("result_paths")) {
                assertThat(paths).as("paths of %s", selector).isEqualTo(strings(c.get("result_paths")));
            }
        } else {
            List<List<JsonNode>> allowed = new ArrayList<>();
            c.get("results").forEach(r -> allowed.add(list(r)));
            assertThat(allowed).as("values of %s", selector).contains(values);
            if (c.has("results_paths")) {
                List<List<String>> allowedPaths = new ArrayList<>();
                c.get("results_paths").forEach(p -> allowedPaths.add(strings(p)));
                assertThat(IntStream.range(0, allowed.size()).filter(i -> allowed.get(i).equals(values)
                        && allowedPaths.get(i).equals(paths))).as("one allowed result with paths %s for %s", paths, selector)
                        .isNotEmpty();
            }
        }
        assertThat(JsonPath.compile(selector).values(c.get("document"))).as("values() of %s", selector).isEqualTo(values);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode array) {
        return list(array).stream().map(JsonNode::stringValue).toList();
    }

    private static List<JsonNode> cases() {
        try (InputStream in = JsonPathComplianceTest.class.getResourceAsStream("/jsonpath-cts/cts.json")) {
            return list(JSON.readTree(in).get("tests"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read jsonpath-cts/cts.json", e);
        }
    }
}
