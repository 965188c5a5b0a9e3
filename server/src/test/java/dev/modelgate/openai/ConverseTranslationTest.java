package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequestTest.JSON;
import static dev.modelgate.openai.ChatRequestTest.PNG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.converse.ConverseDefaults;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.validation.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI chat → Converse body: exact JSON, accepted by ConverseRequests.read, and Converse fields read back. */
class ConverseTranslationTest {

    private static final ConverseDefaults NO_DEFAULTS = ConverseDefaults.compile(null, List.of());

    private static ConverseTranslation.Translated translate(String json) {
        return ConverseTranslation.translate(ChatRequestTest.read(json));
    }

    /** The body, after proving that a Converse model reads it. */
    private static JsonNode accepted(ConverseTranslation.Translated translated) {
        ConverseRequests.read(translated.body(), NO_DEFAULTS, false);
        return translated.body();
    }

    /** Converse's violations of the translated body, each as "OpenAI param rule". */
    private static List<String> refused(String json) {
        ConverseTranslation.Translated translated = translate(json);
        try {
            ConverseRequests.read(translated.body(), NO_DEFAULTS, false);
        } catch (InvalidInputException e) {
            return e.violations().stream().map(v -> translated.param(v.field()) + " " + v.rule()).toList();
        }
        throw new AssertionError("Converse read " + translated.body());
    }

    @Test
    void toolRoundTrip_becomesAlternatingConverseMessages() {
        ConverseTranslation.Translated translated = translate("""
                {"model": "m", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": [{"type": "text", "text": "Weather here?"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]},
                  {"role": "developer", "content": [{"type": "text", "text": "Use"}, {"type": "text", "text": "tools."}]},
                  {"role": "assistant", "content": "Checking.", "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "time", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "{\\"c\\": 3}"},
                  {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "noon"}]},
                  {"role": "user", "content": "And tomorrow?"}],
                 "tools": [{"type": "function", "function": {"name": "weather", "description": "Weather of a city",
                              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}},
                           {"type": "function", "function": {"name": "time", "parameters": {}}}]}""".formatted(PNG));

        assertThat(accepted(translated)).isEqualTo(JSON.readTree("""
                {"messages": [
                  {"role": "user", "content": [{"text": "Weather here?"},
                    {"image": {"format": "png", "source": {"bytes": "%s"}}}]},
                  {"role": "assistant", "content": [{"text": "Checking."},
                    {"toolUse": {"toolUseId": "call_1", "name": "weather", "input": {"city": "Oslo"}}},
                    {"toolUse": {"toolUseId": "call_2", "name": "time", "input": {}}}]},
                  {"role": "user", "content": [
                    {"toolResult": {"toolUseId": "call_1", "content": [{"text": "{\\"c\\": 3}"}]}},
                    {"toolResult": {"toolUseId": "call_2", "content": [{"text": "noon"}]}},
                    {"text": "And tomorrow?"}]}],
                 "system": [{"text": "Be brief."}, {"text": "Use\\ntools."}],
                 "toolConfig": {"tools": [
                   {"toolSpec": {"name": "weather", "description": "Weather of a city",
                     "inputSchema": {"json": {"type": "object", "properties": {"city": {"type": "string"}}}}}},
                   {"toolSpec": {"name": "time", "inputSchema": {"json": {"type": "object", "properties": {}}}}}]}}
                """.formatted(PNG)));
        assertThat(translated.structuredOutputTool()).isNull();
    }

    @Test
    void consecutiveSameRoleMessages_areMerged_andBlankTextsLeftOut() {
        assertThat(accepted(translate("""
                {"model": "m", "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": " "},
                  {"role": "user", "content": [{"type": "text", "text": "b"}]}, {"role": "assistant", "content": "c"},
                  {"role": "assistant", "content": "d"}, {"role": "user", "content": "e"}]}""")))
                .isEqualTo(JSON.readTree("""
                        {"messages": [{"role": "user", "content": [{"text": "a"}, {"text": "b"}]},
                          {"role": "assistant", "content": [{"text": "c"}, {"text": "d"}]},
                          {"role": "user", "content": [{"text": "e"}]}]}"""));
    }

    @Test
    void parameters_becomeInferenceConfig() {
        assertThat(accepted(translate(ChatRequestTest.with("""
                "max_tokens": 100, "max_completion_tokens": 64, "temperature": 0.25, "top_p": 0.5,
                "stop": ["END", "STOP"], "user": "u", "metadata": {"a": "b"}, "store": true""")))).isEqualTo(
                JSON.readTree("""
                        {"messages": [{"role": "user", "content": [{"text": "Hi"}]}],
                         "inferenceConfig": {"maxTokens": 64, "temperature": 0.25, "topP": 0.5,
                                             "stopSequences": ["END", "STOP"]}}"""));
        assertThat(translate(ChatRequestTest.with("\"max_tokens\": 9, \"stop\": \"X\"")).body().get("inferenceConfig"))
                .isEqualTo(JSON.readTree("{\"maxTokens\": 9, \"stopSequences\": [\"X\"]}"));
    }

    @Test
    void toolChoice_eachKind() {
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"a\"}}], ";
        assertThat(accepted(translate(ChatRequestTest.with(tools + "\"tool_choice\": \"auto\""))).get("toolConfig")
                .get("toolChoice")).isEqualTo(JSON.readTree("{\"auto\": {}}"));
        assertThat(accepted(translate(ChatRequestTest.with(tools + "\"tool_choice\": \"required\""))).get("toolConfig")
                .get("toolChoice")).isEqualTo(JSON.readTree("{\"any\": {}}"));
        assertThat(accepted(translate(ChatRequestTest.with(tools + "\"tool_choice\": {\"type\": \"function\", "
                + "\"function\": {\"name\": \"a\"}}"))).get("toolConfig").get("toolChoice"))
                .isEqualTo(JSON.readTree("{\"tool\": {\"name\": \"a\"}}"));
        assertThat(accepted(translate(ChatRequestTest.with(tools + "\"parallel_tool_calls\": true"))).get("toolConfig"))
                .isEqualTo(JSON.readTree("{\"tools\": [{\"toolSpec\": {\"name\": \"a\", \"inputSchema\": {\"json\": "
                        + "{\"type\": \"object\", \"properties\": {}}}}}]}"));
        assertThat(accepted(translate(ChatRequestTest.with(tools + "\"tool_choice\": \"none\""))).has("toolConfig"))
                .isFalse();
    }

    @Test
    void toolChoiceNone_withToolBlocksInTheHistory_keepsTheToolsWithoutAChoice() {
        assertThat(accepted(translate("""
                {"model": "m", "tool_choice": "none", "tools": [{"type": "function", "function": {"name": "a"}}],
                 "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [{"id": "c",
                   "type": "function", "function": {"name": "a", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "c", "content": "done"}]}""")).get("toolConfig"))
                .isEqualTo(JSON.readTree("{\"tools\": [{\"toolSpec\": {\"name\": \"a\", \"inputSchema\": {\"json\": "
                        + "{\"type\": \"object\", \"properties\": {}}}}}]}"));
    }

    @Test
    void responseFormat_forcesAStructuredOutputTool() {
        ConverseTranslation.Translated schema = translate(ChatRequestTest.with("""
                "response_format": {"type": "json_schema", "json_schema": {"name": "person",
                  "schema": {"type": "object", "properties": {"name": {"type": "string"}}}, "strict": true}}"""));
        ConverseTranslation.Translated object = translate(ChatRequestTest.with(
                "\"response_format\": {\"type\": \"json_object\"}"));

        assertThat(schema.structuredOutputTool()).isEqualTo("person");
        assertThat(accepted(schema).get("toolConfig")).isEqualTo(JSON.readTree("""
                {"tools": [{"toolSpec": {"name": "person",
                   "description": "Give the answer as this tool's input: JSON that follows its schema.",
                   "inputSchema": {"json": {"type": "object", "properties": {"name": {"type": "string"}}}}}}],
                 "toolChoice": {"tool": {"name": "person"}}}"""));
        assertThat(object.structuredOutputTool()).isEqualTo("json_object");
        assertThat(accepted(object).get("toolConfig")).isEqualTo(JSON.readTree("""
                {"tools": [{"toolSpec": {"name": "json_object",
                   "description": "Give the answer as this tool's input: JSON that follows its schema.",
                   "inputSchema": {"json": {"type": "object"}}}}],
                 "toolChoice": {"tool": {"name": "json_object"}}}"""));
        assertThat(translate(ChatRequestTest.with("\"response_format\": {\"type\": \"text\"}")).body()
                .has("toolConfig")).isFalse();
    }

    @Test
    void converseViolations_areReadBackAsOpenAiParameters() {
        assertThat(refused("""
                {"model": "m", "temperature": 1.5, "messages": [{"role": "system", "content": "s"},
                  {"role": "assistant", "content": "hello"}, {"role": "user", "content": " "},
                  {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                    "function": {"name": "a", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "c", "content": " "}]}"""))
                .containsExactly("messages[1].role role-order", "messages[2].content required",
                        "messages[4].content blank", "temperature out-of-range");
    }

    @Test
    void param_mapsEachKindOfConverseField() {
        ConverseTranslation.Translated t = translate("""
                {"model": "m", "max_completion_tokens": 5, "messages": [{"role": "developer", "content": "d"},
                  {"role": "user", "content": "x"}, {"role": "user", "content": [{"type": "text", "text": "y"},
                    {"type": "image_url", "image_url": {"url": "data:image/gif;base64,%s"}}]},
                  {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                    "function": {"name": "a", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "c", "content": "r"}],
                 "tools": [{"type": "function", "function": {"name": "a"}}]}""".formatted(PNG));

        assertThat(t.param("messages[0].content[2].image.source.bytes")).isEqualTo("messages[2].content");
        assertThat(t.param("messages[0].content[0].text")).isEqualTo("messages[1].content");
        assertThat(t.param("messages[0].role")).isEqualTo("messages[1].role");
        assertThat(t.param("messages[0].content")).isEqualTo("messages[1].content");
        assertThat(t.param("messages[1]")).isEqualTo("messages[3]");
        assertThat(t.param("messages[1].content[0].toolUse.toolUseId")).isEqualTo("messages[3].tool_calls[0].id");
        assertThat(t.param("messages[1].content[0].toolUse.name")).isEqualTo("messages[3].tool_calls[0].function.name");
        assertThat(t.param("messages[1].content[0].toolUse.input.a"))
                .isEqualTo("messages[3].tool_calls[0].function.arguments");
        assertThat(t.param("messages[1].content[0].toolUse")).isEqualTo("messages[3].tool_calls[0]");
        assertThat(t.param("messages[2].content[0].toolResult.toolUseId")).isEqualTo("messages[4].tool_call_id");
        assertThat(t.param("messages[2].content[0].toolResult.content[0].text")).isEqualTo("messages[4].content");
        assertThat(t.param("messages[9].role")).isEqualTo("messages");
        assertThat(t.param("messages[0].content[7].text")).isEqualTo("messages[1].content");
        assertThat(t.param("messages")).isEqualTo("messages");
        assertThat(t.param("system[0].text")).isEqualTo("messages[0].content");
        assertThat(t.param("system")).isEqualTo("messages");
        assertThat(t.param("inferenceConfig.maxTokens")).isEqualTo("max_completion_tokens");
        assertThat(t.param("inferenceConfig.topP")).isEqualTo("top_p");
        assertThat(t.param("inferenceConfig.stopSequences[1]")).isEqualTo("stop");
        assertThat(t.param("toolConfig.tools[0].toolSpec.name")).isEqualTo("tools[0].function.name");
        assertThat(t.param("toolConfig.tools[0].toolSpec.description")).isEqualTo("tools[0].function.description");
        assertThat(t.param("toolConfig.tools[0].toolSpec.inputSchema.json.x")).isEqualTo("tools[0].function.parameters");
        assertThat(t.param("toolConfig.tools[0]")).isEqualTo("tools[0]");
        assertThat(t.param("toolConfig.toolChoice.tool.name")).isEqualTo("tool_choice");
        assertThat(t.param("toolConfig")).isEqualTo("tools");
        assertThat(t.param("additionalModelRequestFields")).isEqualTo("additionalModelRequestFields");
    }

    @Test
    void param_ofAStructuredOutputTool_namesResponseFormat() {
        ConverseTranslation.Translated t = translate(ChatRequestTest.with(
                "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"p\"}}"));

        assertThat(t.param("toolConfig.tools[0].toolSpec.inputSchema.json")).isEqualTo("response_format.json_schema.schema");
        assertThat(t.param("toolConfig.tools[0].toolSpec.name")).isEqualTo("response_format.json_schema.name");
        assertThat(t.param("toolConfig.toolChoice")).isEqualTo("response_format");
        assertThat(t.param("inferenceConfig.maxTokens")).isEqualTo("max_tokens");
    }

    @Test
    void aTranslatedMadeByHand_readsFieldsAsTheyAre() {
        assertThat(new ConverseTranslation.Translated(JSON.createObjectNode(), null).param("messages[0].role"))
                .isEqualTo("messages");
    }
}
