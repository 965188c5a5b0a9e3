package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.integer;
import static dev.modelgate.emulator.bedrock.BodySchema.number;
import static dev.modelgate.emulator.bedrock.BodySchema.object;
import static dev.modelgate.emulator.bedrock.BodySchema.string;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon Titan Text (express, lite; PROTOCOL.md §5.3): {@code {"inputText", "textGenerationConfig":{"temperature",
 * "topP", "maxTokenCount", "stopSequences"}}} in, {@code {"inputTextTokenCount", "results":[{"tokenCount",
 * "outputText", "completionReason"}]}} out. {@code maxTokenCount} is checked against Express's limit, 8192. The user
 * text of a conversational prompt ({@code "User: …\nBot:"}) is its last user turn.
 */
final class TitanCodec implements FamilyCodec {

    private static final BodySchema CONFIG = object()
            .property("temperature", number(0, 1))
            .property("topP", number(0, 1))
            .property("maxTokenCount", integer(0, 8192))
            .property("stopSequences", array(string()))
            .closed();
    private static final BodySchema BODY = object().required("inputText")
            .property("inputText", string())
            .property("textGenerationConfig", CONFIG)
            .closed();

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        FamilySupport.check(BODY, body);
        String input = body.get("inputText").stringValue();
        JsonNode config = body.get("textGenerationConfig");
        return new Prompt("", FamilySupport.lastSegment(input, "User:", "\nBot:"),
                FamilySupport.intOr(config, "maxTokenCount", defaultMaxTokens()),
                FamilySupport.strings(config == null ? null : config.get("stopSequences")),
                Tokens.countInput(List.of(input)));
    }

    @Override
    public int defaultMaxTokens() {
        return 512;
    }

    @Override
    public String endReason() {
        return "FINISHED";
    }

    @Override
    public String maxTokensReason() {
        return "LENGTH";
    }

    @Override
    public String stopSequenceReason() {
        return "STOP_CRITERIA_MET";
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        ObjectNode root = FamilySupport.object().put("inputTextTokenCount", g.inputTokens());
        root.putArray("results").addObject()
                .put("tokenCount", g.outputTokens())
                .put("outputText", g.text())
                .put("completionReason", g.stopReason());
        return FamilySupport.bytes(root);
    }

    /**
     * One chunk per text piece ({@code inputTextTokenCount} only on the first, reason and total null), then a final
     * chunk with empty text, {@code totalOutputTextTokenCount}, the completion reason and the invocation metrics.
     */
    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<byte[]> chunks = new ArrayList<>();
        List<String> pieces = FamilySupport.pieces(g.text());
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode chunk = FamilySupport.object().put("outputText", pieces.get(i)).put("index", 0)
                    .putNull("totalOutputTextTokenCount").putNull("completionReason");
            inputCount(chunk, i == 0, g);
            chunks.add(FamilySupport.bytes(chunk));
        }
        ObjectNode last = FamilySupport.object().put("outputText", "").put("index", 0)
                .put("totalOutputTextTokenCount", g.outputTokens()).put("completionReason", g.stopReason());
        inputCount(last, pieces.isEmpty(), g);
        last.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(last));
        return chunks;
    }

    private static void inputCount(ObjectNode chunk, boolean first, Generation g) {
        if (first) {
            chunk.put("inputTextTokenCount", g.inputTokens());
        } else {
            chunk.putNull("inputTextTokenCount");
        }
    }
}
