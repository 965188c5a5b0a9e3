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

    /**
     * An image part.
     *
     * @param format png, jpeg, gif or webp (jpg is read as jpeg)
     * @param base64 the data URL's data, as sent (valid base64 of at most {@value ChatRequest#MAX_IMAGE_BYTES} bytes)
     */
    public record Image(String format, String base64) implements Part {
    }

    /** An assistant's tool call: {@code input} is {@code arguments} parsed (an object; {@code {}} for ""). */
    public record ToolCall(String id, String name, String arguments, JsonNode input) {
    }

    /**
     * One message.
     *
     * @param role       system, developer, user, assistant or tool
     * @param content    its parts in order (a string content is one text part; none is an empty list; an
     *                   assistant's {@code refusal} without content is one text part)
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

    private ChatRequest(ChatRequestReader r) {
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
        ChatRequestReader reader = new ChatRequestReader();
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
}
