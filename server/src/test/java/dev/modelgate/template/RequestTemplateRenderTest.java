package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.NODES;
import static dev.modelgate.template.TemplateFixtures.json;
import static dev.modelgate.template.TemplateFixtures.render;
import static dev.modelgate.template.TemplateFixtures.string;
import static dev.modelgate.template.TemplateFixtures.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelgate.validation.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Typed insertion, defaults and the render-time rules of {@link RequestTemplate#render}. */
class RequestTemplateRenderTest {

    private static RequestTemplate template(String text, PromptVariable... variables) {
        return RequestTemplate.compile(text, List.of(variables));
    }

    private static RequestTemplate standaloneAndInString(VariableType type) {
        return template("{\"alone\": {{v}}, \"text\": \"<{{v}}>\"}", PromptVariable.required("v", type));
    }

    @Test
    void render_standaloneString_isAQuotedJsonString() {
        assertThat(render(standaloneAndInString(VariableType.STRING), Map.of("v", string("say \"hi\""))))
                .isEqualTo("{\"alone\": \"say \\\"hi\\\"\", \"text\": \"<say \\\"hi\\\">\"}");
    }

    @Test
    void render_number_isWrittenAsANumberStandaloneAndAsItsDigitsInAString() {
        RequestTemplate template = standaloneAndInString(VariableType.NUMBER);

        assertThat(render(template, Map.of("v", json("0.7")))).isEqualTo("{\"alone\": 0.7, \"text\": \"<0.7>\"}");
        assertThat(render(template, Map.of("v", json("-12")))).isEqualTo("{\"alone\": -12, \"text\": \"<-12>\"}");
    }

    @Test
    void render_integer_keepsEveryDigit() {
        assertThat(render(standaloneAndInString(VariableType.INTEGER), Map.of("v", json("12345678901234567890123"))))
                .isEqualTo("{\"alone\": 12345678901234567890123, \"text\": \"<12345678901234567890123>\"}");
    }

    @Test
    void render_boolean_isTrueOrFalse() {
        assertThat(render(standaloneAndInString(VariableType.BOOLEAN), Map.of("v", json("false"))))
                .isEqualTo("{\"alone\": false, \"text\": \"<false>\"}");
    }

    @Test
    void render_jsonValue_isReserializedCompactlyAndEscapedInsideAString() {
        JsonNode value = json("{ \"a\" : [1, 2.5, {\"b\": null}], \"q\": \"x\\\"y\" }");

        assertThat(render(standaloneAndInString(VariableType.JSON), Map.of("v", value))).isEqualTo(
                "{\"alone\": {\"a\":[1,2.5,{\"b\":null}],\"q\":\"x\\\"y\"}, "
                        + "\"text\": \"<{\\\"a\\\":[1,2.5,{\\\"b\\\":null}],\\\"q\\\":\\\"x\\\\\\\"y\\\"}>\"}");
    }

    @Test
    void render_jsonStringValue_staysAJsonStringInsideAString() {
        assertThat(render(standaloneAndInString(VariableType.JSON), Map.of("v", string("hi"))))
                .isEqualTo("{\"alone\": \"hi\", \"text\": \"<\\\"hi\\\">\"}");
    }

    @Test
    void render_placeholderAsTheWholeBody_isTheValue() {
        assertThat(render(template("{{ body }}", PromptVariable.required("body", VariableType.JSON)),
                Map.of("body", json("[1, {}]")))).isEqualTo("[1,{}]");
    }

    @Test
    void render_missingOptionalValue_usesTheDefault() {
        RequestTemplate template = template("{\"max_tokens\": {{max_tokens}}, \"t\": \"{{max_tokens}}\"}",
                PromptVariable.optional("max_tokens", VariableType.INTEGER, json("512")));

        assertThat(render(template, Map.of())).isEqualTo("{\"max_tokens\": 512, \"t\": \"512\"}");
        assertThat(render(template, Map.of("max_tokens", json("64")))).isEqualTo("{\"max_tokens\": 64, \"t\": \"64\"}");
    }

    @Test
    void render_requiredVariableWithADefault_usesTheDefault() {
        RequestTemplate template = template("{\"system\": {{system.prompt}}}",
                new PromptVariable("system.prompt", VariableType.STRING, true, string("Be brief."), null, null));

        assertThat(render(template, Map.of())).isEqualTo("{\"system\": \"Be brief.\"}");
    }

    @Test
    void render_missingOptionalWithoutDefault_isNullStandaloneAndNothingInAString() {
        RequestTemplate template = standaloneAndInString(VariableType.STRING);
        RequestTemplate optional = template("{\"alone\": {{v}}, \"text\": \"<{{v}}>\"}",
                PromptVariable.optional("v", VariableType.STRING, null));

        assertThat(render(optional, Map.of())).isEqualTo("{\"alone\": null, \"text\": \"<>\"}");
        assertThat(template.placeholders()).extracting(Placeholder::kind)
                .containsExactly(Placeholder.Kind.STANDALONE, Placeholder.Kind.IN_STRING);
    }

    @Test
    void render_javaNullValue_countsAsAbsent() {
        Map<String, JsonNode> values = new HashMap<>();
        values.put("v", null);

        assertThat(render(template("[{{v}}]", PromptVariable.optional("v", VariableType.NUMBER, json("1"))), values))
                .isEqualTo("[1]");
    }

    @Test
    void render_missingRequiredVariable_isNamedWithItsType() {
        RequestTemplate template = template("{\"p\": {{prompt}}, \"s\": {{system.prompt}}}",
                PromptVariable.required("prompt", VariableType.STRING),
                PromptVariable.required("system.prompt", VariableType.STRING));

        assertThat(violationsOf(() -> template.render(Map.of()))).containsExactly(
                Violation.of("values.prompt", "missing-variable",
                        "variable \"prompt\" is required and has no default; give it a STRING value"),
                Violation.of("values[\"system.prompt\"]", "missing-variable",
                        "variable \"system.prompt\" is required and has no default; give it a STRING value"));
    }

    @Test
    void render_valuesOfTheWrongType_areRejectedWithoutCoercion() {
        assertWrongType(VariableType.INTEGER, string("abc"), "INTEGER (a JSON integer, without fraction or exponent),"
                + " got the string \"abc\"");
        assertWrongType(VariableType.INTEGER, json("1.5"), "INTEGER (a JSON integer, without fraction or exponent),"
                + " got the number 1.5");
        assertWrongType(VariableType.INTEGER, json("2.0"), "INTEGER (a JSON integer, without fraction or exponent),"
                + " got the number 2.0");
        assertWrongType(VariableType.BOOLEAN, string("true"), "BOOLEAN (true or false), got the string \"true\"");
        assertWrongType(VariableType.NUMBER, string("0.5"), "NUMBER (a JSON number), got the string \"0.5\"");
        assertWrongType(VariableType.NUMBER, NODES.numberNode(Double.NaN), "NUMBER (a JSON number), got the number NaN");
        assertWrongType(VariableType.STRING, json("null"), "STRING (a JSON string), got null");
        assertWrongType(VariableType.STRING, json("{\"text\": \"x\"}"), "STRING (a JSON string), got an object");
        assertWrongType(VariableType.JSON, NODES.pojoNode(new Object()), "JSON (any JSON value), got a pojo node");
    }

    private static void assertWrongType(VariableType type, JsonNode value, String expectation) {
        RequestTemplate template = template("{\"v\": {{v}}}", PromptVariable.required("v", type));

        assertThat(violationsOf(() -> template.render(Map.of("v", value)))).as("%s for %s", value, type)
                .containsExactly(Violation.of("values.v", "wrong-type", "variable \"v\" must be " + expectation));
    }

    @Test
    void render_jsonValueWithInfiniteNumberInside_isWrongType() {
        RequestTemplate template = template("{{v}}", PromptVariable.required("v", VariableType.JSON));

        assertThat(violationsOf(() -> template.render(Map.of("v", json("[1, 1e400]"))))).containsExactly(
                Violation.of("values.v", "wrong-type",
                        "variable \"v\" must be plain JSON, but it contains a number that is not finite (Infinity)"));
    }

    @Test
    void render_jsonValueWithAnUnpairedSurrogateInAPropertyName_isWrongType() {
        RequestTemplate template = template("{{v}}", PromptVariable.required("v", VariableType.JSON));

        assertThat(violationsOf(() -> template.render(Map.of("v", NODES.objectNode().put("a\udc00", 1)))))
                .containsExactly(Violation.of("values.v", "wrong-type", "variable \"v\" must be plain JSON, but it"
                        + " contains a property name with an unpaired surrogate (U+DC00)"));
    }

    @Test
    void render_unknownVariable_isRejected() {
        RequestTemplate template = template("{{prompt}}", PromptVariable.required("prompt", VariableType.STRING));

        assertThat(violationsOf(() -> template.render(Map.of("prompt", string("x"), "temprature", json("1")))))
                .containsExactly(Violation.of("values.temprature", "unknown-variable",
                        "the template declares no variable named \"temprature\"; remove it or declare it"));
    }

    @Test
    void render_manyUnknownVariables_reportsTenAndCountsTheRest() {
        Map<String, JsonNode> values = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            values.put("x" + (char) ('a' + i), json("1"));
        }
        values.put("bad name", json("1"));

        List<Violation> violations = violationsOf(() -> template("1").render(values));

        assertThat(violations).hasSize(11).allMatch(violation -> violation.rule().equals("unknown-variable"));
        assertThat(violations.getFirst()).isEqualTo(Violation.of("values", "unknown-variable",
                "the template declares no variable named \"bad name\"; remove it or declare it"));
        assertThat(violations.getLast().message()).isEqualTo("and 16 more values for variables the template does"
                + " not declare");
    }

    @Test
    void render_everyValueProblem_isReportedAtOnce() {
        RequestTemplate template = template("[{{a}}, {{b}}]", PromptVariable.required("a", VariableType.STRING),
                PromptVariable.required("b", VariableType.INTEGER));

        assertThat(violationsOf(() -> template.render(Map.of("b", json("1.5"), "c", json("1")))))
                .extracting(Violation::field, Violation::rule).containsExactly(
                        tuple("values.a", "missing-variable"),
                        tuple("values.b", "wrong-type"),
                        tuple("values.c", "unknown-variable"));
    }

    @Test
    void sampleValues_preferTestValueThenDefaultThenTheTypesSample() {
        RequestTemplate template = template("[{{a}}, {{b}}, {{c}}, \"{{d}}\"]",
                new PromptVariable("a", VariableType.STRING, true, string("default"), string("test"), null),
                PromptVariable.optional("b", VariableType.INTEGER, json("7")),
                PromptVariable.required("c", VariableType.NUMBER),
                PromptVariable.required("d", VariableType.JSON));

        assertThat(template.sampleValues()).containsExactly(Map.entry("a", string("test")), Map.entry("b", json("7")),
                Map.entry("c", json("0.5")), Map.entry("d", json("null")));
        assertThat(render(template, template.sampleValues())).isEqualTo("[\"test\", 7, 0.5, \"null\"]");
    }

    @Test
    void placeholders_listNameLineColumnAndKindInTextOrder() {
        RequestTemplate template = template("{\n  \"n\": {{ n }},\n  \"s\": \"a \\\"{{n}}\\\" b\"\n}",
                PromptVariable.required("n", VariableType.NUMBER));

        assertThat(template.placeholders()).containsExactly(
                new Placeholder("n", 2, 8, Placeholder.Kind.STANDALONE),
                new Placeholder("n", 3, 13, Placeholder.Kind.IN_STRING));
        assertThat(template.variables()).extracting(PromptVariable::name).containsExactly("n");
    }
}
