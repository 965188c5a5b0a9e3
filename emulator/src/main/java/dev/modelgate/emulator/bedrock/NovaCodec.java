package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.oneOfStrings;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon Nova (micro, lite, pro) through InvokeModel: the Converse-like {@code messages-v1} body (PROTOCOL.md §5.2).
 * Content blocks are closed objects, so a Claude-style {@code {"type":"text",…}} block is reported as
 * {@code #/messages/0/content/0: extraneous key [type] is not permitted}.
 */
final class NovaCodec implements FamilyCodec {

    private static final BodySchema CONTENT_BLOCK = object()
            .property("text", string()).property("image", object()).property("video", object())
            .property("document", object()).property("toolUse", object()).property("toolResult", object())
            .property("reasoningContent", object()).property("cachePoint", object())
            .closed();
    private static final BodySchema MESSAGE = object().required("role", "content")
            .property("role", oneOfStrings("user", "assistant"))
            .property("content", array(CONTENT_BLOCK))
            .closed();
    private static final BodySchema SYSTEM_BLOCK = object()
            .property("text", string()).property("guardContent", object()).property("cachePoint", object())
            .closed();
    private static final BodySchema INFERENCE_CONFIG = object()
            .property("maxTokens", integer(1, null))
            .property("temperature", number(0, 1))
            .property("topP", number(0, 1))
            .property("topK", integer(0, null))
            .property("stopSequences", array(string()))
            .property("reasoningConfig", object())
            .closed();
    private static final BodySchema BODY = object().required("messages")
            .property("schemaVersion", oneOfStrings("messages-v1"))
            .property("system", array(SYSTEM_BLOCK))
            .property("messages", array(MESSAGE))
            .property("inferenceConfig", INFERENCE_CONFIG)
            .property("toolConfig", object())
            .closed();

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        FamilySupport.check(BODY, body);
        List<String> systemParts = new ArrayList<>();
        for (JsonNode block : body.path("system")) {
            systemParts.add(FamilySupport.text(block.get("text")));
        }
        String system = String.join("\n", systemParts);
        List<String> texts = new ArrayList<>(List.of(system));
        String lastUser = "";
        for (JsonNode message : body.get("messages")) {
            String text = blocksText(message.get("content"));
            texts.add(text);
            if ("user".equals(message.get("role").stringValue())) {
                lastUser = text;
            }
        }
        JsonNode config = body.get("inferenceConfig");
        return new Prompt(system, lastUser, FamilySupport.intOr(config, "maxTokens", defaultMaxTokens()),
                FamilySupport.strings(config == null ? null : config.get("stopSequences")), Tokens.countInput(texts));
    }

    /** The {@code text} members of Converse-style content blocks, joined by newlines. */
    static String blocksText(JsonNode content) {
        List<String> parts = new ArrayList<>();
        for (JsonNode block : content) {
            if (block.has("text")) {
                parts.add(FamilySupport.text(block.get("text")));
            }
        }
        return String.join("\n", parts);
    }

    @Override
    public int defaultMaxTokens() {
        return 5000;
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

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        ObjectNode root = FamilySupport.object();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", g.text());
        root.put("stopReason", g.stopReason());
        root.set("usage", usage(g));
        return FamilySupport.bytes(root);
    }

    private static ObjectNode usage(Generation g) {
        return FamilySupport.object().put("inputTokens", g.inputTokens()).put("outputTokens", g.outputTokens())
                .put("totalTokens", g.totalTokens());
    }

    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<byte[]> chunks = new ArrayList<>();
        ObjectNode start = FamilySupport.object();
        start.putObject("messageStart").put("role", "assistant");
        chunks.add(FamilySupport.bytes(start));
        for (String piece : FamilySupport.pieces(g.text())) {
            ObjectNode delta = FamilySupport.object();
            ObjectNode event = delta.putObject("contentBlockDelta");
            event.putObject("delta").put("text", piece);
            event.put("contentBlockIndex", 0);
            chunks.add(FamilySupport.bytes(delta));
        }
        ObjectNode blockStop = FamilySupport.object();
        blockStop.putObject("contentBlockStop").put("contentBlockIndex", 0);
        chunks.add(FamilySupport.bytes(blockStop));
        ObjectNode messageStop = FamilySupport.object();
        messageStop.putObject("messageStop").put("stopReason", g.stopReason());
        chunks.add(FamilySupport.bytes(messageStop));
        ObjectNode last = FamilySupport.object();
        ObjectNode metadata = last.putObject("metadata");
        metadata.set("usage", usage(g));
        metadata.putObject("metrics");
        metadata.putObject("trace");
        last.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(last));
        return chunks;
    }
}
