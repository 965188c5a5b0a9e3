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
 * Meta Llama 3.x / 4 Instruct (PROTOCOL.md §5.4): {@code {"prompt", "temperature", "top_p", "max_gen_len",
 * "images"}} in, {@code {"generation", "prompt_token_count", "generation_token_count", "stop_reason"}} out. Llama
 * has no stop sequences. Also the format of imported Llama-architecture models.
 */
final class LlamaCodec extends RawPromptCodec {

    private static final BodySchema BODY = object().required("prompt")
            .property("prompt", string())
            .property("temperature", number(0, 1))
            .property("top_p", number(0, 1))
            .property("max_gen_len", integer(1, 2048))
            .property("images", array(string()))
            .closed();

    LlamaCodec() {
        super(BODY, "max_gen_len", null, "<|start_header_id|>user<|end_header_id|>", "<|eot_id|>");
    }

    @Override
    public int defaultMaxTokens() {
        return 512;
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        return FamilySupport.bytes(FamilySupport.object()
                .put("generation", g.text())
                .put("prompt_token_count", g.inputTokens())
                .put("generation_token_count", g.outputTokens())
                .put("stop_reason", g.stopReason()));
    }

    /**
     * One chunk per text piece with the running {@code generation_token_count} (the prompt count only on the first),
     * then a final chunk with empty text, the stop reason and the invocation metrics.
     */
    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<byte[]> chunks = new ArrayList<>();
        List<String> pieces = FamilySupport.pieces(g.text());
        List<Integer> counts = FamilySupport.cumulativeTokens(pieces);
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = FamilySupport.object().put("generation", pieces.get(i));
            if (i == 0) {
                chunk.put("prompt_token_count", g.inputTokens());
            } else {
                chunk.putNull("prompt_token_count");
            }
            chunk.put("generation_token_count", counts.get(i)).putNull("stop_reason");
            chunks.add(FamilySupport.bytes(chunk));
        }
        ObjectNode last = FamilySupport.object().put("generation", "");
        if (pieces.isEmpty()) {
            last.put("prompt_token_count", g.inputTokens());
        } else {
            last.putNull("prompt_token_count");
        }
        last.put("generation_token_count", g.outputTokens()).put("stop_reason", g.stopReason());
        last.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(last));
        return chunks;
    }
}
