package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converse tool use and the non-text content blocks: validation of {@code toolConfig}, {@code toolUse},
 * {@code toolResult}, {@code image} and {@code document} against the service model's shapes, AWS's conversation
 * rules for tool blocks, and the emulated model's deterministic tool rule.
 *
 * <p>The rule: {@code toolChoice} {@code any} calls the first tool, {@code tool} the named one (a forced choice
 * always yields a call, as on AWS). Otherwise, when the last user message carries {@code toolResult} blocks the
 * model answers {@code The tool <name> returned: <the result's text or JSON>}; else it calls the first tool (in
 * {@code tools} order) whose name the last user message's text contains (any case), or answers text. A call's input
 * has every {@code required} property of the tool's {@code inputSchema.json}: an {@code enum}'s first value, else by
 * {@code type} string → the last word of the user's text (letters and digits), integer / number → 1, boolean →
 * true, object → {}, array → [] (no type: string).
 */
final class ConverseTools {

    private static final String TOOL_NAME_PATTERN = "[a-zA-Z0-9_-]+";
    private static final String TOOL_USE_ID_PATTERN = "[a-zA-Z0-9_.:-]+";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> TOOL_CONFIG = Set.of("tools", "toolChoice");
    private static final Set<String> TOOL = Set.of("toolSpec", "systemTool", "cachePoint");
    private static final Set<String> TOOL_SPEC = Set.of("name", "description", "inputSchema", "strict");
    private static final Set<String> TOOL_CHOICE = Set.of("auto", "any", "tool");
    private static final Set<String> TOOL_USE = Set.of("toolUseId", "name", "input", "type");
    private static final Set<String> TOOL_RESULT = Set.of("toolUseId", "content", "status", "type");
    private static final Set<String> TOOL_RESULT_CONTENT = Set.of("json", "text", "image", "document", "video",
            "searchResult");
    private static final Set<String> IMAGE = Set.of("format", "source", "error");
    private static final Set<String> IMAGE_SOURCE = Set.of("bytes", "s3Location");
    private static final Set<String> DOCUMENT = Set.of("format", "name", "source", "context", "citations");
    private static final Set<String> DOCUMENT_SOURCE = Set.of("bytes", "s3Location", "text", "content");
    private static final List<String> IMAGE_FORMATS = List.of("png", "jpeg", "gif", "webp");
    private static final List<String> DOCUMENT_FORMATS = List.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html",
            "txt", "md");

    /** A tool the request declares: its name and its input schema ({@code inputSchema.json}). */
    record Tool(String name, JsonNode schema) {
    }

    /**
     * The request's tools.
     *
     * @param tools      the {@code toolSpec} tools, in order; empty when the request has no {@code toolConfig}
     * @param choice     {@code auto}, {@code any}, {@code tool}, or null when not given
     * @param choiceName the tool {@code toolChoice.tool} names, or null
     * @param present    whether the request has a {@code toolConfig}
     */
    record Config(List<Tool> tools, String choice, String choiceName, boolean present) {
        static final Config NONE = new Config(List.of(), null, null, false);

        /** Whether {@code toolChoice.tool} (if given) names one of the tools. */
        boolean choiceNameKnown() {
            return choiceName == null || tools.stream().anyMatch(t -> t.name().equals(choiceName));
        }
    }

    private ConverseTools() {
    }

    /** Validates {@code toolConfig} (absent: {@link Config#NONE}); constraint violations go to {@code constraints}. */
    static Config config(JsonNode toolConfig, ConstraintViolations constraints) {
        if (toolConfig == null || toolConfig.isNull()) {
            return Config.NONE;
        }
        ConverseRequestParser.requireKind(toolConfig, toolConfig.isObject(), "toolConfig", "a json object");
        ConverseRequestParser.requireKnown(toolConfig, TOOL_CONFIG, "toolConfig");
        List<Tool> tools = new ArrayList<>();
        JsonNode list = toolConfig.get("tools");
        if (list == null || list.isNull()) {
            constraints.missing("toolConfig.tools");
        } else {
            ConverseRequestParser.requireKind(list, list.isArray(), "toolConfig.tools", "a list");
            if (list.isEmpty()) {
                constraints.add("[]", "toolConfig.tools", "Member must have length greater than or equal to 1");
            }
            for (int i = 0; i < list.size(); i++) {
                Tool tool = tool(list.get(i), i, constraints);
                if (tool != null) {
                    tools.add(tool);
                }
            }
        }
        String choice = null;
        String choiceName = null;
        JsonNode toolChoice = toolConfig.get("toolChoice");
        if (toolChoice != null && !toolChoice.isNull()) {
            ConverseRequestParser.requireUnion(toolChoice, TOOL_CHOICE, "toolConfig.toolChoice", "ToolChoice");
            choice = toolChoice.propertyNames().iterator().next();
            JsonNode value = toolChoice.get(choice);
            String at = "toolConfig.toolChoice." + choice;
            ConverseRequestParser.requireKind(value, value.isObject(), at, "a json object");
            ConverseRequestParser.requireKnown(value, choice.equals("tool") ? Set.of("name") : Set.of(), at);
            if (choice.equals("tool")) {
                JsonNode name = value.get("name");
                if (name == null || name.isNull()) {
                    constraints.missing("toolConfig.toolChoice.tool.name");
                } else {
                    ConverseRequestParser.requireKind(name, name.isString(), at + ".name", "a string");
                    choiceName = name.stringValue();
                    constraints.checkLength(choiceName, "toolConfig.toolChoice.tool.name", 1, 64);
                    constraints.checkPattern(choiceName, "toolConfig.toolChoice.tool.name", TOOL_NAME_PATTERN);
                }
            }
        }
        return new Config(tools, choice, choiceName, true);
    }

    private static Tool tool(JsonNode tool, int i, ConstraintViolations constraints) {
        String at = "toolConfig.tools." + i;
        String member = "toolConfig.tools." + (i + 1) + ".member";
        ConverseRequestParser.requireUnion(tool, TOOL, at, "Tool");
        JsonNode spec = tool.get("toolSpec");
        if (spec == null) {
            return null;
        }
        at += ".toolSpec";
        member += ".toolSpec";
        ConverseRequestParser.requireKind(spec, spec.isObject(), at, "a json object");
        ConverseRequestParser.requireKnown(spec, TOOL_SPEC, at);
        String name = null;
        JsonNode nameNode = spec.get("name");
        if (nameNode == null || nameNode.isNull()) {
            constraints.missing(member + ".name");
        } else {
            ConverseRequestParser.requireKind(nameNode, nameNode.isString(), at + ".name", "a string");
            name = nameNode.stringValue();
            constraints.checkLength(name, member + ".name", 1, 64);
            constraints.checkPattern(name, member + ".name", TOOL_NAME_PATTERN);
        }
        JsonNode description = spec.get("description");
        if (description != null && !description.isNull()) {
            ConverseRequestParser.requireKind(description, description.isString(), at + ".description", "a string");
            constraints.checkLength(description.stringValue(), member + ".description", 1, null);
        }
        JsonNode strict = spec.get("strict");
        if (strict != null && !strict.isNull()) {
            ConverseRequestParser.requireKind(strict, strict.isBoolean(), at + ".strict", "a boolean");
        }
        JsonNode schema = null;
        JsonNode inputSchema = spec.get("inputSchema");
        if (inputSchema == null || inputSchema.isNull()) {
            constraints.missing(member + ".inputSchema");
        } else {
            ConverseRequestParser.requireUnion(inputSchema, Set.of("json"), at + ".inputSchema", "ToolInputSchema");
            schema = inputSchema.get("json");
            ConverseRequestParser.requireKind(schema, schema.isObject(), at + ".inputSchema.json", "a json object");
        }
        return name == null ? null : new Tool(name, schema);
    }

    /** Validates a {@code toolUse} block of a message. */
    static void toolUse(JsonNode block, String at, String member, ConstraintViolations constraints) {
        ConverseRequestParser.requireKind(block, block.isObject(), at, "a json object");
        ConverseRequestParser.requireKnown(block, TOOL_USE, at);
        toolUseId(block, at, member, constraints);
        JsonNode name = block.get("name");
        if (name == null || name.isNull()) {
            constraints.missing(member + ".name");
        } else {
            ConverseRequestParser.requireKind(name, name.isString(), at + ".name", "a string");
            constraints.checkLength(name.stringValue(), member + ".name", 1, 64);
            constraints.checkPattern(name.stringValue(), member + ".name", TOOL_NAME_PATTERN);
        }
        JsonNode input = block.get("input");
        if (input == null || input.isNull()) {
            constraints.missing(member + ".input");
        }
    }

    /** Validates a {@code toolResult} block of a message. */
    static void toolResult(JsonNode block, String at, String member, ConstraintViolations constraints) {
        ConverseRequestParser.requireKind(block, block.isObject(), at, "a json object");
        ConverseRequestParser.requireKnown(block, TOOL_RESULT, at);
        toolUseId(block, at, member, constraints);
        JsonNode status = block.get("status");
        if (status != null && !status.isNull()) {
            ConverseRequestParser.requireKind(status, status.isString(), at + ".status", "a string");
            constraints.checkEnum(status.stringValue(), member + ".status", List.of("success", "error"));
        }
        JsonNode content = block.get("content");
        if (content == null || content.isNull()) {
            constraints.missing(member + ".content");
            return;
        }
        ConverseRequestParser.requireKind(content, content.isArray(), at + ".content", "a list");
        for (int i = 0; i < content.size(); i++) {
            String itemAt = at + ".content." + i;
            String itemMember = member + ".content." + (i + 1) + ".member";
            JsonNode item = content.get(i);
            ConverseRequestParser.requireUnion(item, TOOL_RESULT_CONTENT, itemAt, "ToolResultContentBlock");
            JsonNode text = item.get("text");
            if (text != null) {
                ConverseRequestParser.requireKind(text, text.isString(), itemAt + ".text", "a string");
            }
            if (item.has("image")) {
                image(item.get("image"), itemAt + ".image", itemMember + ".image", constraints);
            }
            if (item.has("document")) {
                document(item.get("document"), itemAt + ".document", itemMember + ".document", constraints);
            }
        }
        if (status != null && "error".equals(status.stringValue()) && content.isEmpty()) {
            throw BedrockException.validation("The content field at " + at + " cannot be empty when status value"
                    + " is error.");
        }
    }

    private static void toolUseId(JsonNode block, String at, String member, ConstraintViolations constraints) {
        JsonNode id = block.get("toolUseId");
        if (id == null || id.isNull()) {
            constraints.missing(member + ".toolUseId");
            return;
        }
        ConverseRequestParser.requireKind(id, id.isString(), at + ".toolUseId", "a string");
        constraints.checkLength(id.stringValue(), member + ".toolUseId", 1, 64);
        constraints.checkPattern(id.stringValue(), member + ".toolUseId", TOOL_USE_ID_PATTERN);
    }

    /** Validates an {@code image} block: format png | jpeg | gif | webp, source {@code bytes} (base64) or S3. */
    static void image(JsonNode block, String at, String member, ConstraintViolations constraints) {
        ConverseRequestParser.requireKind(block, block.isObject(), at, "a json object");
        ConverseRequestParser.requireKnown(block, IMAGE, at);
        JsonNode format = block.get("format");
        if (format == null || format.isNull()) {
            constraints.missing(member + ".format");
        } else {
            ConverseRequestParser.requireKind(format, format.isString(), at + ".format", "a string");
            constraints.checkEnum(format.stringValue(), member + ".format", IMAGE_FORMATS);
        }
        source(block.get("source"), IMAGE_SOURCE, "ImageSource", at, member, constraints);
    }

    /** Validates a {@code document} block: name 1..200, format among the service model's, a source. */
    static void document(JsonNode block, String at, String member, ConstraintViolations constraints) {
        ConverseRequestParser.requireKind(block, block.isObject(), at, "a json object");
        ConverseRequestParser.requireKnown(block, DOCUMENT, at);
        JsonNode format = block.get("format");
        if (format != null && !format.isNull()) {
            ConverseRequestParser.requireKind(format, format.isString(), at + ".format", "a string");
            constraints.checkEnum(format.stringValue(), member + ".format", DOCUMENT_FORMATS);
        }
        JsonNode name = block.get("name");
        if (name == null || name.isNull()) {
            constraints.missing(member + ".name");
        } else {
            ConverseRequestParser.requireKind(name, name.isString(), at + ".name", "a string");
            constraints.checkLength(name.stringValue(), member + ".name", 1, 200);
        }
        source(block.get("source"), DOCUMENT_SOURCE, "DocumentSource", at, member, constraints);
    }

    private static void source(JsonNode source, Set<String> members, String union, String at, String member,
                               ConstraintViolations constraints) {
        if (source == null || source.isNull()) {
            constraints.missing(member + ".source");
            return;
        }
        ConverseRequestParser.requireUnion(source, members, at + ".source", union);
        JsonNode bytes = source.get("bytes");
        if (bytes != null) {
            boolean base64 = bytes.isString();
            if (base64) {
                try {
                    Base64.getDecoder().decode(bytes.stringValue());
                } catch (IllegalArgumentException e) {
                    base64 = false;
                }
            }
            ConverseRequestParser.requireKind(bytes, base64, at + ".source.bytes", "a base64-encoded string");
            if (bytes.stringValue().isEmpty()) {
                constraints.add("", member + ".source.bytes", "Member must have length greater than or equal to 1");
            }
        }
        JsonNode text = source.get("text");
        if (text != null) {
            ConverseRequestParser.requireKind(text, text.isString(), at + ".source.text", "a string");
        }
    }

    /**
     * AWS's conversation rules for tool blocks: a request whose messages carry {@code toolUse} or {@code toolResult}
     * blocks needs a {@code toolConfig}; the {@code toolResult} blocks of a user message answer exactly the
     * {@code toolUse} blocks of the assistant message just before it (by {@code toolUseId}), and an assistant
     * message's {@code toolUse} blocks are answered by the next message.
     */
    static void conversationRules(JsonNode messages, Config config) {
        boolean toolBlocks = false;
        for (JsonNode message : messages) {
            for (JsonNode block : message.get("content")) {
                toolBlocks |= block.has("toolUse") || block.has("toolResult");
            }
        }
        if (toolBlocks && !config.present()) {
            throw BedrockException.validation("The toolConfig field must be defined when using toolUse and"
                    + " toolResult content blocks.");
        }
        if (!config.choiceNameKnown()) {
            throw BedrockException.validation("The tool " + config.choiceName() + " named in toolChoice is not"
                    + " defined in toolConfig.tools. Define it and try again.");
        }
        for (int i = 0; i < messages.size(); i++) {
            List<String> uses = ids(messages.get(i), "toolUse");
            List<String> results = ids(messages.get(i), "toolResult");
            List<String> previousUses = i == 0 ? List.of() : ids(messages.get(i - 1), "toolUse");
            if (results.size() > previousUses.size()) {
                throw BedrockException.validation("The number of toolResult blocks at messages." + i + ".content"
                        + " exceeds the number of toolUse blocks of previous turn.");
            }
            if (!results.isEmpty() || !previousUses.isEmpty()) {
                List<String> missing = previousUses.stream().filter(id -> !results.contains(id)).toList();
                if (!missing.isEmpty()) {
                    throw BedrockException.validation("Expected toolResult blocks at messages." + i + ".content for"
                            + " the following Ids: " + String.join(", ", missing));
                }
            }
            if (!uses.isEmpty() && new HashSet<>(uses).size() != uses.size()) {
                throw BedrockException.validation("The toolUse blocks at messages." + i + ".content must have"
                        + " distinct toolUseIds.");
            }
        }
    }

    private static List<String> ids(JsonNode message, String kind) {
        List<String> ids = new ArrayList<>();
        for (JsonNode block : message.get("content")) {
            if (block.has(kind)) {
                ids.add(block.get(kind).get("toolUseId").stringValue());
            }
        }
        return ids;
    }

    /** The tool the emulated model calls for this request, or null when it answers text (see the class rule). */
    static Tool chosen(Config config, JsonNode messages) {
        if (config.tools().isEmpty()) {
            return null;
        }
        if ("any".equals(config.choice())) {
            return config.tools().getFirst();
        }
        if ("tool".equals(config.choice())) {
            return config.tools().stream().filter(t -> t.name().equals(config.choiceName())).findFirst()
                    .orElseThrow();
        }
        JsonNode last = messages.get(messages.size() - 1);
        if (!"user".equals(last.get("role").stringValue()) || !ids(last, "toolResult").isEmpty()) {
            return null;
        }
        String text = NovaCodec.blocksText(last.get("content")).toLowerCase(Locale.ROOT);
        for (Tool tool : config.tools()) {
            if (text.contains(tool.name().toLowerCase(Locale.ROOT))) {
                return tool;
            }
        }
        return null;
    }

    /**
     * The text the model answers to the {@code toolResult} blocks of the last user message:
     * {@code The tool <name> returned: <text or JSON>} per result, one per line; null when it carries none.
     */
    static String resultsText(JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        if (messages.size() < 2 || !"user".equals(last.get("role").stringValue())) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode block : messages.get(messages.size() - 2).get("content")) {
            if (block.has("toolUse")) {
                names.put(block.get("toolUse").get("toolUseId").stringValue(),
                        block.get("toolUse").get("name").stringValue());
            }
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode block : last.get("content")) {
            JsonNode result = block.get("toolResult");
            if (result == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode item : result.get("content")) {
                if (item.has("text")) {
                    parts.add(item.get("text").stringValue());
                } else if (item.has("json")) {
                    parts.add(new String(FamilySupport.bytes(item.get("json")),
                            java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    parts.add("[" + item.propertyNames().iterator().next() + "]");
                }
            }
            lines.add("The tool " + names.get(result.get("toolUseId").stringValue()) + " returned: "
                    + String.join(" ", parts));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /**
     * The {@code {"toolUse": {"toolUseId", "name", "input"}}} block of a call of {@code tool}: the input built from
     * its schema's {@code required} properties, the id {@code tooluse_} and 22 characters derived from the request.
     */
    static ObjectNode call(Tool tool, JsonNode messages) {
        JsonNode last = messages.get(messages.size() - 1);
        String text = NovaCodec.blocksText(last.get("content"));
        ObjectNode block = FamilySupport.object();
        block.putObject("toolUse")
                .put("toolUseId", "tooluse_" + FamilySupport.base62(22, tool.name(), text,
                        Integer.toString(messages.size()), FamilySupport.MAPPER.writeValueAsString(messages)))
                .put("name", tool.name())
                .set("input", input(tool, text));
        return block;
    }

    /** A call's input: each {@code required} property of the tool's schema, valued by the class rule. */
    static ObjectNode input(Tool tool, String userText) {
        String word = "";
        Matcher words = WORD.matcher(userText);
        while (words.find()) {
            word = words.group();
        }
        ObjectNode input = FamilySupport.object();
        JsonNode schema = tool.schema();
        JsonNode properties = schema == null ? null : schema.get("properties");
        JsonNode required = schema == null ? null : schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode name : required) {
                if (!name.isString()) {
                    continue;
                }
                JsonNode property = properties == null ? null : properties.get(name.stringValue());
                input.set(name.stringValue(), value(property, word));
            }
        }
        return input;
    }

    private static JsonNode value(JsonNode property, String word) {
        var nodes = tools.jackson.databind.node.JsonNodeFactory.instance;
        if (property != null && property.get("enum") instanceof ArrayNode values && !values.isEmpty()) {
            return values.get(0);
        }
        String type = property == null || property.get("type") == null ? "string"
                : property.get("type").isArray() && !property.get("type").isEmpty()
                ? property.get("type").get(0).asString() : property.get("type").asString();
        return switch (type) {
            case "integer", "number" -> nodes.numberNode(1);
            case "boolean" -> nodes.booleanNode(true);
            case "object" -> nodes.objectNode();
            case "array" -> nodes.arrayNode();
            case "null" -> nodes.nullNode();
            default -> nodes.stringNode(word);
        };
    }
}
