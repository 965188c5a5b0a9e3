package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * DeepSeek-R1 (PROTOCOL.md §5.8): {@code {"prompt", "temperature", "top_p", "max_tokens", "stop"}} in (temperature
 * and top_p at most 1, max_tokens 1..32768, at most 10 stop sequences), {@code {"choices":[{"text",
 * "stop_reason"}]}} out; stream chunks have the same {@code choices} shape.
 */
final class DeepSeekCodec extends RawPromptCodec {

    private static final BodySchema BODY = object().required("prompt")
            .property("prompt", string())
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("max_tokens", integer(1, 32768))
            .property("stop", array(string(), 0, 10))
            .closed();

    DeepSeekCodec() {
        super(BODY, "max_tokens", "stop", "<｜User｜>", "<｜Assistant｜>");
    }

    @Override
    public int defaultMaxTokens() {
        return 8192;
    }

    private static ObjectNode choices(String text, String stopReason) {
        ObjectNode root = FamilySupport.object();
        root.putArray("choices").addObject().put("text", text).put("stop_reason", stopReason);
        return root;
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        return FamilySupport.bytes(choices(g.text(), g.stopReason()));
    }

    /** One chunk per text piece; the last piece's chunk carries the stop reason and the invocation metrics. */
    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<String> pieces = FamilySupport.pieces(g.text());
        if (pieces.isEmpty()) {
            pieces = List.of("");
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            ObjectNode chunk = choices(pieces.get(i), last ? g.stopReason() : null);
            if (last) {
                chunk.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
            }
            chunks.add(FamilySupport.bytes(chunk));
        }
        return chunks;
    }
}
