package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.NODES;
import static dev.modelgate.template.TemplateFixtures.json;
import static dev.modelgate.template.TemplateFixtures.string;
import static dev.modelgate.template.TemplateFixtures.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PromptVariableTest {

    @Test
    void create_namesOfLettersDigitsDotsAndDashes_areAccepted() {
        for (String name : List.of("prompt", "system.prompt", "_x", "max_tokens", "a-b.c_9", "x".repeat(128))) {
            assertThat(PromptVariable.required(name, VariableType.STRING).name()).isEqualTo(name);
        }
    }

    @Test
    void create_invalidName_isRejectedWithTheRuleAndTheName() {
        for (String name : List.of("", "1abc", ".x", "-x", "a b", "a{b", "é")) {
            assertThat(violationsOf(() -> PromptVariable.required(name, VariableType.STRING))).as(name)
                    .containsExactly(Violation.of("name", "invalid-variable-name", "variable name must match"
                            + " [A-Za-z_][A-Za-z0-9_.-]* (a letter or '_', then letters, digits, '_', '.' or '-'), got \""
                            + name + "\""));
        }
    }

    @Test
    void create_nameLongerThan128_isRejected() {
        assertThat(violationsOf(() -> PromptVariable.required("x".repeat(129), VariableType.STRING)))
                .containsExactly(Violation.of("name", "invalid-variable-name",
                        "variable name must be at most 128 characters, got 129"));
    }

    @Test
    void create_withoutNameOrType_namesBothMissingFields() {
        assertThat(violationsOf(() -> new PromptVariable(null, null, true, null, null, null))).containsExactly(
                Violation.of("name", "missing-field", "variable name is required"),
                Violation.of("type", "missing-field",
                        "type of the variable is required: one of [STRING, NUMBER, INTEGER, BOOLEAN, JSON]"));
    }

    @Test
    void create_defaultAndTestValuesOfTheWrongType_areAllReported() {
        assertThat(violationsOf(() -> new PromptVariable("max_tokens", VariableType.INTEGER, false, json("1.5"),
                string("512"), "d".repeat(1001)))).containsExactly(
                Violation.of("defaultValue", "wrong-type", "default value of variable \"max_tokens\" must be INTEGER"
                        + " (a JSON integer, without fraction or exponent), got the number 1.5"),
                Violation.of("testValue", "wrong-type", "test value of variable \"max_tokens\" must be INTEGER"
                        + " (a JSON integer, without fraction or exponent), got the string \"512\""),
                Violation.of("description", "description-too-long",
                        "description of variable \"max_tokens\" must be at most 1000 characters, got 1001"));
    }

    @Test
    void create_stringTrueAsBooleanDefault_isWrongType() {
        assertThat(violationsOf(() -> PromptVariable.optional("stream", VariableType.BOOLEAN, string("true"))))
                .extracting(Violation::message).containsExactly(
                        "default value of variable \"stream\" must be BOOLEAN (true or false), got the string \"true\"");
    }

    @Test
    void create_jsonDefaultHoldingAJavaObject_isNotPlainJson() {
        JsonNode value = NODES.arrayNode().add(NODES.pojoNode(new Object()));

        assertThat(violationsOf(() -> PromptVariable.optional("tools", VariableType.JSON, value)))
                .containsExactly(Violation.of("defaultValue", "wrong-type", "default value of variable \"tools\" must"
                        + " be plain JSON, but it contains a pojo node, which is not a JSON value"));
    }

    @Test
    void create_nullDescription_readsAsEmpty() {
        assertThat(PromptVariable.required("prompt", VariableType.STRING).description()).isEmpty();
    }

    @Test
    void defaultValue_isACopy_soTheVariableStaysUnchanged() {
        PromptVariable variable = PromptVariable.optional("stop", VariableType.JSON, json("{\"a\": 1}"));

        ((ObjectNode) variable.defaultValue()).put("a", 2);

        assertThat(variable.defaultValue()).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void createAll_reportsEveryVariablesViolationsUnderItsIndex() {
        List<String> names = List.of("prompt", "bad name", "ok", "9");

        assertThat(violationsOf(() -> PromptVariable.createAll(names,
                name -> PromptVariable.required(name, VariableType.STRING))))
                .extracting(Violation::field, Violation::rule)
                .containsExactly(
                        tuple("variables[1].name", "invalid-variable-name"),
                        tuple("variables[3].name", "invalid-variable-name"));
    }

    @Test
    void createAll_validInputs_buildTheVariablesInOrder() {
        assertThat(PromptVariable.createAll(List.of("a", "b"), name -> PromptVariable.required(name, VariableType.JSON)))
                .extracting(PromptVariable::name).containsExactly("a", "b");
    }
}
