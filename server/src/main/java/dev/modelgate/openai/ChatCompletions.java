package dev.modelgate.openai;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Answers in OpenAI's exact shapes: the {@code chat.completion} object, its usage, and finish reasons. */
public final class ChatCompletions {

    /** What follows {@code chatcmpl-} in an ID: this many letters and digits. */
    public static final int ID_RANDOM_CHARS = 24;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Bedrock's stop reasons, lower-cased, by OpenAI finish reason: Converse ({@code end_turn}, {@code stop_sequence},
     * {@code max_tokens}, {@code tool_use}, {@code guardrail_intervened}, {@code content_filtered},
     * {@code model_context_window_exceeded}) and the families' own (Claude {@code refusal}; Titan {@code FINISHED},
     * {@code LENGTH}, {@code STOP_CRITERIA_MET}, {@code CONTENT_FILTERED}; Cohere {@code COMPLETE},
     * {@code MAX_TOKENS}, {@code ERROR_TOXIC}, {@code ERROR_LIMIT}; Llama, Mistral, Jamba, DeepSeek {@code stop},
     * {@code length}). Anything else is "stop".
     */
    static final Map<String, String> FINISH_REASONS = Map.ofEntries(
            Map.entry("max_tokens", "length"), Map.entry("length", "length"),
            Map.entry("model_context_window_exceeded", "length"), Map.entry("error_limit", "length"),
            Map.entry("tool_use", "tool_calls"), Map.entry("tool_calls", "tool_calls"),
            Map.entry("guardrail_intervened", "content_filter"), Map.entry("content_filtered", "content_filter"),
            Map.entry("content_filter", "content_filter"), Map.entry("error_toxic", "content_filter"),
            Map.entry("refusal", "content_filter"), Map.entry("safety", "content_filter"));

    /** The output mapping extras that carry a template model's stop reason, in the order they are looked at. */
    public static final List<String> STOP_REASON_EXTRAS = List.of("stopReason", "finishReason", "completionReason");

    private ChatCompletions() {
    }

    /** A tool call of the answer: {@code arguments} is the tool's input as compact JSON text. */
    public record ToolCall(String id, String name, String arguments) {

        /** From a Converse {@code toolUse} block: its ID, name and input (as compact JSON text). */
        public static ToolCall of(String toolUseId, String name, JsonNode input) {
            return new ToolCall(toolUseId, name, input == null || input.isNull() ? "{}" : JSON.writeValueAsString(input));
        }
    }

    /**
     * Token counts; null where unknown.
     *
     * @param promptTokens     every prompt token, cached ones included (OpenAI's {@code prompt_tokens})
     * @param completionTokens the answer's tokens
     * @param cachedTokens     the prompt tokens read from a cache
     */
    public record Usage(Long promptTokens, Long completionTokens, Long cachedTokens) {

        /**
         * From Converse's counts, whose {@code inputTokens} leaves out the tokens read from or written to the cache:
         * prompt tokens are their sum.
         */
        public static Usage converse(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens) {
            Long prompt = inputTokens == null ? null
                    : inputTokens + orZero(cacheReadTokens) + orZero(cacheWriteTokens);
            return new Usage(prompt, outputTokens, cacheReadTokens);
        }

        /** Whether any count is known (otherwise no usage object is sent). */
        public boolean known() {
            return promptTokens != null || completionTokens != null;
        }

        /** {@code {"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details": {"cached_tokens"}}}. */
        ObjectNode json() {
            ObjectNode usage = JSON.createObjectNode();
            usage.put("prompt_tokens", orZero(promptTokens));
            usage.put("completion_tokens", orZero(completionTokens));
            usage.put("total_tokens", orZero(promptTokens) + orZero(completionTokens));
            usage.putObject("prompt_tokens_details").put("cached_tokens", orZero(cachedTokens));
            return usage;
        }

        private static long orZero(Long n) {
            return n == null ? 0 : n;
        }
    }

    /**
     * The text and tool calls of an answer.
     *
     * @param text      the text blocks joined (a structured output tool's input, as compact JSON, when it forced one)
     * @param toolCalls the tool calls in order (never the structured output tool's)
     */
    public record Answer(String text, List<ToolCall> toolCalls) {

        public Answer {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /**
     * Reads a Converse answer's message ({@code ConverseCall.message()}: {@code {"role": "assistant", "content":
     * [{"text": …}, {"toolUse": {"toolUseId", "name", "input"}}]}}).
     *
     * @param structuredOutputTool the tool {@code response_format} forced ({@code Translated.structuredOutputTool()}),
     *                             or null: its input becomes the text
     */
    public static Answer answer(JsonNode converseMessage, String structuredOutputTool) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        JsonNode content = converseMessage == null ? null : converseMessage.get("content");
        if (content != null) {
            for (JsonNode block : content) {
                JsonNode use = block.get("toolUse");
                if (block.has("text")) {
                    text.append(block.get("text").stringValue());
                } else if (use != null) {
                    ToolCall call = ToolCall.of(use.get("toolUseId").stringValue(), use.get("name").stringValue(),
                            use.get("input"));
                    if (call.name().equals(structuredOutputTool)) {
                        text.append(call.arguments());
                    } else {
                        calls.add(call);
                    }
                }
            }
        }
        return new Answer(text.toString(), calls);
    }

    /** A new completion ID: {@code chatcmpl-} and {@value #ID_RANDOM_CHARS} random letters and digits. */
    public static String newId() {
        StringBuilder id = new StringBuilder("chatcmpl-");
        for (int i = 0; i < ID_RANDOM_CHARS; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /**
     * OpenAI's {@code finish_reason} for a Bedrock stop reason (Converse's or a family's, any case): "stop",
     * "length", "tool_calls" or "content_filter"; null and unknown reasons are "stop".
     */
    public static String finishReason(String stopReason) {
        return stopReason == null ? "stop" : FINISH_REASONS.getOrDefault(stopReason.toLowerCase(Locale.ROOT), "stop");
    }

    /**
     * A template model's stop reason, from its output mapping's extras: the first string among {@code stopReason},
     * {@code finishReason} and {@code completionReason} (the presets' names for the family's own reason), or null.
     */
    public static String stopReason(Map<String, JsonNode> extras) {
        for (String name : STOP_REASON_EXTRAS) {
            JsonNode value = extras.get(name);
            if (value != null && value.isString()) {
                return value.stringValue();
            }
        }
        return null;
    }

    /**
     * The finish reason of a chat whose {@code response_format} forced a tool: the forced call is the answer, so
     * "tool_calls" becomes "stop".
     */
    public static String finishReason(String stopReason, String structuredOutputTool) {
        String reason = finishReason(stopReason);
        return structuredOutputTool != null && reason.equals("tool_calls") ? "stop" : reason;
    }

    /**
     * The {@code chat.completion} object: one choice whose message has the text as {@code content} (null when the
     * answer is tool calls alone) and the tool calls as {@code tool_calls} (left out when none); {@code usage} is
     * left out when no count is known.
     *
     * @param usage null, or counts (null counts are sent as 0 when the other is known)
     */
    public static ObjectNode completion(String id, long created, String model, String text, List<ToolCall> toolCalls,
                                        String finishReason, Usage usage) {
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        boolean calls = toolCalls != null && !toolCalls.isEmpty();
        if (calls && (text == null || text.isEmpty())) {
            message.putNull("content");
        } else {
            message.put("content", text == null ? "" : text);
        }
        message.putNull("refusal");
        if (calls) {
            ArrayNode array = message.putArray("tool_calls");
            for (ToolCall call : toolCalls) {
                ObjectNode c = array.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usage != null && usage.known()) {
            completion.set("usage", usage.json());
        }
        return completion;
    }
}
