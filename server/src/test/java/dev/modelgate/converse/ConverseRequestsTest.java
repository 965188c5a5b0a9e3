package dev.modelgate.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading Converse's JSON: the merge with a model's defaults, and each limit as a violation naming its field. */
class ConverseRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConverseDefaults defaults(String json) {
        return ConverseDefaults.compile(JSON.readTree(json), List.of());
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static List<String> violations(Runnable read) {
        try {
            read.run();
        } catch (InvalidInputException e) {
            return e.violations().stream().map(v -> v.field() + " " + v.rule()).toList();
        }
        throw new AssertionError("no violation");
    }

    @Test
    void requestOverridesTheDefaults_memberByMember() {
        ConverseDefaults model = defaults("""
                {"system": "You are terse.", "inferenceConfig": {"maxTokens": 200, "temperature": 0.5, "stopSequences": ["END"]},
                 "additionalModelRequestFields": {"top_k": 5, "thinking": {"type": "disabled"}}}""");

        ConverseRequests.Parts parts = ConverseRequests.read(json("""
                {"messages": [{"role": "user", "content": [{"text": "Hi"}]}],
                 "inferenceConfig": {"temperature": 0.1}, "additionalModelRequestFields": {"top_k": 50}}"""), model, false);

        assertThat(parts.system()).singleElement().satisfies(b -> assertThat(b.text()).isEqualTo("You are terse."));
        assertThat(parts.inferenceConfig().maxTokens()).isEqualTo(200);
        assertThat(parts.inferenceConfig().temperature()).isEqualTo(0.1f);
        assertThat(parts.inferenceConfig().stopSequences()).containsExactly("END");
        assertThat(ConverseJson.json(parts.additionalModelRequestFields()).toString())
                .isEqualTo("{\"top_k\":50,\"thinking\":{\"type\":\"disabled\"}}");
    }

    @Test
    void singleTurn_takesTheTestValueWhenAsked_andTheSystemPromptVariableOverTheDefault() {
        ConverseDefaults model = ConverseDefaults.compile(json("{\"system\": \"default\"}"), List.of(
                new PromptVariable("prompt", VariableType.STRING, true, null, JSON.getNodeFactory().stringNode("test"), null)));

        ConverseRequests.Parts tested = ConverseRequests.read(json("{}"), model, true);
        ConverseRequests.Parts given = ConverseRequests.read(json(
                "{\"variables\": {\"prompt\": \"Hello\", \"system.prompt\": \"Be kind.\"}}"), model, false);

        assertThat(tested.messages().getFirst().content().getFirst().text()).isEqualTo("test");
        assertThat(tested.system().getFirst().text()).isEqualTo("default");
        assertThat(given.messages().getFirst().content()).containsExactly(ContentBlock.fromText("Hello"));
        assertThat(given.system().getFirst().text()).isEqualTo("Be kind.");
        assertThat(violations(() -> ConverseRequests.read(json("{}"), model, false)))
                .containsExactly("variables.prompt missing-variable");
    }

    @Test
    void limits_areViolationsNamingTheFieldAndRule() {
        ConverseDefaults model = defaults("{}");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        ArrayNode content = messages.addObject().put("role", "user").putArray("content");
        for (int i = 0; i <= ConverseJson.MAX_BLOCKS; i++) {
            content.addObject().put("text", "x");
        }
        messages.addObject().put("role", "assistant").putArray("content").addObject()
                .put("text", "y".repeat(ConverseJson.MAX_TEXT_CHARS + 1));
        ArrayNode third = messages.addObject().put("role", "user").putArray("content");
        third.addObject().putObject("image").put("format", "bmp").putObject("source").put("bytes", "AAAA");
        third.addObject().putObject("image").put("format", "png").putObject("source").put("bytes", "not base64!");
        third.addObject().putObject("document").put("format", "pdf").put("name", "a/b").putObject("source")
                .put("bytes", Base64.getEncoder().encodeToString(new byte[10]));
        ArrayNode tools = body.putObject("toolConfig").putArray("tools");
        for (int i = 0; i <= ConverseJson.MAX_TOOLS; i++) {
            tools.addObject().putObject("toolSpec").put("name", "t" + i).putObject("inputSchema").putObject("json");
        }

        assertThat(violations(() -> ConverseRequests.read(body, model, false))).containsExactlyInAnyOrder(
                "messages[0].content too-many",
                "messages[1].content[0].text too-long",
                "messages[2].content[0].image.format invalid-format",
                "messages[2].content[1].image.source.bytes invalid-base64",
                "messages[2].content[2].document.name invalid-name",
                "toolConfig.tools too-many");
    }

    @Test
    void tooManyMessages_andFreeJsonTooDeep_areRefused() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i <= ConverseJson.MAX_MESSAGES; i++) {
            messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").putArray("content").addObject()
                    .put("text", "m" + i);
        }
        ObjectNode deep = JSON.createObjectNode();
        ObjectNode at = deep;
        for (int i = 0; i <= ConverseJson.MAX_DOCUMENT_DEPTH; i++) {
            at = at.putObject("a");
        }
        body.set("additionalModelRequestFields", deep);

        List<String> found = violations(() -> ConverseRequests.read(body, defaults("{}"), false));

        assertThat(found).contains("messages too-many");
        assertThat(found).anySatisfy(v -> assertThat(v).startsWith("additionalModelRequestFields.a.a").endsWith(" too-deep"));
    }

    @Test
    void aNumberBeyondTheDoubleRange_inFreeJson_isOutOfRange_notAnError() {
        ObjectNode body = (ObjectNode) json("""
                {"messages": [{"role": "user", "content": [{"text": "Hi"}]}],
                 "toolConfig": {"tools": [{"toolSpec": {"name": "f", "inputSchema": {"json": {"type": "object"}}}}]}}""");
        ((ObjectNode) body.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).put("maximum", Double.POSITIVE_INFINITY);

        assertThat(violations(() -> ConverseRequests.read(body, defaults("{}"), false)))
                .containsExactly("toolConfig.tools[0].toolSpec.inputSchema.json.maximum out-of-range");
    }

    @Test
    void defaults_breakingRules_nameTheConverseFields() {
        assertThatThrownBy(() -> defaults("""
                {"system": 5, "inferenceConfig": {"maxTokens": "many"}, "toolConfig": {"tools": [],
                 "toolChoice": {"auto": {}, "any": {}}}}"""))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).violations().stream().map(Violation::field).toList())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("converse.system", "converse.inferenceConfig.maxTokens",
                        "converse.toolConfig.tools", "converse.toolConfig.toolChoice");
    }
}
