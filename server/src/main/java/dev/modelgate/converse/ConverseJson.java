package dev.modelgate.converse;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Converse's own JSON (messages, system, inferenceConfig, toolConfig, additionalModelRequestFields) into the
 * SDK's types, checking every member against Converse's shape and Modelgate's limits. Every problem becomes a
 * {@link Violation} naming its field by path ({@code messages[1].content[0].toolResult.toolUseId}) and rule; the
 * reader goes on after a problem so that one answer lists them all.
 *
 * <p>Rules: {@code unknown-field}, {@code wrong-type}, {@code required}, {@code one-of} (a union with not exactly
 * one member), {@code unsupported-block} (a block Modelgate does not pass on: video, audio, cachePoint, …),
 * {@code invalid-role}, {@code role-order}, {@code blank}, {@code out-of-range}, {@code too-many}, {@code too-long},
 * {@code too-large}, {@code invalid-base64}, {@code invalid-format}, {@code invalid-name}, {@code duplicate-tool},
 * {@code unknown-tool}, {@code invalid-status}.
 */
public final class ConverseJson {

    /** Most messages in one request. */
    public static final int MAX_MESSAGES = 100;
    /** Most content blocks in one message (and in one tool result). */
    public static final int MAX_BLOCKS = 20;
    /** Most characters of one text block (message, system or tool result text). */
    public static final int MAX_TEXT_CHARS = 200_000;
    /** Most system blocks. */
    public static final int MAX_SYSTEM_BLOCKS = 10;
    /** Most bytes of one image, decoded (Bedrock's own limit is 3.75 MB; the request body limit applies first). */
    public static final int MAX_IMAGE_BYTES = 3_750_000;
    /** Most bytes of one document, decoded (Bedrock's own limit is 4.5 MB; the request body limit applies first). */
    public static final int MAX_DOCUMENT_BYTES = 4_500_000;
    /** Most tools in a tool configuration. */
    public static final int MAX_TOOLS = 64;
    /** Most characters of a tool's description. */
    public static final int MAX_TOOL_DESCRIPTION_CHARS = 10_000;
    /** Most stop sequences. */
    public static final int MAX_STOP_SEQUENCES = 64;
    /** Most characters of one stop sequence. */
    public static final int MAX_STOP_SEQUENCE_CHARS = 1_000;
    /** Most nesting of a free JSON document (tool input, input schema, additional fields). */
    public static final int MAX_DOCUMENT_DEPTH = 64;

    static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final Pattern TOOL_USE_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final Pattern DOCUMENT_NAME = Pattern.compile("[a-zA-Z0-9\\s\\-()\\[\\]]{1,200}");
    static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    static final Set<String> DOCUMENT_FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");
    /** Blocks of Converse that Modelgate does not pass on. */
    static final Set<String> UNSUPPORTED_BLOCKS = Set.of("video", "audio", "guardContent", "cachePoint",
            "reasoningContent", "citationsContent", "searchResult", "toolAddition", "toolRemoval");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Violation> violations = new ArrayList<>();

    /** The problems found so far. */
    public List<Violation> violations() {
        return violations;
    }

    /** Whether any rule was broken. */
    public boolean failed() {
        return !violations.isEmpty();
    }

    void add(String field, String rule, String message) {
        violations.add(Violation.of(field, rule, field + " " + message));
    }

    // ---- messages ------------------------------------------------------------------------------------------------

    /** {@code messages}: 1..{@value #MAX_MESSAGES}, starting with a user message, roles alternating. */
    public List<Message> messages(JsonNode node, String field) {
        if (!array(node, field)) {
            return List.of();
        }
        if (node.isEmpty()) {
            add(field, "required", "must hold at least one message");
            return List.of();
        }
        if (node.size() > MAX_MESSAGES) {
            add(field, "too-many", "may hold at most " + MAX_MESSAGES + " messages, got " + node.size());
            return List.of();
        }
        List<Message> messages = new ArrayList<>(node.size());
        String previous = null;
        for (int i = 0; i < node.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode m = node.get(i);
            if (!object(m, path) || !known(m, path, Set.of("role", "content"))) {
                continue;
            }
            String role = string(m.get("role"), path + ".role", true);
            ConversationRole conversationRole = null;
            if (role != null) {
                if (!role.equals("user") && !role.equals("assistant")) {
                    add(path + ".role", "invalid-role", "must be \"user\" or \"assistant\", got " + Quoted.of(role));
                } else if (previous == null && !role.equals("user")) {
                    add(path + ".role", "role-order", "must be \"user\": a conversation starts with a user message");
                } else if (role.equals(previous)) {
                    add(path + ".role", "role-order", "must not be \"" + role + "\" again: user and assistant "
                            + "messages alternate");
                } else {
                    conversationRole = ConversationRole.fromValue(role);
                }
                previous = role;
            }
            List<ContentBlock> content = contentBlocks(m.get("content"), path + ".content", role);
            if (conversationRole != null) {
                messages.add(Message.builder().role(conversationRole).content(content).build());
            }
        }
        return messages;
    }

    private List<ContentBlock> contentBlocks(JsonNode node, String field, String role) {
        if (node == null || node.isNull()) {
            add(field, "required", "is required");
            return List.of();
        }
        if (!array(node, field)) {
            return List.of();
        }
        if (node.isEmpty()) {
            add(field, "required", "must hold at least one block");
            return List.of();
        }
        if (node.size() > MAX_BLOCKS) {
            add(field, "too-many", "may hold at most " + MAX_BLOCKS + " blocks, got " + node.size());
            return List.of();
        }
        List<ContentBlock> blocks = new ArrayList<>(node.size());
        for (int j = 0; j < node.size(); j++) {
            String path = field + "[" + j + "]";
            String kind = union(node.get(j), path);
            if (kind == null) {
                continue;
            }
            JsonNode value = node.get(j).get(kind);
            String at = path + "." + kind;
            ContentBlock block = switch (kind) {
                case "text" -> {
                    String text = text(value, at);
                    yield text == null ? null : ContentBlock.fromText(text);
                }
                case "image" -> {
                    ImageBlock image = image(value, at);
                    yield image == null ? null : ContentBlock.fromImage(image);
                }
                case "document" -> {
                    DocumentBlock document = document(value, at);
                    yield document == null ? null : ContentBlock.fromDocument(document);
                }
                case "toolUse" -> {
                    if ("user".equals(role)) {
                        add(at, "role-order", "may only be in an assistant message");
                    }
                    ToolUseBlock use = toolUse(value, at);
                    yield use == null ? null : ContentBlock.fromToolUse(use);
                }
                case "toolResult" -> {
                    if ("assistant".equals(role)) {
                        add(at, "role-order", "may only be in a user message");
                    }
                    ToolResultBlock result = toolResult(value, at);
                    yield result == null ? null : ContentBlock.fromToolResult(result);
                }
                default -> {
                    unsupported(at, kind);
                    yield null;
                }
            };
            if (block != null) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private void unsupported(String at, String kind) {
        add(at, UNSUPPORTED_BLOCKS.contains(kind) ? "unsupported-block" : "unknown-field",
                UNSUPPORTED_BLOCKS.contains(kind) ? "is a block Modelgate does not pass on; use text, image, "
                        + "document, toolUse or toolResult" : "is not a block of Converse; use text, image, document, "
                        + "toolUse or toolResult");
    }

    private ImageBlock image(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("format", "source"))) {
            return null;
        }
        String format = format(node.get("format"), field + ".format", IMAGE_FORMATS);
        byte[] bytes = sourceBytes(node.get("source"), field + ".source", MAX_IMAGE_BYTES);
        return format == null || bytes == null ? null : ImageBlock.builder().format(format)
                .source(ImageSource.fromBytes(SdkBytes.fromByteArrayUnsafe(bytes))).build();
    }

    private DocumentBlock document(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("format", "name", "source"))) {
            return null;
        }
        String format = format(node.get("format"), field + ".format", DOCUMENT_FORMATS);
        String name = string(node.get("name"), field + ".name", true);
        if (name != null && !DOCUMENT_NAME.matcher(name).matches()) {
            add(field + ".name", "invalid-name", "must be 1 to 200 letters, digits, whitespace, hyphens, parentheses "
                    + "or square brackets, got " + Quoted.of(name));
            name = null;
        }
        byte[] bytes = sourceBytes(node.get("source"), field + ".source", MAX_DOCUMENT_BYTES);
        return format == null || name == null || bytes == null ? null : DocumentBlock.builder().format(format)
                .name(name).source(DocumentSource.fromBytes(SdkBytes.fromByteArrayUnsafe(bytes))).build();
    }

    private String format(JsonNode node, String field, Set<String> formats) {
        String format = string(node, field, true);
        if (format != null && !formats.contains(format)) {
            add(field, "invalid-format", "must be one of " + formats.stream().sorted().toList() + ", got "
                    + Quoted.of(format));
            return null;
        }
        return format;
    }

    private byte[] sourceBytes(JsonNode node, String field, int max) {
        if (node == null || node.isNull()) {
            add(field, "required", "is required");
            return null;
        }
        if (!object(node, field)) {
            return null;
        }
        if (node.has("s3Location") && node.size() == 1) {
            add(field + ".s3Location", "unsupported-block", "is not passed on: send the content as base64 in bytes");
            return null;
        }
        if (!known(node, field, Set.of("bytes"))) {
            return null;
        }
        String base64 = string(node.get("bytes"), field + ".bytes", true);
        if (base64 == null) {
            return null;
        }
        if (base64.length() > (long) (max + 2) / 3 * 4 + 4) {
            add(field + ".bytes", "too-large", "may hold at most " + max + " bytes, got about "
                    + (long) base64.length() * 3 / 4);
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            if (bytes.length == 0) {
                add(field + ".bytes", "required", "is empty");
                return null;
            }
            if (bytes.length > max) {
                add(field + ".bytes", "too-large", "may hold at most " + max + " bytes, got " + bytes.length);
                return null;
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            add(field + ".bytes", "invalid-base64", "is not base64: " + e.getMessage());
            return null;
        }
    }

    private ToolUseBlock toolUse(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("toolUseId", "name", "input"))) {
            return null;
        }
        String id = toolUseId(node.get("toolUseId"), field + ".toolUseId");
        String name = toolName(node.get("name"), field + ".name");
        JsonNode input = node.get("input");
        Document document = null;
        if (input == null || input.isNull()) {
            add(field + ".input", "required", "is required (an object, {} when the tool takes nothing)");
        } else {
            document = freeJson(input, field + ".input");
        }
        return id == null || name == null || document == null ? null
                : ToolUseBlock.builder().toolUseId(id).name(name).input(document).build();
    }

    private ToolResultBlock toolResult(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("toolUseId", "content", "status"))) {
            return null;
        }
        String id = toolUseId(node.get("toolUseId"), field + ".toolUseId");
        ToolResultStatus status = null;
        String statusText = string(node.get("status"), field + ".status", false);
        if (statusText != null) {
            if (statusText.equals("success") || statusText.equals("error")) {
                status = ToolResultStatus.fromValue(statusText);
            } else {
                add(field + ".status", "invalid-status", "must be \"success\" or \"error\", got " + Quoted.of(statusText));
            }
        }
        JsonNode content = node.get("content");
        List<ToolResultContentBlock> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            add(field + ".content", "required", "is required");
        } else if (array(content, field + ".content")) {
            if (content.isEmpty()) {
                add(field + ".content", "required", "must hold at least one block");
            } else if (content.size() > MAX_BLOCKS) {
                add(field + ".content", "too-many", "may hold at most " + MAX_BLOCKS + " blocks, got " + content.size());
            } else {
                for (int k = 0; k < content.size(); k++) {
                    String path = field + ".content[" + k + "]";
                    String kind = union(content.get(k), path);
                    if (kind == null) {
                        continue;
                    }
                    JsonNode value = content.get(k).get(kind);
                    String at = path + "." + kind;
                    switch (kind) {
                        case "text" -> {
                            String text = text(value, at);
                            if (text != null) {
                                blocks.add(ToolResultContentBlock.fromText(text));
                            }
                        }
                        case "json" -> {
                            Document json = freeJson(value, at);
                            if (json != null) {
                                blocks.add(ToolResultContentBlock.fromJson(json));
                            }
                        }
                        case "image" -> {
                            ImageBlock image = image(value, at);
                            if (image != null) {
                                blocks.add(ToolResultContentBlock.fromImage(image));
                            }
                        }
                        case "document" -> {
                            DocumentBlock document = document(value, at);
                            if (document != null) {
                                blocks.add(ToolResultContentBlock.fromDocument(document));
                            }
                        }
                        default -> add(at, UNSUPPORTED_BLOCKS.contains(kind) ? "unsupported-block" : "unknown-field",
                                "is not a tool result block Modelgate passes on; use text, json, image or document");
                    }
                }
            }
        }
        if (id == null || blocks.size() != (content == null || !content.isArray() ? -1 : content.size())) {
            return null;
        }
        ToolResultBlock.Builder result = ToolResultBlock.builder().toolUseId(id).content(blocks);
        if (status != null) {
            result.status(status);
        }
        return result.build();
    }

    private String toolUseId(JsonNode node, String field) {
        String id = string(node, field, true);
        if (id != null && !TOOL_USE_ID.matcher(id).matches()) {
            add(field, "invalid-name", "must be 1 to 64 letters, digits, '_' or '-', got " + Quoted.of(id));
            return null;
        }
        return id;
    }

    private String toolName(JsonNode node, String field) {
        String name = string(node, field, true);
        if (name != null && !TOOL_NAME.matcher(name).matches()) {
            add(field, "invalid-name", "must be 1 to 64 letters, digits, '_' or '-', got " + Quoted.of(name));
            return null;
        }
        return name;
    }

    // ---- system, inferenceConfig, toolConfig, additionalModelRequestFields --------------------------------------

    /** Converse's {@code system}: 1..{@value #MAX_SYSTEM_BLOCKS} blocks, each {@code {"text": "…"}}. */
    public List<SystemContentBlock> system(JsonNode node, String field) {
        if (!array(node, field)) {
            return null;
        }
        if (node.size() > MAX_SYSTEM_BLOCKS) {
            add(field, "too-many", "may hold at most " + MAX_SYSTEM_BLOCKS + " blocks, got " + node.size());
            return null;
        }
        List<SystemContentBlock> blocks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = field + "[" + i + "]";
            String kind = union(node.get(i), path);
            if (kind == null) {
                continue;
            }
            if (!kind.equals("text")) {
                add(path + "." + kind, UNSUPPORTED_BLOCKS.contains(kind) ? "unsupported-block" : "unknown-field",
                        "is not a system block Modelgate passes on; use text");
                continue;
            }
            String text = text(node.get(i).get(kind), path + ".text");
            if (text != null) {
                blocks.add(SystemContentBlock.fromText(text));
            }
        }
        return blocks;
    }

    /** A system prompt as one string (a model's default, or the {@code system.prompt} variable). */
    public List<SystemContentBlock> systemText(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = text(node, field);
        return text == null ? null : List.of(SystemContentBlock.fromText(text));
    }

    /** {@code inferenceConfig}: maxTokens ≥ 1, temperature and topP in 0..1, stopSequences. */
    public InferenceConfiguration inferenceConfig(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("maxTokens", "temperature", "topP", "stopSequences"))) {
            return null;
        }
        InferenceConfiguration.Builder config = InferenceConfiguration.builder();
        JsonNode maxTokens = node.get("maxTokens");
        if (maxTokens != null && !maxTokens.isNull()) {
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()) {
                add(field + ".maxTokens", "wrong-type", "must be a whole number");
            } else if (maxTokens.intValue() < 1) {
                add(field + ".maxTokens", "out-of-range", "must be at least 1, got " + maxTokens.intValue());
            } else {
                config.maxTokens(maxTokens.intValue());
            }
        }
        config.temperature(unit(node.get("temperature"), field + ".temperature"));
        config.topP(unit(node.get("topP"), field + ".topP"));
        JsonNode stops = node.get("stopSequences");
        if (stops != null && !stops.isNull() && array(stops, field + ".stopSequences")) {
            if (stops.size() > MAX_STOP_SEQUENCES) {
                add(field + ".stopSequences", "too-many", "may hold at most " + MAX_STOP_SEQUENCES + " sequences, got "
                        + stops.size());
            } else {
                List<String> sequences = new ArrayList<>();
                for (int i = 0; i < stops.size(); i++) {
                    String s = string(stops.get(i), field + ".stopSequences[" + i + "]", true);
                    if (s != null && s.isEmpty()) {
                        add(field + ".stopSequences[" + i + "]", "blank", "must not be empty");
                    } else if (s != null && s.length() > MAX_STOP_SEQUENCE_CHARS) {
                        add(field + ".stopSequences[" + i + "]", "too-long", "may be at most " + MAX_STOP_SEQUENCE_CHARS
                                + " characters, got " + s.length());
                    } else if (s != null) {
                        sequences.add(s);
                    }
                }
                config.stopSequences(sequences);
            }
        }
        return config.build();
    }

    private Float unit(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            add(field, "wrong-type", "must be a number");
            return null;
        }
        double value = node.doubleValue();
        if (!(value >= 0 && value <= 1)) {
            add(field, "out-of-range", "must be between 0 and 1, got " + node);
            return null;
        }
        return (float) value;
    }

    /** {@code toolConfig}: 1..{@value #MAX_TOOLS} tools, each a {@code toolSpec}, and an optional toolChoice. */
    public ToolConfiguration toolConfig(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("tools", "toolChoice"))) {
            return null;
        }
        JsonNode tools = node.get("tools");
        List<Tool> specs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (tools == null || tools.isNull()) {
            add(field + ".tools", "required", "is required");
        } else if (array(tools, field + ".tools")) {
            if (tools.isEmpty()) {
                add(field + ".tools", "required", "must hold at least one tool");
            } else if (tools.size() > MAX_TOOLS) {
                add(field + ".tools", "too-many", "may hold at most " + MAX_TOOLS + " tools, got " + tools.size());
            } else {
                for (int i = 0; i < tools.size(); i++) {
                    String path = field + ".tools[" + i + "]";
                    String kind = union(tools.get(i), path);
                    if (kind == null) {
                        continue;
                    }
                    if (!kind.equals("toolSpec")) {
                        add(path + "." + kind, "unsupported-block", "is not passed on; use toolSpec");
                        continue;
                    }
                    ToolSpecification spec = toolSpec(tools.get(i).get(kind), path + ".toolSpec");
                    if (spec == null) {
                        continue;
                    }
                    if (names.contains(spec.name())) {
                        add(path + ".toolSpec.name", "duplicate-tool", "names a tool that an earlier tool has: "
                                + Quoted.of(spec.name()));
                        continue;
                    }
                    names.add(spec.name());
                    specs.add(Tool.fromToolSpec(spec));
                }
            }
        }
        ToolChoice choice = null;
        JsonNode choiceNode = node.get("toolChoice");
        if (choiceNode != null && !choiceNode.isNull()) {
            String path = field + ".toolChoice";
            String kind = union(choiceNode, path);
            if (kind != null) {
                JsonNode value = choiceNode.get(kind);
                switch (kind) {
                    case "auto" -> {
                        if (object(value, path + ".auto") && known(value, path + ".auto", Set.of())) {
                            choice = ToolChoice.fromAuto(AutoToolChoice.builder().build());
                        }
                    }
                    case "any" -> {
                        if (object(value, path + ".any") && known(value, path + ".any", Set.of())) {
                            choice = ToolChoice.fromAny(AnyToolChoice.builder().build());
                        }
                    }
                    case "tool" -> {
                        if (object(value, path + ".tool") && known(value, path + ".tool", Set.of("name"))) {
                            String name = toolName(value.get("name"), path + ".tool.name");
                            if (name != null && !names.contains(name) && names.size() == specs.size()
                                    && !specs.isEmpty()) {
                                add(path + ".tool.name", "unknown-tool", "names no tool of tools: " + Quoted.of(name)
                                        + "; tools are " + names);
                            } else if (name != null) {
                                choice = ToolChoice.fromTool(SpecificToolChoice.builder().name(name).build());
                            }
                        }
                    }
                    default -> add(path + "." + kind, "unknown-field", "is not a tool choice; use auto, any or tool");
                }
            }
        }
        if (specs.isEmpty()) {
            return null;
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder().tools(specs);
        if (choice != null) {
            config.toolChoice(choice);
        }
        return config.build();
    }

    private ToolSpecification toolSpec(JsonNode node, String field) {
        if (!object(node, field) || !known(node, field, Set.of("name", "description", "inputSchema"))) {
            return null;
        }
        String name = toolName(node.get("name"), field + ".name");
        String description = string(node.get("description"), field + ".description", false);
        if (description != null && (description.isEmpty() || description.length() > MAX_TOOL_DESCRIPTION_CHARS)) {
            add(field + ".description", description.isEmpty() ? "blank" : "too-long", "must be 1 to "
                    + MAX_TOOL_DESCRIPTION_CHARS + " characters, got " + description.length());
            description = null;
        }
        JsonNode schema = node.get("inputSchema");
        Document json = null;
        if (schema == null || schema.isNull()) {
            add(field + ".inputSchema", "required", "is required: {\"json\": a JSON Schema of the tool's input}");
        } else if (object(schema, field + ".inputSchema") && known(schema, field + ".inputSchema", Set.of("json"))) {
            JsonNode value = schema.get("json");
            if (value == null || value.isNull()) {
                add(field + ".inputSchema.json", "required", "is required: a JSON Schema of the tool's input");
            } else if (!value.isObject()) {
                add(field + ".inputSchema.json", "wrong-type", "must be an object (a JSON Schema)");
            } else {
                json = freeJson(value, field + ".inputSchema.json");
            }
        }
        if (name == null || json == null) {
            return null;
        }
        ToolSpecification.Builder spec = ToolSpecification.builder().name(name)
                .inputSchema(ToolInputSchema.fromJson(json));
        if (description != null) {
            spec.description(description);
        }
        return spec.build();
    }

    /** {@code additionalModelRequestFields}: any JSON object, passed on as it is. */
    public Document additionalFields(JsonNode node, String field) {
        if (!object(node, field)) {
            return null;
        }
        return freeJson(node, field);
    }

    // ---- JSON <-> Document ---------------------------------------------------------------------------------------

    /** A JSON value as an SDK document, at most {@value #MAX_DOCUMENT_DEPTH} deep. */
    public Document freeJson(JsonNode node, String field) {
        return freeJson(node, field, 0);
    }

    private Document freeJson(JsonNode node, String field, int depth) {
        if (depth > MAX_DOCUMENT_DEPTH) {
            add(field, "too-deep", "nests deeper than " + MAX_DOCUMENT_DEPTH + " levels");
            return null;
        }
        if (node.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Document value = freeJson(e.getValue(), field + "." + e.getKey(), depth + 1);
                if (value == null) {
                    return null;
                }
                map.put(e.getKey(), value);
            }
            return Document.fromMap(map);
        }
        if (node.isArray()) {
            List<Document> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                Document value = freeJson(node.get(i), field + "[" + i + "]", depth + 1);
                if (value == null) {
                    return null;
                }
                list.add(value);
            }
            return Document.fromList(list);
        }
        if (node.isString()) {
            return Document.fromString(node.stringValue());
        }
        if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                // a number past the double range, which Jackson reads as infinite: no document number holds it
                add(field, "out-of-range", "is a number beyond the range of a double");
                return null;
            }
            return Document.fromNumber(SdkNumber.fromBigDecimal(node.decimalValue()));
        }
        if (node.isBoolean()) {
            return Document.fromBoolean(node.booleanValue());
        }
        return Document.fromNull();
    }

    /** An SDK document as JSON (a tool call's input, as Bedrock answered it). */
    public static JsonNode json(Document document) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        if (document == null || document.isNull()) {
            return nodes.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = nodes.objectNode();
            document.asMap().forEach((k, v) -> object.set(k, json(v)));
            return object;
        }
        if (document.isList()) {
            var array = nodes.arrayNode();
            document.asList().forEach(v -> array.add(json(v)));
            return array;
        }
        if (document.isString()) {
            return nodes.stringNode(document.asString());
        }
        if (document.isNumber()) {
            return nodes.numberNode(new BigDecimal(document.asNumber().stringValue()));
        }
        return nodes.booleanNode(document.asBoolean());
    }

    // ---- shapes --------------------------------------------------------------------------------------------------

    /** The one member of a union object, or null (reported) when it is not an object with exactly one member. */
    private String union(JsonNode node, String field) {
        if (!object(node, field)) {
            return null;
        }
        if (node.size() != 1) {
            add(field, "one-of", "must have exactly one member, got " + node.size()
                    + (node.isEmpty() ? "" : " (" + node.propertyNames().stream().toList() + ")"));
            return null;
        }
        return node.propertyNames().iterator().next();
    }

    private boolean known(JsonNode node, String field, Set<String> members) {
        boolean ok = true;
        for (String name : node.propertyNames()) {
            if (!members.contains(name)) {
                add(field + "." + name, "unknown-field", "is not a member of " + field + "; members are "
                        + members.stream().sorted().toList());
                ok = false;
            }
        }
        return ok;
    }

    private boolean object(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            add(field, "required", "is required");
            return false;
        }
        if (!node.isObject()) {
            add(field, "wrong-type", "must be an object");
            return false;
        }
        return true;
    }

    private boolean array(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            add(field, "required", "is required");
            return false;
        }
        if (!node.isArray()) {
            add(field, "wrong-type", "must be an array");
            return false;
        }
        return true;
    }

    private String string(JsonNode node, String field, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                add(field, "required", "is required");
            }
            return null;
        }
        if (!node.isString()) {
            add(field, "wrong-type", "must be a string");
            return null;
        }
        return node.stringValue();
    }

    private String text(JsonNode node, String field) {
        String text = string(node, field, true);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            add(field, "blank", "must not be blank");
            return null;
        }
        if (text.length() > MAX_TEXT_CHARS) {
            add(field, "too-long", "may be at most " + MAX_TEXT_CHARS + " characters, got " + text.length());
            return null;
        }
        return text;
    }
}
