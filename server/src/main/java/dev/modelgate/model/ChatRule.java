package dev.modelgate.model;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.VariableType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a chat (the OpenAI-compatible API's {@code messages} and parameters) fills a template model's variables. Each
 * member names the variable that receives one part of the chat, or is null when the model takes none:
 *
 * @param prompt      the last user message's text (a {@link VariableType#STRING} variable)
 * @param system      the system and developer messages' text, joined by a blank line (STRING)
 * @param messages    the whole conversation but its system messages, in OpenAI's message shape (JSON)
 * @param tools       the request's {@code tools}, as sent (JSON)
 * @param maxTokens   {@code max_completion_tokens} or {@code max_tokens} (INTEGER or NUMBER)
 * @param temperature {@code temperature} (NUMBER)
 * @param topP        {@code top_p} (NUMBER)
 * @param stop        {@code stop}, always as an array of strings (JSON)
 */
public record ChatRule(String prompt, String system, String messages, String tools, String maxTokens,
                       String temperature, String topP, String stop) {

    /** The variable names the default rule looks for, by member. */
    public static final Map<String, String> DEFAULT_NAMES = Map.of(
            "prompt", "prompt", "system", "system.prompt", "messages", "messages", "tools", "tools",
            "maxTokens", "max_tokens", "temperature", "temperature", "topP", "top_p", "stop", "stop");

    /** The rule that maps nothing. */
    public static final ChatRule NONE = new ChatRule(null, null, null, null, null, null, null, null);

    /**
     * The rule of a model that declares none: each member takes the variable of its default name
     * ({@link #DEFAULT_NAMES}) when the model has one of a fitting type; {@code messages} otherwise takes the model's
     * only JSON variable, if it has exactly one that no other member took.
     */
    public static ChatRule defaults(List<PromptVariable> variables) {
        String prompt = named(variables, "prompt", VariableType.STRING);
        String system = named(variables, "system.prompt", VariableType.STRING);
        String tools = named(variables, "tools", VariableType.JSON);
        String stop = named(variables, "stop", VariableType.JSON);
        String messages = named(variables, "messages", VariableType.JSON);
        if (messages == null) {
            List<String> json = variables.stream().filter(v -> v.type() == VariableType.JSON)
                    .map(PromptVariable::name).filter(n -> !n.equals(tools) && !n.equals(stop)).toList();
            messages = json.size() == 1 ? json.getFirst() : null;
        }
        String maxTokens = named(variables, "max_tokens", VariableType.INTEGER, VariableType.NUMBER);
        return new ChatRule(prompt, system, messages, tools, maxTokens,
                named(variables, "temperature", VariableType.NUMBER),
                named(variables, "top_p", VariableType.NUMBER), stop);
    }

    /** Whether a chat can fill this model at all: it takes the last user message or the conversation. */
    public boolean takesChat() {
        return prompt != null || messages != null;
    }

    /** The variable {@code member} maps to, if any. */
    public Optional<String> variable(String member) {
        return Optional.ofNullable(switch (member) {
            case "prompt" -> prompt;
            case "system" -> system;
            case "messages" -> messages;
            case "tools" -> tools;
            case "maxTokens" -> maxTokens;
            case "temperature" -> temperature;
            case "topP" -> topP;
            case "stop" -> stop;
            default -> throw new IllegalArgumentException("no chat rule member " + member);
        });
    }

    private static String named(List<PromptVariable> variables, String name, VariableType... types) {
        for (PromptVariable v : variables) {
            if (v.name().equals(name) && List.of(types).contains(v.type())) {
                return name;
            }
        }
        return null;
    }
}
