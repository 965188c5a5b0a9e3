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
 * AI21 Jamba 1.5 (PROTOCOL.md §5.7) and other OpenAI-style chat-completions models: {@code {"messages":[{"role",
 * "content"}], "max_tokens" (0..4096), "temperature" (0..2), "top_p", "stop", "n"}} in, {@code {"id", "choices":[{
 * "index", "message", "finish_reason"}], "usage"}} out; streams send {@code chat.completion.chunk}-style deltas.
 */
final class JambaCodec implements FamilyCodec {

    private static final BodySchema MESSAGE = object().required("role", "content")
            .property("role", oneOfStrings("system", "user", "assistant", "tool"))
            .property("content", string())
            .property("tool_calls", array(object()))
            .property("tool_call_id", string())
            .closed();
    private static final BodySchema BODY = object().required("messages")
            .property("messages", array(MESSAGE, 1, Integer.MAX_VALUE))
            .property("max_tokens", integer(0, 4096))
            .property("temperature", number(0, 2))
            .property("top_p", number(0, 1))
            .property("stop", array(string()))
            .property("n", integer(1, 16))
            .property("frequency_penalty", number(null, null))
            .property("presence_penalty", number(null, null))
            .property("tools", array(object()))
            .property("response_format", object())
            .property("documents", array(object()))
            .closed();

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        FamilySupport.check(BODY, body);
        List<String> systemParts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String lastUser = "";
        for (JsonNode message : body.get("messages")) {
            String role = message.get("role").stringValue();
            String content = message.get("content").stringValue();
            texts.add(content);
            if ("system".equals(role)) {
                systemParts.add(content);
            } else if ("user".equals(role)) {
                lastUser = content;
            }
        }
        return new Prompt(String.join("\n", systemParts), lastUser,
                FamilySupport.intOr(body, "max_tokens", defaultMaxTokens()), FamilySupport.strings(body.get("stop")),
                Tokens.countInput(texts));
    }

    @Override
    public int defaultMaxTokens() {
        return 4096;
    }

    @Override
    public String endReason() {
        return "stop";
    }

    @Override
    public String maxTokensReason() {
        return "length";
    }

    @Override
    public String stopSequenceReason() {
        return "stop";
    }

    private static String id(Generation g, String modelId) {
        return "chatcmpl-" + FamilySupport.uuid("jamba", FamilySupport.identity("jamba", modelId, g));
    }

    private static ObjectNode usage(Generation g) {
        return FamilySupport.object().put("prompt_tokens", g.inputTokens())
                .put("completion_tokens", g.outputTokens()).put("total_tokens", g.totalTokens());
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        ObjectNode root = FamilySupport.object().put("id", id(g, modelId));
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", g.text()).putNull("tool_calls");
        choice.put("finish_reason", g.stopReason());
        root.set("usage", usage(g));
        return FamilySupport.bytes(root);
    }

    /**
     * A first chunk announcing the assistant role, one content delta per text piece, and a final chunk with an empty
     * delta, the finish reason, the usage and the invocation metrics.
     */
    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        String id = id(g, modelId);
        List<byte[]> chunks = new ArrayList<>();
        ObjectNode first = chunk(id);
        ObjectNode firstChoice = (ObjectNode) first.get("choices").get(0);
        firstChoice.putObject("delta").put("role", "assistant").put("content", "");
        firstChoice.putNull("finish_reason");
        chunks.add(FamilySupport.bytes(first));
        for (String piece : FamilySupport.pieces(g.text())) {
            ObjectNode chunk = chunk(id);
            ObjectNode choice = (ObjectNode) chunk.get("choices").get(0);
            choice.putObject("delta").put("content", piece);
            choice.putNull("finish_reason");
            chunks.add(FamilySupport.bytes(chunk));
        }
        ObjectNode last = chunk(id);
        ObjectNode lastChoice = (ObjectNode) last.get("choices").get(0);
        lastChoice.putObject("delta");
        lastChoice.put("finish_reason", g.stopReason());
        last.set("usage", usage(g));
        last.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(last));
        return chunks;
    }

    private static ObjectNode chunk(String id) {
        ObjectNode chunk = FamilySupport.object().put("id", id);
        chunk.putArray("choices").addObject().put("index", 0);
        return chunk;
    }
}
