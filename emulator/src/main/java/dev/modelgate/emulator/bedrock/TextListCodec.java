package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raw-prompt families that answer {@code {"<list>":[{"text","stop_reason"}]}} and stream chunks of the same shape
 * (Mistral's {@code outputs}, DeepSeek's {@code choices}).
 */
abstract class TextListCodec extends RawPromptCodec {

    private final String listField;
    private final int defaultMaxTokens;

    /**
     * @param listField        the name of the list holding the generated text
     * @param defaultMaxTokens the family's output budget when the body sets none
     */
    TextListCodec(BodySchema schema, String maxTokensField, String stopField, String userOpen, String userClose,
                  String listField, int defaultMaxTokens) {
        super(schema, maxTokensField, stopField, userOpen, userClose);
        this.listField = listField;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public final int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    private ObjectNode answer(String text, String stopReason) {
        ObjectNode root = FamilySupport.object();
        root.putArray(listField).addObject().put("text", text).put("stop_reason", stopReason);
        return root;
    }

    @Override
    public final byte[] invokeResponse(Generation g, String modelId) {
        return FamilySupport.bytes(answer(g.text(), g.stopReason()));
    }

    /** One chunk per text piece; the last piece's chunk carries the stop reason and the invocation metrics. */
    @Override
    public final List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<String> pieces = FamilySupport.pieces(g.text());
        if (pieces.isEmpty()) {
            pieces = List.of("");
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            ObjectNode chunk = answer(pieces.get(i), last ? g.stopReason() : null);
            if (last) {
                chunk.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
            }
            chunks.add(FamilySupport.bytes(chunk));
        }
        return chunks;
    }
}
