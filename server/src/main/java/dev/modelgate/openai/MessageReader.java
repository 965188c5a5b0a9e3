package dev.modelgate.openai;

import dev.modelgate.openai.ChatRequest.Image;
import dev.modelgate.openai.ChatRequest.Message;
import dev.modelgate.openai.ChatRequest.Part;
import dev.modelgate.openai.ChatRequest.Text;
import dev.modelgate.openai.ChatRequest.ToolCall;
import dev.modelgate.validation.Quoted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a chat's {@code messages}, reporting into the request's {@link Params}. */
final class MessageReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern DATA_URL = Pattern.compile("data:image/([a-zA-Z0-9.+-]{1,32});base64,");
    private static final Map<String, String> IMAGE_FORMATS = Map.of("png", "png", "jpeg", "jpeg", "jpg", "jpeg",
            "gif", "gif", "webp", "webp");
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "system", Set.of("role", "content", "name"),
            "developer", Set.of("role", "content", "name"),
            "user", Set.of("role", "content", "name"),
            // annotations and parsed: what OpenAI's SDKs send back when an answer's message is appended as it came (URL
            // citations, which Bedrock never gives, and the parsed form of the content): read, then left aside
            "assistant", Set.of("role", "content", "name", "tool_calls", "refusal", "audio", "function_call",
                    "annotations", "parsed"),
            "tool", Set.of("role", "content", "tool_call_id"));

    private final Params params;

    MessageReader(Params params) {
        this.params = params;
    }

    List<Message> messages(JsonNode node) {
        if (!params.array(node, "messages")) {
            return List.of();
        }
        if (node.isEmpty()) {
            params.add("messages", "required", "must hold at least one message");
            return List.of();
        }
        if (node.size() > ChatRequest.MAX_MESSAGES) {
            params.add("messages", "too-many", "may hold at most " + ChatRequest.MAX_MESSAGES + " messages, got "
                    + node.size());
            return List.of();
        }
        List<Message> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Message message = message(node.get(i), "messages[" + i + "]");
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    private Message message(JsonNode m, String path) {
        if (!params.object(m, path)) {
            return null;
        }
        String role = params.string(m.get("role"), path + ".role", true, ChatRequest.MAX_NAME_CHARS);
        if (role == null) {
            return null;
        }
        if (role.equals("function")) {
            params.add(path + ".role", "unsupported-value", "\"function\" is not taken (OpenAI deprecated it): send "
                    + "a tool message with tool_call_id");
            return null;
        }
        if (!MEMBERS.containsKey(role)) {
            params.add(path + ".role", "invalid-role", "must be one of [system, developer, user, assistant, tool], "
                    + "got " + Quoted.of(role));
            return null;
        }
        int before = params.violations().size();
        params.known(m, path, MEMBERS.get(role), "unknown-parameter");
        String name = params.string(m.get("name"), path + ".name", false, ChatRequest.MAX_NAME_CHARS);
        List<ToolCall> toolCalls = role.equals("assistant") ? toolCalls(m.get("tool_calls"), path + ".tool_calls")
                : List.of();
        JsonNode calls = m.get("tool_calls");
        // an assistant message may carry only tool calls, or only a refusal (as OpenAI answers one)
        boolean contentRequired = !role.equals("assistant")
                || !(calls != null && calls.isArray() && !calls.isEmpty()) && !Params.present(m.get("refusal"));
        List<Part> content = content(m.get("content"), path + ".content", role, contentRequired);
        String toolCallId = role.equals("tool") ? id(m.get("tool_call_id"), path + ".tool_call_id") : null;
        if (role.equals("assistant")) {
            String refusal = params.string(m.get("refusal"), path + ".refusal", false, ChatRequest.MAX_TEXT_CHARS);
            if (refusal != null && content.isEmpty()) {
                content = List.of(new Text(refusal));
            }
            JsonNode annotations = m.get("annotations");
            if (annotations != null && !annotations.isNull() && !annotations.isArray()) {
                params.add(path + ".annotations", "wrong-type", "must be an array");
            }
            for (String unsupported : List.of("audio", "function_call")) {
                if (Params.present(m.get(unsupported))) {
                    params.add(path + "." + unsupported, "unsupported-parameter", "cannot be honoured by Modelgate's "
                            + "Bedrock models; leave it out" + (unsupported.equals("function_call")
                            ? " (use tool_calls)" : ""));
                }
            }
        }
        if (params.violations().size() > before) {
            return null;
        }
        return new Message(role, content, name, toolCalls, toolCallId, m.deepCopy());
    }

    private List<Part> content(JsonNode node, String field, String role, boolean required) {
        if (!Params.present(node)) {
            if (required) {
                params.add(field, "required", "is required");
            }
            return List.of();
        }
        if (node.isString()) {
            String text = params.string(node, field, true, ChatRequest.MAX_TEXT_CHARS);
            return text == null ? List.of() : List.of(new Text(text));
        }
        if (!node.isArray()) {
            params.add(field, "wrong-type", "must be a string or an array of content parts");
            return List.of();
        }
        if (node.isEmpty()) {
            params.add(field, "required", "must hold at least one part");
            return List.of();
        }
        if (node.size() > ChatRequest.MAX_CONTENT_PARTS) {
            params.add(field, "too-many", "may hold at most " + ChatRequest.MAX_CONTENT_PARTS + " parts, got "
                    + node.size());
            return List.of();
        }
        List<Part> parts = new ArrayList<>(node.size());
        for (int j = 0; j < node.size(); j++) {
            Part part = part(node.get(j), field + "[" + j + "]", role);
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }

    private Part part(JsonNode node, String path, String role) {
        if (!params.object(node, path)) {
            return null;
        }
        String type = params.string(node.get("type"), path + ".type", true, ChatRequest.MAX_NAME_CHARS);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "text" -> {
                if (!params.known(node, path, Set.of("type", "text"), "unknown-parameter")) {
                    return null;
                }
                String text = params.string(node.get("text"), path + ".text", true, ChatRequest.MAX_TEXT_CHARS);
                return text == null ? null : new Text(text);
            }
            case "refusal" -> {
                if (!role.equals("assistant")) {
                    break;
                }
                if (!params.known(node, path, Set.of("type", "refusal"), "unknown-parameter")) {
                    return null;
                }
                String text = params.string(node.get("refusal"), path + ".refusal", true, ChatRequest.MAX_TEXT_CHARS);
                return text == null ? null : new Text(text);
            }
            case "image_url" -> {
                if (!role.equals("user")) {
                    break;
                }
                if (!params.known(node, path, Set.of("type", "image_url"), "unknown-parameter")) {
                    return null;
                }
                return image(node.get("image_url"), path + ".image_url");
            }
            default -> {
                params.add(path + ".type", "unsupported-value", "must be " + (role.equals("user")
                        ? "\"text\" or \"image_url\"" : role.equals("assistant") ? "\"text\" or \"refusal\""
                        : "\"text\"") + ", got " + Quoted.of(type));
                return null;
            }
        }
        params.add(path + ".type", "unsupported-value", Quoted.of(type) + " parts are not taken in a " + role
                + " message");
        return null;
    }

    private Image image(JsonNode node, String field) {
        if (!params.object(node, field) || !params.known(node, field, Set.of("url", "detail"), "unknown-parameter")) {
            return null;
        }
        params.string(node.get("detail"), field + ".detail", false, ChatRequest.MAX_NAME_CHARS);
        JsonNode urlNode = node.get("url");
        String url = params.string(urlNode, field + ".url", true, Integer.MAX_VALUE);
        if (url == null) {
            return null;
        }
        String at = field + ".url";
        String lower = url.substring(0, Math.min(url.length(), 8)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            params.add(at, "url-not-fetched", "is a web address: Modelgate never fetches URLs; send the image "
                    + "inline as a data URL (data:image/png;base64,…)");
            return null;
        }
        Matcher matcher = DATA_URL.matcher(url);
        if (!matcher.lookingAt()) {
            params.add(at, "invalid-format", "must be a data URL data:image/<png|jpeg|gif|webp>;base64,<data>, "
                    + "got " + Quoted.of(url.substring(0, Math.min(url.length(), 40))));
            return null;
        }
        String format = IMAGE_FORMATS.get(matcher.group(1).toLowerCase(Locale.ROOT));
        if (format == null) {
            params.add(at, "invalid-format", "must be an image of type png, jpeg, gif or webp, got image/"
                    + Quoted.of(matcher.group(1)));
            return null;
        }
        String base64 = url.substring(matcher.end());
        long max = ChatRequest.MAX_IMAGE_BYTES;
        if (base64.length() > (max + 2) / 3 * 4 + 4) {
            params.add(at, "too-large", "may hold at most " + max + " bytes, got about "
                    + (long) base64.length() * 3 / 4);
            return null;
        }
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            params.add(at, "invalid-base64", "holds no valid base64 after the comma: " + e.getMessage());
            return null;
        }
        if (bytes.length == 0) {
            params.add(at, "blank", "holds no image data");
            return null;
        }
        if (bytes.length > max) {
            params.add(at, "too-large", "may hold at most " + max + " bytes, got " + bytes.length);
            return null;
        }
        return new Image(format, base64);
    }

    private List<ToolCall> toolCalls(JsonNode node, String field) {
        if (!Params.present(node)) {
            return List.of();
        }
        if (!params.array(node, field)) {
            return List.of();
        }
        if (node.size() > ChatRequest.MAX_TOOL_CALLS) {
            params.add(field, "too-many", "may hold at most " + ChatRequest.MAX_TOOL_CALLS + " tool calls, got "
                    + node.size());
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(node.size());
        for (int j = 0; j < node.size(); j++) {
            String path = field + "[" + j + "]";
            JsonNode call = node.get(j);
            if (!params.object(call, path)
                    || !params.known(call, path, Set.of("id", "type", "function"), "unknown-parameter")) {
                continue;
            }
            String id = id(call.get("id"), path + ".id");
            String type = params.string(call.get("type"), path + ".type", true, ChatRequest.MAX_NAME_CHARS);
            if (type != null && !type.equals("function")) {
                params.add(path + ".type", "unsupported-value", "must be \"function\", got " + Quoted.of(type));
            }
            JsonNode function = call.get("function");
            if (!params.object(function, path + ".function") || !params.known(function, path + ".function",
                    Set.of("name", "arguments"), "unknown-parameter")) {
                continue;
            }
            String name = params.string(function.get("name"), path + ".function.name", true, Integer.MAX_VALUE);
            if (name != null && !ChatRequest.TOOL_NAME.matcher(name).matches()) {
                params.add(path + ".function.name", "invalid-format", "must be 1 to 64 letters, digits, '_' or '-', "
                        + "got " + Quoted.of(name));
                name = null;
            }
            String arguments = params.string(function.get("arguments"), path + ".function.arguments", true,
                    ChatRequest.MAX_TEXT_CHARS);
            JsonNode input = arguments == null ? null : arguments(arguments, path + ".function.arguments");
            if (id != null && name != null && input != null && "function".equals(type)) {
                calls.add(new ToolCall(id, name, arguments, input));
            }
        }
        return calls;
    }

    private JsonNode arguments(String arguments, String field) {
        if (arguments.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode input;
        try {
            input = JSON.readTree(arguments);
        } catch (JacksonException e) {
            params.add(field, "invalid-json", "must be a JSON object as text: " + e.getOriginalMessage());
            return null;
        }
        if (input == null || !input.isObject()) {
            params.add(field, "invalid-json", "must be a JSON object as text, got a JSON "
                    + (input == null ? "nothing" : input.getNodeType().name().toLowerCase(Locale.ROOT)));
            return null;
        }
        return input;
    }

    private String id(JsonNode node, String field) {
        String id = params.string(node, field, true, Integer.MAX_VALUE);
        if (id != null && !ChatRequest.TOOL_NAME.matcher(id).matches()) {
            params.add(field, "invalid-format", "must be 1 to 64 letters, digits, '_' or '-', got " + Quoted.of(id));
            return null;
        }
        return id;
    }
}
