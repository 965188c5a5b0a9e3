package dev.modelgate.openai;

import static dev.modelgate.openai.ChatRequest.MAX_DESCRIPTION_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_IDENTIFIER_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_METADATA_KEY_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_METADATA_PAIRS;
import static dev.modelgate.openai.ChatRequest.MAX_METADATA_VALUE_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_MODEL_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_NAME_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_STOP;
import static dev.modelgate.openai.ChatRequest.MAX_STOP_CHARS;
import static dev.modelgate.openai.ChatRequest.MAX_TOOLS;
import static dev.modelgate.openai.ChatRequest.PARAMETERS;
import static dev.modelgate.openai.ChatRequest.TOOL_NAME;
import static dev.modelgate.openai.ChatRequest.UNSUPPORTED;

import dev.modelgate.openai.ChatRequest.Message;
import dev.modelgate.openai.ChatRequest.ResponseFormat;
import dev.modelgate.openai.ChatRequest.Tool;
import dev.modelgate.openai.ChatRequest.ToolChoice;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** One read of a chat completions body: the parameters as they are found, and the violations. */
final class ChatRequestReader {

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
                params.violations().add(Violation.of(Params.member("", name), "unknown-parameter",
                        Quoted.of(name) + " is not a parameter of chat completions that Modelgate knows"));
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
                || value.isNumber() && Params.between(value, 0, 0) || (value.isContainer() && value.isEmpty())
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
        if (!Params.between(node, 0, max)) {
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
