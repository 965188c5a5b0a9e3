package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.testrun.MalformedRequests.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reading Bedrock's "Malformed input request" messages, and finding each problem in the request template. */
class MalformedRequestsTest {

    private static final RequestTemplate NOVA = RequestTemplate.compile("""
            {
              "messages": [{"role": "user", "content": [{"type": "text", "text": "{{prompt}}"}]}],
              "inferenceConfig": {"maxTokens": {{max_tokens}}},
              "extra": {{extra}}
            }""", List.of(PromptVariable.required("prompt", VariableType.STRING),
            PromptVariable.required("max_tokens", VariableType.NUMBER),
            PromptVariable.required("extra", VariableType.JSON)));

    private static byte[] body() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return NOVA.render(Map.of("prompt", nodes.stringNode("Hi"), "max_tokens", nodes.numberNode(1.5),
                "extra", nodes.objectNode().put("mode", "fast"))).clone();
    }

    @Test
    void parse_claudesMessage_dropsTheTextCompletionAlternative_andKeepsEachViolation() {
        assertThat(MalformedRequests.parse("Malformed input request: #: subject must not be valid against schema "
                + "{\"required\":[\"messages\"]}#: required key [max_tokens] not found#/messages/0/role: system is not "
                + "a valid enum value, please reformat your input and try again."))
                .containsExactly(new Violation("", "required key [max_tokens] not found"),
                        new Violation("/messages/0/role", "system is not a valid enum value"));
    }

    @Test
    void parse_messageWithoutPointers_orAnotherValidationMessage_isEmpty() {
        assertThat(MalformedRequests.parse("Malformed input request: 2 schema violations found, please reformat your "
                + "input and try again.")).isEmpty();
        assertThat(MalformedRequests.parse("The provided model identifier is invalid.")).isEmpty();
    }

    @Test
    void find_extraneousKeyInsideAString_pointsAtItsName() {
        Violation violation = MalformedRequests.parse("Malformed input request: #/messages/0/content/0: extraneous "
                + "key [type] is not permitted, please reformat your input and try again.").getFirst();

        MalformedRequests.Finding finding = MalformedRequests.find(violation, NOVA, body());

        assertThat(finding.fix()).isEqualTo("Remove \"type\" at line 2, column 46 of the request template: the model "
                + "does not accept it.");
        assertThat(finding.location()).isEqualTo(new Diagnosis.BodyLocation("/messages/0/content/0/type",
                "extraneous key [type] is not permitted", 2, 46, List.of()));
    }

    @Test
    void find_wrongValueOfAVariable_namesItAndTheValueSent() {
        MalformedRequests.Finding finding = MalformedRequests.find(new Violation("/inferenceConfig/maxTokens",
                "expected type: Integer, found: BigDecimal"), NOVA, body());

        assertThat(finding.fix()).isEqualTo("The value of variable \"max_tokens\" (NUMBER), inserted at line 3, column "
                + "23 of the request template, is at fault: expected type: Integer, found: BigDecimal; it was 1.5.");
        assertThat(finding.location().variables()).containsExactly("max_tokens");
    }

    @Test
    void find_problemInsideAJsonVariablesValue_namesTheVariableAndWhereInside() {
        MalformedRequests.Finding finding = MalformedRequests.find(new Violation("/extra/mode",
                "fast is not a valid enum value"), NOVA, body());

        assertThat(finding.fix()).isEqualTo("The value of variable \"extra\" (JSON), inserted at line 4, column 3 of "
                + "the request template (at /mode inside it), is at fault: fast is not a valid enum value; it was "
                + "\"fast\".");
    }

    @Test
    void find_stringBuiltFromVariables_namesThem() {
        MalformedRequests.Finding finding = MalformedRequests.find(new Violation("/messages/0/content/0/text",
                "expected minLength: 3, actual: 2"), NOVA, body());

        assertThat(finding.fix()).isEqualTo("The string at line 2, column 62 of the request template, built with "
                + "variable \"prompt\", is at fault: expected minLength: 3, actual: 2; it was \"Hi\".");
    }

    @Test
    void find_problemOfTheTemplatesOwnText_saysWhereItIsWritten() {
        MalformedRequests.Finding finding = MalformedRequests.find(new Violation("/messages/0/role",
                "user2 is not a valid enum value"), NOVA, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(finding.fix()).isEqualTo("The template writes /messages/0/role at line 2, column 17 of the request "
                + "template: user2 is not a valid enum value.");
        assertThat(finding.location().variables()).isEmpty();
    }
}
