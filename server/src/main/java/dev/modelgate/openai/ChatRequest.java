package dev.modelgate.openai;

import dev.modelgate.converse.ConverseJson;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A validated {@code POST /v1/chat/completions} body: every parameter checked against OpenAI's shape and Modelgate's
 * limits, every problem reported at once as a {@link dev.modelgate.validation.Violation} whose field is the OpenAI
 * parameter path ({@code messages[2].content[0].image_url.url}, {@code tools[0].function.name}, {@code n}).
 *
 * <p>Rules: {@code required}, {@code wrong-type}, {@code unknown-parameter} (not a parameter of chat completions,
 * or not a member of the object it is in), {@code unsupported-parameter} (a parameter of OpenAI that Modelgate
 * cannot honour, given a value other than its neutral one: false, 0, null, empty), {@code unsupported-value}
 * ({@code n} other than 1, {@code parallel_tool_calls: false}, a role, content part, tool type or response format
 * Modelgate does not take), {@code unsupported-combination} ({@code response_format} json_* with {@code tools}),
 * {@code out-of-range}, {@code too-many}, {@code too-long}, {@code too-large}, {@code blank}, {@code invalid-format}
 * (tool names and call IDs, data URLs), {@code invalid-json} (tool call arguments), {@code url-not-fetched} (an
 * http(s) image URL: Modelgate never fetches URLs), {@code invalid-role}, {@code duplicate-tool},
 * {@code unknown-tool}. What each parameter becomes is in the package documentation.
 */
public final class ChatRequest {

    /** Most messages in one request (a Converse model takes at most {@link ConverseJson#MAX_MESSAGES} after merging). */
    public static final int MAX_MESSAGES = 1000;
    /** Most content parts in one message (Converse's most blocks per message). */
    public static final int MAX_CONTENT_PARTS = ConverseJson.MAX_BLOCKS;
    /** Most tool calls in one assistant message (Converse's most blocks per message). */
    public static final int MAX_TOOL_CALLS = ConverseJson.MAX_BLOCKS;
    /** Most characters of one text (a message's content, a part, a tool call's arguments). */
    public static final int MAX_TEXT_CHARS = ConverseJson.MAX_TEXT_CHARS;
    /** Most bytes of one image, decoded (Converse's limit). */
    public static final int MAX_IMAGE_BYTES = ConverseJson.MAX_IMAGE_BYTES;
    /** Most tools (Converse's limit). */
    public static final int MAX_TOOLS = ConverseJson.MAX_TOOLS;
    /** Most characters of a tool's or a JSON schema's description (Converse's limit). */
    public static final int MAX_DESCRIPTION_CHARS = ConverseJson.MAX_TOOL_DESCRIPTION_CHARS;
    /** Most stop sequences (OpenAI's limit). */
    public static final int MAX_STOP = 4;
    /** Most characters of one stop sequence (Converse's limit). */
    public static final int MAX_STOP_CHARS = ConverseJson.MAX_STOP_SEQUENCE_CHARS;
    /** Most metadata pairs (OpenAI's limit), and the longest key and value. */
    public static final int MAX_METADATA_PAIRS = 16;
    public static final int MAX_METADATA_KEY_CHARS = 64;
    public static final int MAX_METADATA_VALUE_CHARS = 512;
    /** Most characters of {@code model}, of {@code user} and the other free identifiers, of a message's name. */
    public static final int MAX_MODEL_CHARS = 256;
    public static final int MAX_IDENTIFIER_CHARS = 512;
    public static final int MAX_NAME_CHARS = 64;

    /** Tool names, JSON schema names and tool call IDs: what Converse takes for its tool names and IDs. */
    static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** Parameters read and honoured (or accepted and ignored: user, metadata, store, service_tier, …). */
    static final Set<String> PARAMETERS = Set.of("model", "messages", "stream", "stream_options", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "stop", "n", "tools", "tool_choice",
            "parallel_tool_calls", "response_format", "user", "metadata", "store", "service_tier",
            "safety_identifier", "prompt_cache_key");
    /** Parameters of OpenAI that Modelgate cannot honour: refused unless given their neutral value. */
    static final Set<String> UNSUPPORTED = Set.of("logprobs", "top_logprobs", "frequency_penalty",
            "presence_penalty", "logit_bias", "seed", "audio", "modalities", "prediction", "web_search_options",
            "reasoning_effort", "functions", "function_call", "verbosity");

    /** A content part: text (also an assistant's refusal part) or an image given as a data URL. */
    public sealed interface Part permits Text, Image {
    }

    public record Text(String text) implements Part {
    }

    /** @param format png, jpeg, gif or webp (jpg is read as jpeg); @param base64 the data URL's data, as sent */
    public record Image(String format, String base64) implements Part {
    }

    /** An assistant's tool call: {@code input} is {@code arguments} parsed (an object; {@code {}} for ""). */
    public record ToolCall(String id, String name, String arguments, JsonNode input) {
    }

    /**
     * One message.
     *
     * @param role       system, developer, user, assistant or tool
     * @param content    its parts in order (a string content is one text part; none is an empty list)
     * @param name       the participant name, or null
     * @param toolCalls  an assistant's tool calls (empty for others)
     * @param toolCallId a tool message's call ID, or null
     * @param json       the message as sent
     */
    public record Message(String role, List<Part> content, String name, List<ToolCall> toolCalls, String toolCallId,
                          JsonNode json) {

        /** The text parts, joined by a line break. */
        public String text() {
            List<String> texts = new ArrayList<>();
            for (Part part : content) {
                if (part instanceof Text t) {
                    texts.add(t.text());
                }
            }
            return String.join("\n", texts);
        }
    }

    /** A function tool; {@code parameters} is its JSON schema, or null when none was given. */
    public record Tool(String name, String description, JsonNode parameters) {
    }

    /** {@code tool_choice}: type none, auto, required or function (then {@code name} is the function's). */
    public record ToolChoice(String type, String name) {
        public boolean none() {
            return type.equals("none");
        }
    }

    /** {@code response_format}: type text, json_object or json_schema (then name, description and schema). */
    public record ResponseFormat(String type, String name, String description, JsonNode schema) {
        public boolean json() {
            return !type.equals("text");
        }
    }

    private final String model;
    private final List<Message> messages;
    private final boolean stream;
    private final boolean includeUsage;
    private final Integer maxTokens;
    private final String maxTokensParameter;
    private final JsonNode temperature;
    private final JsonNode topP;
    private final List<String> stop;
    private final List<Tool> tools;
    private final ArrayNode toolsJson;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseFormat responseFormat;
    private final String user;
    private final Map<String, String> metadata;

    private ChatRequest(Reader r) {
        this.model = r.model;
        this.messages = List.copyOf(r.messages);
        this.stream = r.stream;
        this.includeUsage = r.includeUsage;
        this.maxTokens = r.maxTokens;
        this.maxTokensParameter = r.maxTokensParameter;
        this.temperature = r.temperature;
        this.topP = r.topP;
        this.stop = r.stop == null ? null : List.copyOf(r.stop);
        this.tools = List.copyOf(r.tools);
        this.toolsJson = r.toolsJson;
        this.toolChoice = r.toolChoice;
        this.parallelToolCalls = r.parallelToolCalls;
        this.responseFormat = r.responseFormat;
        this.user = r.user;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(r.metadata));
    }

    /**
     * Reads and validates a chat completions body.
     *
     * @param body the parsed request body (any JSON value; anything but an object is refused)
     * @throws InvalidInputException every violation, fields named by OpenAI parameter paths
     */
    public static ChatRequest read(JsonNode body) {
        Reader reader = new Reader();
        reader.read(body);
        if (reader.params.failed()) {
            throw new InvalidInputException(reader.params.violations());
        }
        return new ChatRequest(reader);
    }

    /** The workspace's model name. */
    public String model() {
        return model;
    }

    public boolean stream() {
        return stream;
    }

    /** Whether a stream ends with a usage chunk ({@code stream_options.include_usage}, streams only). */
    public boolean includeUsage() {
        return includeUsage;
    }

    /** The messages, 1..{@value #MAX_MESSAGES}. */
    public List<Message> messages() {
        return messages;
    }

    /** The function tools, in order (empty for none). */
    public List<Tool> tools() {
        return tools;
    }

    /** {@code tools} as sent, or null when absent. */
    public ArrayNode toolsJson() {
        return toolsJson == null ? null : toolsJson.deepCopy();
    }

    /** {@code tool_choice}, or null when absent. */
    public ToolChoice toolChoice() {
        return toolChoice;
    }

    /** {@code max_completion_tokens} if given, else {@code max_tokens}, else null. */
    public Integer maxTokens() {
        return maxTokens;
    }

    /** The parameter {@link #maxTokens()} came from ({@code max_completion_tokens} or {@code max_tokens}), or null. */
    public String maxTokensParameter() {
        return maxTokensParameter;
    }

    /** {@code temperature} (0..2), or null. */
    public Double temperature() {
        return temperature == null ? null : temperature.doubleValue();
    }

    /** {@code top_p} (0..1), or null. */
    public Double topP() {
        return topP == null ? null : topP.doubleValue();
    }

    /** {@code temperature} as sent (a number), or null. */
    public JsonNode temperatureJson() {
        return temperature;
    }

    /** {@code top_p} as sent (a number), or null. */
    public JsonNode topPJson() {
        return topP;
    }

    /** {@code stop} as a list (a single string is a list of one), or null when absent. */
    public List<String> stop() {
        return stop;
    }

    /** {@code response_format}, or null when absent. */
    public ResponseFormat responseFormat() {
        return responseFormat;
    }

    /** {@code parallel_tool_calls} (only true or absent pass), or null. */
    public Boolean parallelToolCalls() {
        return parallelToolCalls;
    }

    /** {@code user}, or null. */
    public String user() {
        return user;
    }

    /** {@code metadata}, in the order sent (empty for none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Shows sizes, not the content. */
    @Override
    public String toString() {
        return "ChatRequest[model=" + Quoted.of(model) + ", messages=" + messages.size() + ", tools=" + tools.size()
                + ", stream=" + stream + "]";
    }

    /** One read: the parameters as they are found, and the violations. */
    private static final class Reader {

        final Params params = new Params();
        String model;
        List<Message> messages = List.of();
        boolean stream;
        boolean includeUsage;
        Integer maxTokens;
        String maxTokensParameter;
        JsonNode temperature;
        JsonNode topP;
        List<String> stop;
        List<Tool> tools = List.of();
        ArrayNode toolsJson;
        ToolChoice toolChoice;
        Boolean parallelToolCalls;
        ResponseFormat responseFormat;
        String user;
        Map<String, String> metadata = Map.of();

        void read(JsonNode body) {
            if (body == null || !body.isObject()) {
                params.add("body", "wrong-type", "must be a JSON object");
                return;
            }
            for (String name : body.propertyNames()) {
                if (UNSUPPORTED.contains(name)) {
                    unsupported(name, body.get(name));
                } else if (!PARAMETERS.contains(name)) {
                    params.add(name, "unknown-parameter", "is not a parameter of chat completions that Modelgate "
                            + "knows");
                }
            }
            model = params.string(body.get("model"), "model", true, MAX_MODEL_CHARS);
            if (model != null && model.isBlank()) {
                params.add("model", "blank", "must name a model of the workspace");
                model = null;
            }
            messages = new MessageReader(params).messages(body.get("messages"));
            stream = Boolean.TRUE.equals(params.bool(body.get("stream"), "stream"));
            streamOptions(body.get("stream_options"));
            Integer maxCompletion = tokens(body.get("max_completion_tokens"), "max_completion_tokens");
            Integer max = tokens(body.get("max_tokens"), "max_tokens");
            maxTokens = maxCompletion != null ? maxCompletion : max;
            maxTokensParameter = maxCompletion != null ? "max_completion_tokens" : max != null ? "max_tokens" : null;
            temperature = number(body.get("temperature"), "temperature", 2);
            topP = number(body.get("top_p"), "top_p", 1);
            stop(body.get("stop"));
            n(body.get("n"));
            tools(body.get("tools"));
            toolChoice(body.get("tool_choice"));
            parallelToolCalls = params.bool(body.get("parallel_tool_calls"), "parallel_tool_calls");
            if (Boolean.FALSE.equals(parallelToolCalls)) {
                params.add("parallel_tool_calls", "unsupported-value", "false cannot be honoured: Bedrock cannot "
                        + "limit a turn to one tool call; leave it out or send true");
            }
            responseFormat(body.get("response_format"));
            user = params.string(body.get("user"), "user", false, MAX_IDENTIFIER_CHARS);
            params.string(body.get("safety_identifier"), "safety_identifier", false, MAX_IDENTIFIER_CHARS);
            params.string(body.get("prompt_cache_key"), "prompt_cache_key", false, MAX_IDENTIFIER_CHARS);
            params.string(body.get("service_tier"), "service_tier", false, MAX_NAME_CHARS);
            params.bool(body.get("store"), "store");
            metadata(body.get("metadata"));
        }

        private void unsupported(String name, JsonNode value) {
            boolean neutral = !Params.present(value) || value.isBoolean() && !value.booleanValue()
                    || value.isNumber() && value.doubleValue() == 0 || (value.isContainer() && value.isEmpty())
                    || name.equals("modalities") && value.isArray() && value.size() == 1
                    && value.get(0).isString() && value.get(0).stringValue().equals("text");
            if (!neutral) {
                params.add(name, "unsupported-parameter", "cannot be honoured by Modelgate's Bedrock models; leave "
                        + "it out" + (name.startsWith("function") ? " (use tools and tool_choice)" : ""));
            }
        }

        private void streamOptions(JsonNode node) {
            if (!Params.present(node)) {
                return;
            }
            if (params.object(node, "stream_options")
                    && params.known(node, "stream_options", Set.of("include_usage"), "unknown-parameter")) {
                includeUsage = stream && Boolean.TRUE.equals(params.bool(node.get("include_usage"),
                        "stream_options.include_usage"));
            }
        }

        private Integer tokens(JsonNode node, String field) {
            if (!Params.present(node)) {
                return null;
            }
            if (!node.isIntegralNumber()) {
                params.add(field, "wrong-type", "must be a whole number");
                return null;
            }
            if (!node.canConvertToInt() || node.intValue() < 1) {
                params.add(field, "out-of-range", "must be between 1 and " + Integer.MAX_VALUE + ", got " + node);
                return null;
            }
            return node.intValue();
        }

        private JsonNode number(JsonNode node, String field, int max) {
            if (!Params.present(node)) {
                return null;
            }
            if (!node.isNumber()) {
                params.add(field, "wrong-type", "must be a number");
                return null;
            }
            double value = node.doubleValue();
            if (!(value >= 0 && value <= max)) {
                params.add(field, "out-of-range", "must be between 0 and " + max + ", got " + node);
                return null;
            }
            return node.deepCopy();
        }

        private void stop(JsonNode node) {
            if (!Params.present(node)) {
                return;
            }
            List<String> sequences = new ArrayList<>();
            if (node.isString()) {
                String s = stopSequence(node, "stop");
                if (s != null) {
                    sequences.add(s);
                }
            } else if (node.isArray()) {
                if (node.size() > MAX_STOP) {
                    params.add("stop", "too-many", "may hold at most " + MAX_STOP + " sequences, got " + node.size());
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    String s = stopSequence(node.get(i), "stop[" + i + "]");
                    if (s != null) {
                        sequences.add(s);
                    }
                }
            } else {
                params.add("stop", "wrong-type", "must be a string or an array of strings");
                return;
            }
            stop = sequences;
        }

        private String stopSequence(JsonNode node, String field) {
            String s = params.string(node, field, true, MAX_STOP_CHARS);
            if (s != null && s.isEmpty()) {
                params.add(field, "blank", "must not be empty");
                return null;
            }
            return s;
        }

        private void n(JsonNode node) {
            if (!Params.present(node)) {
                return;
            }
            if (!node.isIntegralNumber()) {
                params.add("n", "wrong-type", "must be a whole number");
            } else if (!node.canConvertToInt() || node.intValue() != 1) {
                params.add("n", "unsupported-value", "must be 1: Bedrock answers with one choice, got " + node);
            }
        }

        private void tools(JsonNode node) {
            if (!Params.present(node) || !params.array(node, "tools")) {
                return;
            }
            if (node.size() > MAX_TOOLS) {
                params.add("tools", "too-many", "may hold at most " + MAX_TOOLS + " tools, got " + node.size());
                return;
            }
            toolsJson = (ArrayNode) node.deepCopy();
            List<Tool> read = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "tools[" + i + "]";
                JsonNode tool = node.get(i);
                if (!params.object(tool, path) || !params.known(tool, path, Set.of("type", "function"),
                        "unknown-parameter")) {
                    continue;
                }
                String type = params.string(tool.get("type"), path + ".type", true, MAX_NAME_CHARS);
                if (type != null && !type.equals("function")) {
                    params.add(path + ".type", "unsupported-value", "must be \"function\", got " + Quoted.of(type));
                    continue;
                }
                JsonNode function = tool.get("function");
                if (!params.object(function, path + ".function") || !params.known(function, path + ".function",
                        Set.of("name", "description", "parameters", "strict"), "unknown-parameter")) {
                    continue;
                }
                String name = name(function.get("name"), path + ".function.name");
                String description = description(function.get("description"), path + ".function.description");
                JsonNode parameters = function.get("parameters");
                if (Params.present(parameters) && !parameters.isObject()) {
                    params.add(path + ".function.parameters", "wrong-type", "must be an object (a JSON Schema)");
                    continue;
                }
                params.bool(function.get("strict"), path + ".function.strict");
                if (name != null && names.contains(name)) {
                    params.add(path + ".function.name", "duplicate-tool", "names a tool that an earlier tool has: "
                            + Quoted.of(name));
                } else if (name != null) {
                    names.add(name);
                    read.add(new Tool(name, description, Params.present(parameters) ? parameters.deepCopy() : null));
                }
            }
            tools = read;
        }

        private String name(JsonNode node, String field) {
            String name = params.string(node, field, true, Integer.MAX_VALUE);
            if (name != null && !TOOL_NAME.matcher(name).matches()) {
                params.add(field, "invalid-format", "must be 1 to 64 letters, digits, '_' or '-', got "
                        + Quoted.of(name));
                return null;
            }
            return name;
        }

        private String description(JsonNode node, String field) {
            String description = params.string(node, field, false, MAX_DESCRIPTION_CHARS);
            return description == null || description.isBlank() ? null : description;
        }

        private void toolChoice(JsonNode node) {
            if (!Params.present(node)) {
                return;
            }
            if (node.isString()) {
                String type = node.stringValue();
                if (Set.of("none", "auto", "required").contains(type)) {
                    toolChoice = new ToolChoice(type, null);
                } else {
                    params.add("tool_choice", "unsupported-value", "must be \"none\", \"auto\", \"required\" or "
                            + "{\"type\": \"function\", \"function\": {\"name\": …}}, got " + Quoted.of(type));
                }
            } else if (node.isObject()) {
                if (!params.known(node, "tool_choice", Set.of("type", "function"), "unknown-parameter")) {
                    return;
                }
                String type = params.string(node.get("type"), "tool_choice.type", true, MAX_NAME_CHARS);
                if (type != null && !type.equals("function")) {
                    params.add("tool_choice.type", "unsupported-value", "must be \"function\", got "
                            + Quoted.of(type));
                    return;
                }
                JsonNode function = node.get("function");
                if (!params.object(function, "tool_choice.function")
                        || !params.known(function, "tool_choice.function", Set.of("name"), "unknown-parameter")) {
                    return;
                }
                String name = name(function.get("name"), "tool_choice.function.name");
                if (name != null && allToolsRead() && tools.stream().noneMatch(t -> t.name().equals(name))) {
                    params.add("tool_choice.function.name", "unknown-tool", "names no tool of tools: "
                            + Quoted.of(name) + "; tools are " + tools.stream().map(Tool::name).toList());
                } else if (name != null && type != null) {
                    toolChoice = new ToolChoice("function", name);
                }
            } else {
                params.add("tool_choice", "wrong-type", "must be a string or an object");
                return;
            }
            if (toolChoice != null && !toolChoice.none() && !toolChoice.type().equals("auto") && (toolsJson == null || toolsJson.isEmpty())) {
                params.add("tools", "required", "is required when tool_choice is " + (toolChoice.name() == null
                        ? "\"" + toolChoice.type() + "\"" : "a function"));
            }
        }

        private boolean allToolsRead() {
            return toolsJson != null && !toolsJson.isEmpty() && tools.size() == toolsJson.size();
        }

        private void responseFormat(JsonNode node) {
            if (!Params.present(node) || !params.object(node, "response_format")) {
                return;
            }
            String type = params.string(node.get("type"), "response_format.type", true, MAX_NAME_CHARS);
            if (type == null) {
                return;
            }
            switch (type) {
                case "text" -> {
                    if (params.known(node, "response_format", Set.of("type"), "unknown-parameter")) {
                        responseFormat = new ResponseFormat("text", null, null, null);
                    }
                }
                case "json_object" -> {
                    if (params.known(node, "response_format", Set.of("type"), "unknown-parameter")) {
                        responseFormat = new ResponseFormat("json_object", null, null, null);
                    }
                }
                case "json_schema" -> {
                    if (!params.known(node, "response_format", Set.of("type", "json_schema"), "unknown-parameter")) {
                        return;
                    }
                    JsonNode schema = node.get("json_schema");
                    String at = "response_format.json_schema";
                    if (!params.object(schema, at) || !params.known(schema, at,
                            Set.of("name", "description", "schema", "strict"), "unknown-parameter")) {
                        return;
                    }
                    String name = name(schema.get("name"), at + ".name");
                    String description = description(schema.get("description"), at + ".description");
                    JsonNode json = schema.get("schema");
                    if (Params.present(json) && !json.isObject()) {
                        params.add(at + ".schema", "wrong-type", "must be an object (a JSON Schema)");
                        return;
                    }
                    params.bool(schema.get("strict"), at + ".strict");
                    if (name != null) {
                        responseFormat = new ResponseFormat("json_schema", name, description,
                                Params.present(json) ? json.deepCopy() : null);
                    }
                }
                default -> params.add("response_format.type", "unsupported-value", "must be \"text\", "
                        + "\"json_object\" or \"json_schema\", got " + Quoted.of(type));
            }
            if (responseFormat != null && responseFormat.json() && toolsJson != null && !toolsJson.isEmpty()) {
                params.add("response_format", "unsupported-combination", "json_* cannot be combined with tools: "
                        + "Modelgate answers a structured output through a tool of its own");
            }
        }

        private void metadata(JsonNode node) {
            if (!Params.present(node) || !params.object(node, "metadata")) {
                return;
            }
            if (node.size() > MAX_METADATA_PAIRS) {
                params.add("metadata", "too-many", "may hold at most " + MAX_METADATA_PAIRS + " pairs, got "
                        + node.size());
                return;
            }
            Map<String, String> read = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().length() > MAX_METADATA_KEY_CHARS) {
                    params.add("metadata", "too-long", "keys may be at most " + MAX_METADATA_KEY_CHARS
                            + " characters, got " + e.getKey().length());
                    continue;
                }
                String value = params.string(e.getValue(), "metadata." + e.getKey(), true, MAX_METADATA_VALUE_CHARS);
                if (value != null) {
                    read.put(e.getKey(), value);
                }
            }
            metadata = read;
        }
    }
}
