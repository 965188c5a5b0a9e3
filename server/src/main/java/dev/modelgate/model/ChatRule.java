package dev.modelgate.model;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
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

    /** The types each member's variable may have, by member. */
    private static final Map<String, List<VariableType>> TYPES = Map.of(
            "prompt", List.of(VariableType.STRING), "system", List.of(VariableType.STRING),
            "messages", List.of(VariableType.JSON), "tools", List.of(VariableType.JSON),
            "maxTokens", List.of(VariableType.INTEGER, VariableType.NUMBER),
            "temperature", List.of(VariableType.NUMBER), "topP", List.of(VariableType.NUMBER),
            "stop", List.of(VariableType.JSON));

    /**
     * The rule in force for a template model with these variables that declares {@code declared} (null: none).
     * A declared member names its variable, or is {@link ModelDraft.Chat#NONE}; a member left out takes its default:
     * the member of {@link #defaults} computed over the variables that no declared member names.
     *
     * @throws InvalidInputException listing every violation, each under {@code chat.<member>}:
     *                               {@code unknown-variable} (the model has no such variable), {@code wrong-type}
     *                               (its type does not fit the member) and {@code duplicate-variable} (another member
     *                               names it too)
     */
    public static ChatRule compile(ModelDraft.Chat declared, List<PromptVariable> variables) {
        if (declared == null) {
            return defaults(variables);
        }
        Map<String, PromptVariable> byName = new java.util.LinkedHashMap<>();
        variables.forEach(v -> byName.put(v.name(), v));
        List<Violation> violations = new ArrayList<>();
        Map<String, String> named = new java.util.HashMap<>();
        for (String member : ModelDraft.Chat.MEMBERS) {
            String name = declared.member(member);
            if (name == null || name.equals(ModelDraft.Chat.NONE)) {
                continue;
            }
            String field = "chat." + member;
            PromptVariable variable = byName.get(name);
            List<VariableType> types = TYPES.get(member);
            if (variable == null) {
                violations.add(Violation.of(field, "unknown-variable", field + " names " + Quoted.of(name)
                        + ", which is not a variable of this model; " + (byName.isEmpty() ? "it has no variables"
                        : "its variables are " + String.join(", ", byName.keySet()))));
            } else if (!types.contains(variable.type())) {
                violations.add(Violation.of(field, "wrong-type", field + " must name a variable of type "
                        + String.join(" or ", types.stream().map(VariableType::name).toList()) + ", but "
                        + Quoted.of(name) + " is " + variable.type().name()));
            } else if (named.containsKey(name)) {
                violations.add(Violation.of(field, "duplicate-variable", field + " names " + Quoted.of(name)
                        + ", which chat." + named.get(name) + " names too; a variable receives one part of the chat"));
            } else {
                named.put(name, member);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        ChatRule fallback = defaults(variables.stream().filter(v -> !named.containsKey(v.name())).toList());
        List<String> rule = ModelDraft.Chat.MEMBERS.stream().map(member -> {
            String name = declared.member(member);
            return name == null ? fallback.variable(member).orElse(null) : name.equals(ModelDraft.Chat.NONE) ? null : name;
        }).toList();
        return new ChatRule(rule.get(0), rule.get(1), rule.get(2), rule.get(3), rule.get(4), rule.get(5), rule.get(6),
                rule.get(7));
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
