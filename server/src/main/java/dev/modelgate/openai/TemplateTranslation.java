package dev.modelgate.openai;

import dev.modelgate.model.ChatRule;
import dev.modelgate.openai.ChatRequest.Image;
import dev.modelgate.openai.ChatRequest.Message;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * OpenAI chat → a template model's variables, by the model's {@link ChatRule}. What the rule cannot carry is refused
 * (rule {@code not-supported-by-model}, the message naming the model setting that would allow it); parameters whose
 * variable the rule lacks ({@code temperature}, {@code top_p}, max tokens, {@code stop}) are ignored. The mapping,
 * member by member, is in the package documentation.
 */
public final class TemplateTranslation {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TemplateTranslation() {
    }

    /**
     * The variables a chat gives a template model, by variable name (only the ones the chat fills; the template's
     * defaults and required checks apply to the rest when it renders).
     *
     * @param request   a validated chat
     * @param rule      the model's chat rule
     * @param modelName the model's name, for messages
     * @throws InvalidInputException every refusal at once: field {@code model}, rule {@code model-takes-no-chat}
     *                               when the rule maps neither prompt nor messages; else rule
     *                               {@code not-supported-by-model} naming the OpenAI parameter
     */
    public static Map<String, JsonNode> variables(ChatRequest request, ChatRule rule, String modelName) {
        String model = "model " + modelName;
        if (!rule.takesChat()) {
            throw new InvalidInputException(Violation.of("model", "model-takes-no-chat", model + " takes no chat: "
                    + "its chat rule maps neither chat.prompt nor chat.messages to a variable; set one of them, or "
                    + "use a Converse model"));
        }
        List<Violation> refusals = new ArrayList<>();
        List<String> system = new ArrayList<>();
        List<String> systemPaths = new ArrayList<>();
        ArrayNode conversation = JSON.createArrayNode();
        Message lastUser = null;
        for (int i = 0; i < request.messages().size(); i++) {
            Message message = request.messages().get(i);
            String path = "messages[" + i + "]";
            switch (message.role()) {
                case "system", "developer" -> {
                    system.add(message.text());
                    systemPaths.add(path);
                    continue;
                }
                case "user" -> lastUser = message;
                case "tool" -> {
                    if (rule.messages() == null) {
                        refusals.add(refusal(path + ".role", model + " takes no tool messages: it has no "
                                + "chat.messages variable; declare a JSON variable and set chat.messages to it, or "
                                + "use a Converse model"));
                    }
                }
                default -> {
                    if (!message.toolCalls().isEmpty() && rule.messages() == null) {
                        refusals.add(refusal(path + ".tool_calls", model + " takes no tool calls in the history: "
                                + "it has no chat.messages variable; declare a JSON variable and set chat.messages to "
                                + "it, or use a Converse model"));
                    }
                }
            }
            for (int j = 0; j < message.content().size(); j++) {
                if (message.content().get(j) instanceof Image) {
                    refusals.add(refusal(path + ".content[" + j + "]", "template models take no images (" + model
                            + " renders its request from text variables); send images to a Converse model"));
                }
            }
            conversation.add(message.json().deepCopy());
        }
        if (!system.isEmpty() && rule.system() == null) {
            refusals.add(refusal(systemPaths.getFirst() + ".role", model + " takes no system message: it has no chat.system "
                    + "variable; declare a STRING variable and set chat.system to it"));
        }
        Message last = request.messages().getLast();
        if (rule.messages() == null && !last.role().equals("user")) {
            refusals.add(refusal("messages[" + (request.messages().size() - 1) + "].role", model + " takes only the "
                    + "last user message (chat.prompt) and the chat ends with " + (last.role().startsWith("a") ? "an " : "a ")
                    + last.role() + " message; declare "
                    + "a JSON variable and set chat.messages to it, or use a Converse model"));
        }
        boolean tools = !request.tools().isEmpty() && (request.toolChoice() == null || !request.toolChoice().none());
        if (tools && rule.tools() == null) {
            refusals.add(refusal("tools", model + " has no chat.tools variable; declare a JSON variable and set "
                    + "chat.tools to it, or use a Converse model"));
        }
        if (request.toolChoice() != null && !request.toolChoice().none()
                && !request.toolChoice().type().equals("auto")) {
            refusals.add(refusal("tool_choice", "a template model cannot be made to call a tool (" + model
                    + " renders its request from variables); use tool_choice \"auto\" or a Converse model"));
        }
        if (request.responseFormat() != null && request.responseFormat().json()) {
            refusals.add(refusal("response_format.type", "template models cannot honour " + Quoted.of(
                    request.responseFormat().type()) + " (" + model + " answers free text); use a Converse model"));
        }
        if (!refusals.isEmpty()) {
            throw new InvalidInputException(refusals);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (rule.prompt() != null && lastUser != null) {
            values.put(rule.prompt(), JSON.getNodeFactory().stringNode(lastUser.text()));
        }
        if (rule.system() != null && !system.isEmpty()) {
            values.put(rule.system(), JSON.getNodeFactory().stringNode(String.join("\n\n", system)));
        }
        if (rule.messages() != null) {
            values.put(rule.messages(), conversation);
        }
        if (rule.tools() != null && tools) {
            values.put(rule.tools(), request.toolsJson());
        }
        if (rule.maxTokens() != null && request.maxTokens() != null) {
            values.put(rule.maxTokens(), JSON.getNodeFactory().numberNode(request.maxTokens()));
        }
        if (rule.temperature() != null && request.temperatureJson() != null) {
            values.put(rule.temperature(), request.temperatureJson().deepCopy());
        }
        if (rule.topP() != null && request.topPJson() != null) {
            values.put(rule.topP(), request.topPJson().deepCopy());
        }
        if (rule.stop() != null && request.stop() != null) {
            ArrayNode stop = JSON.createArrayNode();
            request.stop().forEach(stop::add);
            values.put(rule.stop(), stop);
        }
        return values;
    }

    private static Violation refusal(String field, String message) {
        return Violation.of(field, "not-supported-by-model", message);
    }
}
