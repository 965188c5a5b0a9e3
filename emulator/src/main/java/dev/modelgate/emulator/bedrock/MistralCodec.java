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
 * Mistral AI text completion (7B Instruct, Large; PROTOCOL.md §5.5): {@code {"prompt", "max_tokens", "stop",
 * "temperature", "top_p", "top_k"}} in, {@code {"outputs":[{"text","stop_reason"}]}} out; stream chunks have the
 * same {@code outputs} shape.
 */
final class MistralCodec extends RawPromptCodec {

    private static final BodySchema BODY = object().required("prompt")
            .property("prompt", string())
            .property("max_tokens", integer(1, null))
            .property("stop", array(string(), 0, 10))
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("top_k", integer(1, 200))
            .closed();

    MistralCodec() {
        super(BODY, "max_tokens", "stop", "[INST]", "[/INST]");
    }

    @Override
    public int defaultMaxTokens() {
        return 512;
    }

    private static ObjectNode outputs(String text, String stopReason) {
        ObjectNode root = FamilySupport.object();
        root.putArray("outputs").addObject().put("text", text).put("stop_reason", stopReason);
        return root;
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        return FamilySupport.bytes(outputs(g.text(), g.stopReason()));
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
            ObjectNode chunk = outputs(pieces.get(i), last ? g.stopReason() : null);
            if (last) {
                chunk.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
            }
            chunks.add(FamilySupport.bytes(chunk));
        }
        return chunks;
    }
}
