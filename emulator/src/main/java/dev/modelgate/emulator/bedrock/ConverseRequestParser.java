package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates a Converse / ConverseStream request body against the {@code ConverseRequest} shape and extracts the
 * prompt. Checks run in the service's order: the JSON must fit the shape (types, known members, unions with exactly
 * one member), then the model's constraints ({@code inferenceConfig.maxTokens >= 1}, temperature and topP in 0..1,
 * role enum, required members) all at once, then the conversation rules.
 *
 * <p>Messages: conversation rules, empty content and blank text use AWS's wording ("A conversation must start with a
 * user message…", "…must alternate between user and assistant roles…", "The content field in the Message object at
 * messages.0 is empty…", "The text field in the ContentBlock object at messages.0.content.0 is blank…"). Type errors
 * follow AWS's "The format of the value at {path} is invalid. Provide {kind} for the field and try again."
 * Tool use, image and document blocks: see {@link ConverseTools}.
 * Unknown members are rejected with emulator wording: "The request contains an unrecognized field: {path}. Remove it
 * and try again." (AWS's text for that case is not known).
 */
final class ConverseRequestParser {

    private static final Set<String> TOP = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "promptVariables", "additionalModelResponseFieldPaths",
            "requestMetadata", "performanceConfig", "serviceTier", "outputConfig");
    private static final Set<String> MESSAGE = Set.of("role", "content");
    private static final Set<String> CONTENT_BLOCK = Set.of("text", "image", "document", "video", "audio", "toolUse",
            "toolResult", "guardContent", "cachePoint", "reasoningContent", "citationsContent", "searchResult",
            "toolAddition", "toolRemoval");
    private static final Set<String> SYSTEM_BLOCK = Set.of("text", "guardContent", "cachePoint");
    private static final Set<String> INFERENCE = Set.of("maxTokens", "temperature", "topP", "stopSequences");
    private static final List<String> ROLES = List.of("user", "assistant", "system");

    private ConverseRequestParser() {
    }

    static Prompt parse(JsonNode body) {
        requireKind(body, body.isObject(), "", "a json object");
        requireKnown(body, TOP, "");
        ConstraintViolations constraints = new ConstraintViolations();
        List<String> systemParts = systemTexts(body.get("system"), constraints);
        JsonNode config = body.get("inferenceConfig");
        int maxTokens = inferenceConfig(config, constraints);
        JsonNode messages = body.get("messages");
        if (messages != null) {
            requireKind(messages, messages.isArray(), "messages", "a list");
            for (int i = 0; i < messages.size(); i++) {
                message(messages.get(i), i, constraints);
            }
        }
        ConverseTools.Config tools = ConverseTools.config(body.get("toolConfig"), constraints);
        constraints.throwIfAny();
        conversationRules(messages);
        ConverseTools.conversationRules(messages, tools);
        String system = String.join("\n", systemParts);
        List<String> texts = new ArrayList<>(List.of(system));
        String lastUser = "";
        for (JsonNode message : messages) {
            String text = NovaCodec.blocksText(message.get("content"));
            texts.add(text);
            if ("user".equals(message.get("role").stringValue())) {
                lastUser = text;
            }
        }
        List<String> stops = FamilySupport.strings(config == null ? null : config.get("stopSequences"));
        return new Prompt(system, lastUser, maxTokens, stops, Tokens.countInput(texts));
    }

    private static List<String> systemTexts(JsonNode system, ConstraintViolations constraints) {
        List<String> parts = new ArrayList<>();
        if (system == null) {
            return parts;
        }
        requireKind(system, system.isArray(), "system", "a list");
        for (int i = 0; i < system.size(); i++) {
            String at = "system." + i;
            JsonNode block = system.get(i);
            requireUnion(block, SYSTEM_BLOCK, at, "SystemContentBlock");
            JsonNode text = block.get("text");
            if (text != null) {
                requireKind(text, text.isString(), at + ".text", "a string");
                constraints.checkLength(text.stringValue(), "system." + (i + 1) + ".member.text", 1, null);
                parts.add(text.stringValue());
            }
        }
        return parts;
    }

    private static int inferenceConfig(JsonNode config, ConstraintViolations constraints) {
        if (config == null) {
            return Prompt.MODEL_DEFAULT;
        }
        requireKind(config, config.isObject(), "inferenceConfig", "a json object");
        requireKnown(config, INFERENCE, "inferenceConfig");
        int maxTokens = Prompt.MODEL_DEFAULT;
        JsonNode max = config.get("maxTokens");
        if (max != null) {
            requireKind(max, max.isIntegralNumber() && max.canConvertToInt(), "inferenceConfig.maxTokens",
                    "an integer");
            constraints.checkRange(max.intValue(), Integer.toString(max.intValue()), "inferenceConfig.maxTokens",
                    1.0, null);
            maxTokens = Math.max(0, max.intValue());
        }
        for (String name : List.of("temperature", "topP")) {
            JsonNode value = config.get(name);
            if (value != null) {
                requireKind(value, value.isNumber(), "inferenceConfig." + name, "a number");
                float f = value.floatValue();
                constraints.checkRange(f, Float.toString(f), "inferenceConfig." + name, 0.0, 1.0);
            }
        }
        JsonNode stops = config.get("stopSequences");
        if (stops != null) {
            requireKind(stops, stops.isArray(), "inferenceConfig.stopSequences", "a list");
            for (int i = 0; i < stops.size(); i++) {
                JsonNode stop = stops.get(i);
                requireKind(stop, stop.isString(), "inferenceConfig.stopSequences." + i, "a string");
                constraints.checkLength(stop.stringValue(),
                        "inferenceConfig.stopSequences." + (i + 1) + ".member", 1, null);
            }
        }
        return maxTokens;
    }

    private static void message(JsonNode message, int index, ConstraintViolations constraints) {
        String at = "messages." + index;
        String member = "messages." + (index + 1) + ".member";
        requireKind(message, message.isObject(), at, "a json object");
        requireKnown(message, MESSAGE, at);
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            constraints.missing(member + ".role");
        } else {
            requireKind(role, role.isString(), at + ".role", "a string");
            constraints.checkEnum(role.stringValue(), member + ".role", ROLES);
        }
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            constraints.missing(member + ".content");
            return;
        }
        requireKind(content, content.isArray(), at + ".content", "a list");
        for (int i = 0; i < content.size(); i++) {
            String blockAt = at + ".content." + i;
            JsonNode block = content.get(i);
            String blockMember = member + ".content." + (i + 1) + ".member";
            requireUnion(block, CONTENT_BLOCK, blockAt, "ContentBlock");
            JsonNode text = block.get("text");
            if (text != null) {
                requireKind(text, text.isString(), blockAt + ".text", "a string");
            }
            if (block.has("toolUse")) {
                ConverseTools.toolUse(block.get("toolUse"), blockAt + ".toolUse", blockMember + ".toolUse",
                        constraints);
            }
            if (block.has("toolResult")) {
                ConverseTools.toolResult(block.get("toolResult"), blockAt + ".toolResult",
                        blockMember + ".toolResult", constraints);
            }
            if (block.has("image")) {
                ConverseTools.image(block.get("image"), blockAt + ".image", blockMember + ".image", constraints);
            }
            if (block.has("document")) {
                ConverseTools.document(block.get("document"), blockAt + ".document", blockMember + ".document",
                        constraints);
            }
        }
    }

    private static void conversationRules(JsonNode messages) {
        if (messages == null || messages.isEmpty() || !"user".equals(messages.get(0).get("role").stringValue())) {
            throw BedrockException.validation("A conversation must start with a user message. Try again with a"
                    + " conversation that starts with a user message.");
        }
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).get("role").stringValue();
            boolean expectedUser = i % 2 == 0;
            if ("system".equals(role) || "user".equals(role) != expectedUser) {
                throw BedrockException.validation("A conversation must alternate between user and assistant roles."
                        + " Make sure the conversation alternates between user and assistant roles and try again.");
            }
            JsonNode content = messages.get(i).get("content");
            if (content.isEmpty()) {
                throw BedrockException.validation("The content field in the Message object at messages." + i
                        + " is empty. Add a ContentBlock object to the content field and try again.");
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode text = content.get(j).get("text");
                if (text != null && text.stringValue().isBlank()) {
                    throw BedrockException.validation("The text field in the ContentBlock object at messages." + i
                            + ".content." + j + " is blank. Add text to the text field, and try again.");
                }
            }
        }
    }

    static void requireKind(JsonNode node, boolean ok, String at, String kind) {
        if (!ok) {
            throw BedrockException.validation("The format of the value at " + (at.isEmpty() ? "the request body" : at)
                    + " is invalid. Provide " + kind + " for the field and try again.");
        }
    }

    static void requireKnown(JsonNode node, Set<String> known, String at) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw BedrockException.validation("The request contains an unrecognized field: "
                        + (at.isEmpty() ? name : at + "." + name) + ". Remove it and try again.");
            }
        }
    }

    static void requireUnion(JsonNode block, Set<String> members, String at, String union) {
        requireKind(block, block.isObject(), at, "a json object");
        requireKnown(block, members, at);
        if (block.size() != 1) {
            throw BedrockException.validation("The format of the value at " + at + " is invalid. Provide exactly one"
                    + " member of " + union + " for the field and try again.");
        }
    }
}
