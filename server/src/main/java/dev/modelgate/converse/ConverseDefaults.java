package dev.modelgate.converse;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A Converse model's compiled defaults (the draft's {@code converse} member) and its fixed pair of variables,
 * {@code prompt} (required STRING) and {@code system.prompt} (optional STRING). Every part is read once, when the
 * configuration compiles; each is null when the model has none.
 *
 * @param variables the fixed pair as a tiny template: rendering it checks a single turn's values exactly as a
 *                  template model's are checked ({@code missing-variable}, {@code wrong-type},
 *                  {@code unknown-variable}) and applies test values and defaults
 */
public record ConverseDefaults(List<SystemContentBlock> system, InferenceConfiguration inferenceConfig,
                               Document additionalModelRequestFields, ToolConfiguration toolConfig,
                               RequestTemplate variables) {

    /** The single-turn variable holding the user's message. */
    public static final String PROMPT = "prompt";
    /** The single-turn variable holding the system prompt. */
    public static final String SYSTEM_PROMPT = "system.prompt";

    private static final String VARIABLES_TEMPLATE = "{\"prompt\": {{prompt}}, \"system\": {{system.prompt}}}";
    private static final Set<String> MEMBERS = Set.of("system", "inferenceConfig", "additionalModelRequestFields",
            "toolConfig");

    /**
     * Compiles a draft's {@code converse} member and its variables.
     *
     * @param converse  the defaults as JSON, or null for none
     * @param variables the variables the draft lists (already validated one by one): only {@code prompt} and
     *                  {@code system.prompt}, both STRING, may be listed, to give test values, defaults and
     *                  descriptions
     * @throws InvalidInputException fields {@code converse.…} and {@code variables[i].…}, every problem at once
     */
    public static ConverseDefaults compile(JsonNode converse, List<PromptVariable> variables) {
        List<Violation> violations = new ArrayList<>();
        PromptVariable prompt = PromptVariable.required(PROMPT, VariableType.STRING);
        PromptVariable system = new PromptVariable(SYSTEM_PROMPT, VariableType.STRING, false, null, null, null);
        for (int i = 0; i < variables.size(); i++) {
            PromptVariable v = variables.get(i);
            String field = "variables[" + i + "]";
            if (v.name().equals(PROMPT) || v.name().equals(SYSTEM_PROMPT)) {
                if (v.type() != VariableType.STRING) {
                    violations.add(Violation.of(field + ".type", "fixed-variable", "a Converse model's "
                            + v.name() + " is a STRING, got " + v.type()));
                } else if (v.name().equals(PROMPT) && !v.required()) {
                    violations.add(Violation.of(field + ".required", "fixed-variable",
                            "a Converse model's prompt is required"));
                } else if (v.name().equals(PROMPT)) {
                    prompt = v;
                } else {
                    system = v;
                }
            } else {
                violations.add(Violation.of(field + ".name", "unknown-variable", "a Converse model's variables are "
                        + "prompt and system.prompt; " + dev.modelgate.validation.Quoted.of(v.name())
                        + " is neither (the messages of an invocation carry everything else)"));
            }
        }
        ConverseJson reader = new ConverseJson();
        List<SystemContentBlock> systemBlocks = null;
        InferenceConfiguration inference = null;
        Document additional = null;
        ToolConfiguration tools = null;
        if (converse != null && !converse.isNull()) {
            if (!converse.isObject()) {
                reader.add("converse", "wrong-type", "must be an object");
            } else {
                for (String name : converse.propertyNames()) {
                    if (!MEMBERS.contains(name)) {
                        reader.add("converse." + name, "unknown-field", "is not a member of converse; members are "
                                + MEMBERS.stream().sorted().toList());
                    }
                }
                systemBlocks = present(converse, "system") ? reader.systemText(converse.get("system"), "converse.system")
                        : null;
                inference = present(converse, "inferenceConfig")
                        ? reader.inferenceConfig(converse.get("inferenceConfig"), "converse.inferenceConfig") : null;
                additional = present(converse, "additionalModelRequestFields") ? reader.additionalFields(
                        converse.get("additionalModelRequestFields"), "converse.additionalModelRequestFields") : null;
                tools = present(converse, "toolConfig")
                        ? reader.toolConfig(converse.get("toolConfig"), "converse.toolConfig") : null;
            }
        }
        violations.addAll(reader.violations());
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        RequestTemplate template = RequestTemplate.compile(VARIABLES_TEMPLATE, List.of(prompt, system));
        return new ConverseDefaults(systemBlocks, inference, additional, tools, template);
    }

    static boolean present(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }
}
