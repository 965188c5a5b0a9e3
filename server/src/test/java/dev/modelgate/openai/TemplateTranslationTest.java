package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequestTest.JSON;
import static dev.modelgate.openai.ChatRequestTest.PNG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.ChatRule;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenAI chat → a template model's variables by its chat rule, and what each rule refuses. */
class TemplateTranslationTest {

    /** The presets' variables (presets.yaml): no messages, tools, top_p or stop variable. */
    private static final List<PromptVariable> PRESET = List.of(
            PromptVariable.optional("system.prompt", VariableType.STRING, JSON.readTree("\"You are helpful.\"")),
            PromptVariable.required("prompt", VariableType.STRING),
            PromptVariable.optional("max_tokens", VariableType.INTEGER, JSON.readTree("512")),
            PromptVariable.optional("temperature", VariableType.NUMBER, JSON.readTree("0.5")));
    /** The Claude preset's template. */
    private static final String CLAUDE = """
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": {{max_tokens}}, "system": "{{system.prompt}}",
             "temperature": {{temperature}},
             "messages": [{"role": "user", "content": [{"type": "text", "text": "{{prompt}}"}]}]}""";
    /** Every chat variable by its default name. */
    private static final List<PromptVariable> FULL = List.of(
            PromptVariable.optional("system.prompt", VariableType.STRING, null),
            PromptVariable.optional("prompt", VariableType.STRING, null),
            PromptVariable.required("messages", VariableType.JSON),
            PromptVariable.optional("tools", VariableType.JSON, null),
            PromptVariable.optional("max_tokens", VariableType.NUMBER, null),
            PromptVariable.optional("temperature", VariableType.NUMBER, null),
            PromptVariable.optional("top_p", VariableType.NUMBER, null),
            PromptVariable.optional("stop", VariableType.JSON, null));

    private static Map<String, JsonNode> variables(String json, List<PromptVariable> variables) {
        return TemplateTranslation.variables(ChatRequestTest.read(json), ChatRule.defaults(variables), "m");
    }

    private static List<Violation> refusals(String json, ChatRule rule) {
        try {
            TemplateTranslation.variables(ChatRequestTest.read(json), rule, "m");
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("no refusal");
    }

    private static List<String> refused(String json, List<PromptVariable> variables) {
        return refusals(json, ChatRule.defaults(variables)).stream().map(v -> v.field() + " " + v.rule()).toList();
    }

    @Test
    void presetVariables_takeTheLastUserMessageSystemAndParameters_andRender() {
        Map<String, JsonNode> values = variables("""
                {"model": "m", "max_tokens": 64, "temperature": 0.2, "top_p": 0.9, "stop": "END",
                 "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                   {"role": "assistant", "content": "Hello"}, {"role": "developer", "content": "No emojis."},
                   {"role": "user", "content": [{"type": "text", "text": "Say"}, {"type": "text", "text": "\\"bye\\""}]}]}
                """, PRESET);

        assertThat(values).containsExactly(Map.entry("prompt", JSON.readTree("\"Say\\n\\\"bye\\\"\"")),
                Map.entry("system.prompt", JSON.readTree("\"Be brief.\\n\\nNo emojis.\"")),
                Map.entry("max_tokens", JSON.readTree("64")), Map.entry("temperature", JSON.readTree("0.2")));
        byte[] body = RequestTemplate.compile(CLAUDE, PRESET).render(values);
        assertThat(JSON.readTree(new String(body, StandardCharsets.UTF_8))).isEqualTo(JSON.readTree("""
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "system": "Be brief.\\n\\nNo emojis.",
                 "temperature": 0.2,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Say\\n\\"bye\\""}]}]}"""));
    }

    @Test
    void presetVariables_withoutParameters_leaveTheDefaultsToTheTemplate() {
        assertThat(variables(ChatRequestTest.with(""), PRESET))
                .containsExactly(Map.entry("prompt", JSON.readTree("\"Hi\"")));
    }

    @Test
    void everyVariable_takesTheConversationAsSent_toolsAndStopAsArrays() {
        Map<String, JsonNode> values = variables("""
                {"model": "m", "max_completion_tokens": 10, "temperature": 1.5, "top_p": 0.5, "stop": "END",
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
                 "messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "Q", "name": "ann"},
                   {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function",
                     "function": {"name": "f", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "c", "content": "R"}]}""", FULL);

        assertThat(values).containsExactly(Map.entry("prompt", JSON.readTree("\"Q\"")),
                Map.entry("system.prompt", JSON.readTree("\"S\"")),
                Map.entry("messages", JSON.readTree("""
                        [{"role": "user", "content": "Q", "name": "ann"},
                         {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function",
                           "function": {"name": "f", "arguments": "{}"}}]},
                         {"role": "tool", "tool_call_id": "c", "content": "R"}]""")),
                Map.entry("tools", JSON.readTree(
                        "[{\"type\": \"function\", \"function\": {\"name\": \"f\", \"parameters\": {\"type\": \"object\"}}}]")),
                Map.entry("max_tokens", JSON.readTree("10")), Map.entry("temperature", JSON.readTree("1.5")),
                Map.entry("top_p", JSON.readTree("0.5")), Map.entry("stop", JSON.readTree("[\"END\"]")));
        RequestTemplate.compile("{\"m\": {{messages}}, \"t\": {{tools}}, \"s\": {{stop}}, \"n\": {{max_tokens}}}", FULL)
                .render(values);
    }

    @Test
    void theOnlyJsonVariable_takesTheConversation() {
        List<PromptVariable> conversation = List.of(PromptVariable.required("history", VariableType.JSON));

        assertThat(variables("""
                {"model": "m", "messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}""",
                conversation)).containsExactly(Map.entry("history", JSON.readTree(
                "[{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}]")));
    }

    @Test
    void toolChoiceNone_sendsNoTools() {
        assertThat(variables(ChatRequestTest.with("\"tool_choice\": \"none\", \"tools\": [{\"type\": \"function\", "
                + "\"function\": {\"name\": \"f\"}}]"), PRESET)).containsOnlyKeys("prompt");
    }

    @Test
    void aRuleWithNeitherPromptNorMessages_takesNoChat() {
        assertThat(refusals(ChatRequestTest.with(""), ChatRule.NONE)).containsExactly(Violation.of("model",
                "model-takes-no-chat", "model m takes no chat: its chat rule maps neither chat.prompt nor "
                        + "chat.messages to a variable; set one of them, or use a Converse model"));
    }

    @Test
    void tools_withoutAToolsVariable_areRefusedNamingTheSetting() {
        assertThat(refusals(ChatRequestTest.with("\"tools\": [{\"type\": \"function\", \"function\": {\"name\": "
                + "\"f\"}}]"), ChatRule.defaults(PRESET))).containsExactly(Violation.of("tools",
                "not-supported-by-model", "model m has no chat.tools variable; declare a JSON variable and set "
                        + "chat.tools to it, or use a Converse model"));
    }

    @Test
    void toolMessagesAndCalls_withoutAMessagesVariable_areRefused() {
        String chat = """
                {"model": "m", "messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "tool_calls": [
                  {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "c", "content": "R"}]}""";

        assertThat(refusals(chat, ChatRule.defaults(PRESET))).containsExactly(
                Violation.of("messages[1].tool_calls", "not-supported-by-model", "model m takes no tool calls in the "
                        + "history: it has no chat.messages variable; declare a JSON variable and set chat.messages "
                        + "to it, or use a Converse model"),
                Violation.of("messages[2].role", "not-supported-by-model", "model m takes no tool messages: it has no "
                        + "chat.messages variable; declare a JSON variable and set chat.messages to it, or use a "
                        + "Converse model"),
                Violation.of("messages[2].role", "not-supported-by-model", "model m takes only the last user message "
                        + "(chat.prompt) and the chat ends with a tool message; declare a JSON variable and set "
                        + "chat.messages to it, or use a Converse model"));
    }

    @Test
    void images_areAlwaysRefused() {
        String chat = """
                {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "What?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}}]}]}""".formatted(PNG);

        assertThat(refusals(chat, ChatRule.defaults(FULL))).containsExactly(Violation.of("messages[0].content[1]",
                "not-supported-by-model", "template models take no images (model m renders its request from text "
                        + "variables); send images to a Converse model"));
    }

    @Test
    void responseFormatJson_forcedToolChoice_andSystemWithoutVariable_areRefused() {
        List<PromptVariable> promptOnly = List.of(PromptVariable.required("prompt", VariableType.STRING),
                PromptVariable.optional("tools", VariableType.JSON, null));

        assertThat(refused("""
                {"model": "m", "messages": [{"role": "developer", "content": "D"}, {"role": "user", "content": "Q"}],
                 "response_format": {"type": "json_object"}}""", promptOnly))
                .containsExactly("messages[0].role not-supported-by-model", "response_format.type not-supported-by-model");
        assertThat(refused(ChatRequestTest.with("\"tools\": [{\"type\": \"function\", \"function\": {\"name\": "
                + "\"f\"}}], \"tool_choice\": \"required\""), promptOnly))
                .containsExactly("tool_choice not-supported-by-model");
        assertThat(refusals(ChatRequestTest.with("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": "
                + "{\"name\": \"p\"}}"), ChatRule.defaults(FULL)).getFirst().message()).isEqualTo("template models "
                + "cannot honour \"json_schema\" (model m answers free text); use a Converse model");
        assertThat(variables(ChatRequestTest.with("\"response_format\": {\"type\": \"text\"}"), promptOnly))
                .containsOnlyKeys("prompt");
    }

    @Test
    void aChatEndingWithAnAssistantMessage_needsAMessagesVariable() {
        String chat = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, "
                + "{\"role\": \"assistant\", \"content\": \"A\"}]}";

        assertThat(refused(chat, PRESET)).containsExactly("messages[1].role not-supported-by-model");
        assertThat(variables(chat, FULL)).containsOnlyKeys("prompt", "messages");
    }
}
