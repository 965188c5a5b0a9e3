package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.anyOf;
import static dev.modelgate.emulator.bedrock.BodySchema.anything;
import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.oneOfStrings;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Claude through the Messages API on Bedrock (PROTOCOL.md §5.1).
 *
 * <p>Bedrock validates Claude bodies against two alternatives: the legacy text-completion body (which must not have
 * {@code messages}) and the Messages body. A body with {@code messages} that breaks the Messages schema is reported
 * with the first alternative's failure in front, as AWS does:
 * {@code #: subject must not be valid against schema {"required":["messages"]}#: required key [max_tokens] not found}.
 * A body without {@code messages} is checked as a text completion, and a valid one is refused because the Claude 3+
 * models only speak Messages: {@code "claude-3-haiku-20240307" is not supported on this API. Please use the Messages
 * API instead.}
 */
final class ClaudeCodec implements FamilyCodec {

    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";
    private static final String NOT_TEXT_COMPLETION =
            "#: subject must not be valid against schema {\"required\":[\"messages\"]}";
    private static final Pattern MODEL_NAME = Pattern.compile("^(?:[a-z-]+\\.)?anthropic\\.(.+?)-v\\d+(?::\\d+)?$");

    private static final BodySchema TEXT_BLOCK = object().required("type", "text")
            .property("type", oneOfStrings("text")).property("text", string());
    private static final BodySchema CONTENT_BLOCK = object().required("type")
            .property("type", oneOfStrings("text", "image", "document", "tool_use", "tool_result", "thinking",
                    "redacted_thinking", "search_result"))
            .property("text", string());
    private static final BodySchema MESSAGE = object().required("role", "content")
            .property("role", oneOfStrings("user", "assistant"))
            .property("content", anyOf(string(), array(CONTENT_BLOCK, 1, Integer.MAX_VALUE)))
            .closed();
    static final BodySchema MESSAGES_BODY = object().required("anthropic_version", "max_tokens", "messages")
            .property("anthropic_version", oneOfStrings(ANTHROPIC_VERSION))
            .property("anthropic_beta", array(string()))
            .property("max_tokens", integer(1, null))
            .property("system", anyOf(string(), array(TEXT_BLOCK)))
            .property("messages", array(MESSAGE, 1, Integer.MAX_VALUE))
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("top_k", integer(0, null))
            .property("stop_sequences", array(string()))
            .property("tools", array(object().required("name").property("name", string())
                    .property("description", string()).property("input_schema", object())))
            .property("tool_choice", object().required("type")
                    .property("type", oneOfStrings("auto", "any", "tool", "none")).property("name", string()))
            .property("thinking", object())
            .property("metadata", object())
            .closed();
    private static final BodySchema TEXT_COMPLETION_BODY = object().required("prompt", "max_tokens_to_sample")
            .property("prompt", string())
            .property("max_tokens_to_sample", integer(1, null))
            .property("anthropic_version", string())
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("top_k", integer(0, null))
            .property("stop_sequences", array(string()))
            .property("metadata", anything())
            .closed();

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        if (!body.isObject() || !body.has("messages")) {
            FamilySupport.check(TEXT_COMPLETION_BODY, body);
            throw BedrockException.validation("\"" + anthropicName(modelId)
                    + "\" is not supported on this API. Please use the Messages API instead.");
        }
        List<String> violations = MESSAGES_BODY.violations(body);
        if (!violations.isEmpty()) {
            throw BedrockException.malformedInput(NOT_TEXT_COMPLETION + String.join("", violations));
        }
        String system = systemText(body.get("system"));
        List<String> texts = new ArrayList<>(List.of(system));
        String lastUser = "";
        for (JsonNode message : body.get("messages")) {
            String text = contentText(message.get("content"));
            texts.add(text);
            if ("user".equals(message.get("role").stringValue())) {
                lastUser = text;
            }
        }
        return new Prompt(system, lastUser, FamilySupport.intOr(body, "max_tokens", defaultMaxTokens()),
                FamilySupport.strings(body.get("stop_sequences")), Tokens.countInput(texts));
    }

    private static String systemText(JsonNode system) {
        return system == null ? "" : contentText(system);
    }

    /** The text of string content, or the text blocks of block content joined by newlines. */
    static String contentText(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode block : content) {
            if ("text".equals(FamilySupport.text(block.get("type")))) {
                parts.add(FamilySupport.text(block.get("text")));
            }
        }
        return String.join("\n", parts);
    }

    /** Anthropic's name of a Bedrock model, as in the {@code model} field: {@code claude-3-haiku-20240307}. */
    static String anthropicName(String modelId) {
        if (modelId == null) {
            return "claude";
        }
        Matcher m = MODEL_NAME.matcher(modelId);
        return m.matches() ? m.group(1) : modelId;
    }

    @Override
    public int defaultMaxTokens() {
        return 4096;
    }

    @Override
    public String endReason() {
        return "end_turn";
    }

    @Override
    public String maxTokensReason() {
        return "max_tokens";
    }

    @Override
    public String stopSequenceReason() {
        return "stop_sequence";
    }

    private static String messageId(Generation g, String modelId) {
        return "msg_bdrk_01" + FamilySupport.base62(22, FamilySupport.identity("claude", modelId, g));
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        ObjectNode root = FamilySupport.object();
        root.put("id", messageId(g, modelId));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", anthropicName(modelId));
        if (g.toolCall() != null) {
            root.putArray("content").addObject().put("type", "tool_use").put("id", g.toolCall().id())
                    .put("name", g.toolCall().name()).set("input", g.toolCall().input());
        } else {
            root.putArray("content").addObject().put("type", "text").put("text", g.text());
        }
        root.put("stop_reason", g.stopReason());
        root.put("stop_sequence", g.stopSequence());
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", g.inputTokens());
        usage.put("output_tokens", g.outputTokens());
        return FamilySupport.bytes(root);
    }

    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<byte[]> chunks = new ArrayList<>();
        ObjectNode start = FamilySupport.object().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", messageId(g, modelId));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", anthropicName(modelId));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", g.inputTokens())
                .put("output_tokens", Math.min(1, g.outputTokens()));
        chunks.add(FamilySupport.bytes(start));
        ObjectNode blockStart = FamilySupport.object().put("type", "content_block_start").put("index", 0);
        if (g.toolCall() != null) {
            blockStart.putObject("content_block").put("type", "tool_use").put("id", g.toolCall().id())
                    .put("name", g.toolCall().name()).putObject("input");
            chunks.add(FamilySupport.bytes(blockStart));
            for (String piece : ConverseAnswer.jsonPieces(g.toolCall().input().toString())) {
                ObjectNode delta = FamilySupport.object().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                chunks.add(FamilySupport.bytes(delta));
            }
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            chunks.add(FamilySupport.bytes(blockStart));
            for (String piece : FamilySupport.pieces(g.text())) {
                ObjectNode delta = FamilySupport.object().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", piece);
                chunks.add(FamilySupport.bytes(delta));
            }
        }
        chunks.add(FamilySupport.bytes(FamilySupport.object().put("type", "content_block_stop").put("index", 0)));
        ObjectNode messageDelta = FamilySupport.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", g.stopReason()).put("stop_sequence", g.stopSequence());
        messageDelta.putObject("usage").put("output_tokens", g.outputTokens());
        chunks.add(FamilySupport.bytes(messageDelta));
        ObjectNode stop = FamilySupport.object().put("type", "message_stop");
        stop.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(stop));
        return chunks;
    }
}
