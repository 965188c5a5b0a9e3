package dev.modelgate.converse;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds what a Converse model sends from its {@link ConverseDefaults} and an invocation's body: either a single turn
 * ({@code {"variables": {"prompt": …, "system.prompt": …}}}) or Converse's own JSON ({@code messages}, {@code system},
 * {@code inferenceConfig}, {@code toolConfig}, {@code additionalModelRequestFields}). What the body gives overrides
 * the defaults member by member: {@code system} and {@code toolConfig} as a whole, {@code inferenceConfig} field by
 * field, {@code additionalModelRequestFields} key by key.
 */
public final class ConverseRequests {

    /** The members of an invoke body that a Converse model reads ({@code stream} is the controller's). */
    public static final Set<String> BODY_MEMBERS = Set.of("variables", "messages", "system", "inferenceConfig",
            "toolConfig", "additionalModelRequestFields", "stream");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConverseRequests() {
    }

    /**
     * The parts of one Converse request, validated and merged with the model's defaults; what {@code ConverseRequest}
     * and {@code ConverseStreamRequest} are built from (in {@code ConverseInvoker}, the one place each is built).
     */
    public record Parts(List<Message> messages, List<SystemContentBlock> system, InferenceConfiguration inferenceConfig,
                        ToolConfiguration toolConfig, Document additionalModelRequestFields) {
    }

    /**
     * Reads an invocation body.
     *
     * @param body     the whole invoke body (an object); members other than {@link #BODY_MEMBERS} are refused
     * @param defaults the model's defaults
     * @param testValues whether the variables' test values fill in before their defaults (the Test)
     * @throws InvalidInputException naming each field by path and rule
     */
    public static Parts read(JsonNode body, ConverseDefaults defaults, boolean testValues) {
        ConverseJson reader = new ConverseJson();
        for (String name : body.propertyNames()) {
            if (!BODY_MEMBERS.contains(name)) {
                reader.add(name, "unknown-field", "is not a member of a Converse model's invoke body; members are "
                        + BODY_MEMBERS.stream().sorted().toList());
            }
        }
        boolean hasVariables = ConverseDefaults.present(body, "variables");
        boolean hasMessages = ConverseDefaults.present(body, "messages");
        List<Message> messages = List.of();
        List<SystemContentBlock> system = null;
        if (hasVariables && hasMessages) {
            reader.add("messages", "variables-or-messages", "and variables were both given: a single turn takes "
                    + "variables, a conversation takes messages");
        } else if (hasMessages) {
            messages = reader.messages(body.get("messages"), "messages");
        } else {
            JsonNode variables = hasVariables ? body.get("variables") : JSON.createObjectNode();
            if (!variables.isObject()) {
                reader.add("variables", "wrong-type", "must be an object");
            } else if (!reader.failed()) {
                SingleTurn turn = singleTurn(variables, defaults, testValues, reader);
                if (turn != null) {
                    messages = List.of(Message.builder().role(ConversationRole.USER)
                            .content(ContentBlock.fromText(turn.prompt())).build());
                    system = turn.system();
                }
            }
        }
        if (ConverseDefaults.present(body, "system")) {
            if (hasVariables) {
                reader.add("system", "variables-or-messages", "is not read with variables: give system.prompt");
            } else {
                system = reader.system(body.get("system"), "system");
            }
        }
        InferenceConfiguration inference = ConverseDefaults.present(body, "inferenceConfig")
                ? reader.inferenceConfig(body.get("inferenceConfig"), "inferenceConfig") : null;
        ToolConfiguration tools = ConverseDefaults.present(body, "toolConfig")
                ? reader.toolConfig(body.get("toolConfig"), "toolConfig") : null;
        Document additional = ConverseDefaults.present(body, "additionalModelRequestFields")
                ? reader.additionalFields(body.get("additionalModelRequestFields"), "additionalModelRequestFields")
                : null;
        ToolConfiguration mergedTools = tools != null ? tools : defaults.toolConfig();
        if (!reader.failed() && mergedTools == null && usesTools(messages)) {
            reader.add("toolConfig", "required", "is required when messages carry toolUse or toolResult blocks, "
                    + "and the model has no default tools");
        }
        if (reader.failed()) {
            throw new InvalidInputException(reader.violations());
        }
        return new Parts(messages, system != null ? system : defaults.system(),
                merge(defaults.inferenceConfig(), inference), mergedTools,
                merge(defaults.additionalModelRequestFields(), additional));
    }

    private record SingleTurn(String prompt, List<SystemContentBlock> system) {
    }

    private static SingleTurn singleTurn(JsonNode variables, ConverseDefaults defaults, boolean testValues,
                                         ConverseJson reader) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (testValues) {
            defaults.variables().variables().stream().filter(v -> v.testValue() != null)
                    .forEach(v -> values.put(v.name(), v.testValue()));
        }
        for (Map.Entry<String, JsonNode> e : variables.properties()) {
            values.put(e.getKey(), e.getValue());
        }
        JsonNode rendered;
        try {
            rendered = JSON.readTree(defaults.variables().render(values, "variables"));
        } catch (InvalidInputException e) {
            reader.violations().addAll(e.violations());
            return null;
        } catch (JacksonException e) {
            throw new IllegalStateException("the variables' template rendered no JSON", e);
        }
        int before = reader.violations().size();
        List<Message> prompt = reader.messages(JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
                .set("content", JSON.createArrayNode().add(JSON.createObjectNode()
                        .set("text", rendered.get("prompt"))))), "messages");
        List<SystemContentBlock> system = reader.systemText(rendered.get("system"), "variables.system.prompt");
        if (reader.violations().size() > before) {
            // the prompt's text rules, named after the variable that carried it
            List<Violation> renamed = new ArrayList<>();
            for (Violation v : reader.violations().subList(before, reader.violations().size())) {
                renamed.add(v.field().startsWith("messages") ? new Violation("variables.prompt", v.rule(),
                        v.message().replace("messages[0].content[0].text", "variables.prompt"), 0, 0) : v);
            }
            reader.violations().subList(before, reader.violations().size()).clear();
            reader.violations().addAll(renamed);
            return null;
        }
        return new SingleTurn(prompt.getFirst().content().getFirst().text(), system);
    }

    private static boolean usesTools(List<Message> messages) {
        for (Message m : messages) {
            for (ContentBlock b : m.content()) {
                if (b.toolUse() != null || b.toolResult() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static InferenceConfiguration merge(InferenceConfiguration defaults, InferenceConfiguration given) {
        if (defaults == null || given == null) {
            return given != null ? given : defaults;
        }
        return InferenceConfiguration.builder()
                .maxTokens(given.maxTokens() != null ? given.maxTokens() : defaults.maxTokens())
                .temperature(given.temperature() != null ? given.temperature() : defaults.temperature())
                .topP(given.topP() != null ? given.topP() : defaults.topP())
                .stopSequences(given.hasStopSequences() ? given.stopSequences()
                        : defaults.hasStopSequences() ? defaults.stopSequences() : null)
                .build();
    }

    private static Document merge(Document defaults, Document given) {
        if (defaults == null || given == null) {
            return given != null ? given : defaults;
        }
        Map<String, Document> merged = new LinkedHashMap<>(defaults.asMap());
        merged.putAll(given.asMap());
        return Document.fromMap(merged);
    }
}
