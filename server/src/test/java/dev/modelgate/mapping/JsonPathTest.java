package dev.modelgate.mapping;

import static dev.modelgate.mapping.OutputMappingFamiliesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class JsonPathTest {

    @Test
    void select_givesNormalizedPaths_withTheirEscapes() {
        JsonNode doc = json("{\"a'b\\\\c\\n\\u0001\\u001f\": [1], \"☺\": 2}");

        assertThat(JsonPath.compile("$..*").select(doc)).extracting(JsonPath.Node::path)
                .containsExactly("$['a\\'b\\\\c\\n\\u0001\\u001f']", "$['☺']", "$['a\\'b\\\\c\\n\\u0001\\u001f'][0]");
    }

    @Test
    void values_matchSelect_withoutPaths() {
        JsonNode doc = OutputMappingFamiliesTest.json(OutputMappingFamiliesTest.CLAUDE);
        JsonPath path = JsonPath.compile("$..text");

        assertThat(path.values(doc)).containsExactlyElementsOf(path.select(doc).stream().map(JsonPath.Node::value).toList());
        assertThat(path.values(doc)).extracting(JsonNode::stringValue)
                .containsExactly("A hello world program ", "checks that a toolchain works.");
    }

    @ParameterizedTest(name = "{0} -> column {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            $.a[                         | 5  | expected a selector, found the end of the expression
            $.content[0].text ]          | 19 | expected '.', '..' or '[' to start a segment, found ']'
            "$.a "                       | 4  | blank space is not allowed after the last segment
            $.a.                         | 5  | expected a member name or '*' after '.', found the end of the expression
            $.1                          | 3  | expected a member name or '*' after '.', found '1'
            $[0 1]                       | 5  | expected ',' or ']' after a selector, found '1'
            $[@.a]                       | 3  | expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found '@'; a query inside brackets needs a filter: [?@...]
            $[9007199254740992]          | 3  | an index must be within ±(2^53 - 1), got 9007199254740992
            $[-0]                        | 3  | an index cannot have leading zeros or be -0, got -0
            $[1.0]                       | 4  | an index must be an integer, found '.'
            $['a\\x']                    | 5  | invalid escape \\x in a single-quoted string
            $['\\uDC00']                 | 4  | a low surrogate \\uDC00 must follow a high surrogate
            $['abc                       | 7  | unterminated string: expected ' to close it
            $[?@.a == 1 &&]              | 15 | expected a query (@... or $...), a literal, a function call, '!' or '(', found ']'
            $[?length(@.*) > 1]          | 11 | argument 1 of length() must be a single value, but @.* is not a singular query (only .name, ['name'] and [index] segments are)
            $[?@[ 'a' ] == 1]            | 4  | the left side of == must be a single value, but @[ 'a' ] is not a singular query (only .name, ['name'] and [index] segments are)
            $[?count(@.a)]               | 4  | count() returns a value, which cannot be a test on its own; compare it, e.g. count(...) > 0
            $[?count(1) > 0]             | 10 | argument 1 of count() must be a query (NodesType), got a literal
            $[?match(@.a, 'x') == true]  | 4  | the left side of == must be a value, but match() returns LogicalType
            $[?match(@.a)]               | 4  | match() takes 2 arguments, got 1
            $[?!@.a == 1]                | 8  | '!' applies only to what directly follows it, which cannot then be compared; to negate a comparison write !(a == b)
            $[?true]                     | 4  | a literal cannot be a test on its own; compare it, e.g. @.a == true
            $[?True == @.a]              | 4  | unknown function or literal 'True' (functions: length, count, match, search, value; literals: true, false, null, in lower case)
            $[?count (@.*) == 1]         | 9  | expected '(' directly after the function name count, found U+0020
            $[?@.a == 01]                | 11 | a number cannot have leading zeros
            $[?@.a == 1.]                | 13 | expected a digit after the decimal point, found ']'
            $.☺.x[                       | 7  | expected a selector, found the end of the expression
            """)
    void compile_invalid_reportsColumnAndReason(String expression, int column, String reason) {
        assertThatThrownBy(() -> JsonPath.compile(expression)).isInstanceOfSatisfying(InvalidJsonPathException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.expression()).isEqualTo(expression);
            assertThat(e.getMessage()).isEqualTo("invalid JSONPath at column " + column + ": " + reason);
        });
    }

    @Test
    void compile_emptyOrNotStartingWithRoot_isRejectedAtColumnOne() {
        assertThatThrownBy(() -> JsonPath.compile("")).hasMessage("invalid JSONPath at column 1: the expression is empty; a JSONPath starts with '$'");
        assertThatThrownBy(() -> JsonPath.compile("content[0]")).hasMessage("invalid JSONPath at column 1: a JSONPath starts with '$', found 'c'");
    }

    @Test
    void compile_deeplyNestedParentheses_isRejectedInsteadOfOverflowingTheStack() {
        String deep = "$[?" + "(".repeat(10_000) + "@" + ")".repeat(10_000) + "]";

        assertThatThrownBy(() -> JsonPath.compile(deep)).isInstanceOfSatisfying(InvalidJsonPathException.class,
                e -> assertThat(e.reason()).isEqualTo("expressions nest more than 64 levels deep"));
    }

    @Test
    void invalidJsonPath_becomesAViolationAtLineOneAndTheColumn() {
        InvalidJsonPathException e = (InvalidJsonPathException) catchThrowable("$.a[");

        assertThat(e.toViolation("outputMapping.text")).isEqualTo(Violation.at("outputMapping.text", "invalid-jsonpath",
                "outputMapping.text is not a valid JSONPath at column 5: expected a selector, found the end of the expression", 1, 5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            $                   | true
            $.a[0]['b'][-1]     | true
            $['a','b']          | false
            $[ 'a' ]            | false
            $.*                 | false
            $..a                | false
            $[0:1]              | false
            $[?@.a]             | false
            """)
    void singular_followsTheGrammar(String expression, boolean singular) {
        assertThat(JsonPath.compile(expression).singular()).isEqualTo(singular);
    }

    @Test
    void filter_comparesNumbersByValue_andStructuresDeeply() {
        JsonNode doc = json("""
                {"items": [{"n": 1}, {"n": 1.0}, {"n": 1e0}, {"n": 2}, {"n": 12345678901234567890123}],
                 "pattern": {"x": [1, {"y": 2}]}, "same": {"x": [1.0, {"y": 2}]}, "other": {"x": [1, {"y": 3}]}}""");

        assertThat(JsonPath.compile("$.items[?@.n == 1]").select(doc)).extracting(JsonPath.Node::path)
                .containsExactly("$['items'][0]", "$['items'][1]", "$['items'][2]");
        assertThat(JsonPath.compile("$.items[?@.n > 12345678901234567890122]").values(doc)).hasSize(1);
        assertThat(JsonPath.compile("$[?@ == $.pattern]").select(doc)).extracting(JsonPath.Node::path)
                .containsExactly("$['pattern']", "$['same']");
    }

    @Test
    void filter_ordersStringsByCodePoint_notByUtf16Unit() {
        JsonNode doc = json("[\"\\uffff\", \"😀\"]");

        assertThat(JsonPath.compile("$[?@ < '😀']").values(doc)).extracting(JsonNode::stringValue).containsExactly("\uffff");
    }

    @Test
    void length_countsCodePoints() {
        JsonNode doc = json("[\"😀\", \"ab\", [1, 2, 3], {\"a\": 1}, 5]");

        assertThat(JsonPath.compile("$[?length(@) == 1]").select(doc)).extracting(JsonPath.Node::path)
                .containsExactly("$[0]", "$[3]");
    }

    @Test
    void filterOnClaudeContent_selectsTheTextBlocksOnly() {
        JsonNode doc = json("""
                {"content": [{"type": "text", "text": "a"}, {"type": "tool_use", "name": "f"}, {"type": "text", "text": "b"}]}""");

        assertThat(JsonPath.compile("$.content[?@.type == 'text' && search(@.text, '[ab]')].text").select(doc))
                .extracting(JsonPath.Node::path).containsExactly("$['content'][0]['text']", "$['content'][2]['text']");
    }

    @Test
    void compiledPath_isAValue_byExpression() {
        assertThat(JsonPath.compile("$.a")).isEqualTo(JsonPath.compile("$.a")).hasToString("$.a");
        assertThat(JsonPath.compile("$.a").hashCode()).isEqualTo("$.a".hashCode());
    }

    private static Throwable catchThrowable(String expression) {
        try {
            JsonPath.compile(expression);
            throw new AssertionError("expected " + expression + " to be invalid");
        } catch (InvalidJsonPathException e) {
            return e;
        }
    }

    static List<String> paths(JsonPath path, JsonNode doc) {
        return path.select(doc).stream().map(JsonPath.Node::path).toList();
    }
}
