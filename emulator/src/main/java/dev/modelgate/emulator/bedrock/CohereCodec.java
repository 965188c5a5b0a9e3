package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.BodySchema.array;
import static dev.modelgate.emulator.bedrock.BodySchema.bool;
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
 * Cohere Command R / R+ (PROTOCOL.md §5.6): the Cohere v1 chat body ({@code message} required; {@code p} within
 * 0.01..0.99, as AWS reports {@code #/p: 1 is not less or equal to 0.99}) in, the v1 chat response out. Streams use
 * Cohere's events: {@code stream-start}, {@code text-generation} per piece, {@code stream-end} with the whole
 * response. The {@code chat_history} of a response holds only the reply turn ({@code CHATBOT}): a
 * {@link Generation} does not carry the request, so the user turn and earlier history are not echoed.
 */
final class CohereCodec implements FamilyCodec {

    private static final BodySchema TURN = object().required("role", "message")
            .property("role", oneOfStrings("USER", "CHATBOT", "SYSTEM"))
            .property("message", string())
            .closed();
    private static final BodySchema BODY = object().required("message")
            .property("message", string())
            .property("chat_history", array(TURN))
            .property("documents", array(object()))
            .property("search_queries_only", bool())
            .property("preamble", string())
            .property("max_tokens", integer(1, null))
            .property("temperature", number(0, 1))
            .property("p", number(0.01, 0.99))
            .property("k", number(0, 500))
            .property("prompt_truncation", oneOfStrings("OFF", "AUTO_PRESERVE_ORDER"))
            .property("frequency_penalty", number(0, 1))
            .property("presence_penalty", number(0, 1))
            .property("seed", integer(null, null))
            .property("return_prompt", bool())
            .property("tools", array(object()))
            .property("tool_results", array(object()))
            .property("stop_sequences", array(string()))
            .property("raw_prompting", bool())
            .closed();

    @Override
    public Prompt parse(JsonNode body, String modelId) {
        FamilySupport.check(BODY, body);
        String preamble = FamilySupport.text(body.get("preamble"));
        String message = body.get("message").stringValue();
        List<String> texts = new ArrayList<>(List.of(preamble));
        for (JsonNode turn : body.path("chat_history")) {
            texts.add(turn.get("message").stringValue());
        }
        texts.add(message);
        return new Prompt(preamble, message, FamilySupport.intOr(body, "max_tokens", defaultMaxTokens()),
                FamilySupport.strings(body.get("stop_sequences")), Tokens.countInput(texts));
    }

    @Override
    public int defaultMaxTokens() {
        return 4000;
    }

    @Override
    public String endReason() {
        return "COMPLETE";
    }

    @Override
    public String maxTokensReason() {
        return "MAX_TOKENS";
    }

    @Override
    public String stopSequenceReason() {
        return "COMPLETE";
    }

    private static String generationId(Generation g, String modelId) {
        return FamilySupport.uuid("cohere-generation", FamilySupport.identity("cohere", modelId, g)).toString();
    }

    private static ObjectNode response(Generation g, String modelId) {
        String identity = FamilySupport.identity("cohere", modelId, g);
        ObjectNode root = FamilySupport.object();
        root.put("response_id", FamilySupport.uuid("cohere-response", identity).toString());
        root.put("text", g.text());
        root.put("generation_id", generationId(g, modelId));
        root.putArray("chat_history")
                .add(FamilySupport.object().put("role", "CHATBOT").put("message", g.text()));
        root.put("finish_reason", g.stopReason());
        ObjectNode meta = root.putObject("meta");
        meta.putObject("api_version").put("version", "1");
        meta.putObject("billed_units").put("input_tokens", g.inputTokens()).put("output_tokens", g.outputTokens());
        return root;
    }

    @Override
    public byte[] invokeResponse(Generation g, String modelId) {
        return FamilySupport.bytes(response(g, modelId));
    }

    @Override
    public List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics) {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(FamilySupport.bytes(FamilySupport.object().put("is_finished", false)
                .put("event_type", "stream-start").put("generation_id", generationId(g, modelId))));
        for (String piece : FamilySupport.pieces(g.text())) {
            chunks.add(FamilySupport.bytes(FamilySupport.object().put("is_finished", false)
                    .put("event_type", "text-generation").put("text", piece)));
        }
        ObjectNode end = FamilySupport.object().put("is_finished", true).put("event_type", "stream-end");
        end.set("response", response(g, modelId));
        end.put("finish_reason", g.stopReason());
        end.set("amazon-bedrock-invocationMetrics", FamilySupport.metrics(metrics));
        chunks.add(FamilySupport.bytes(end));
        return chunks;
    }
}
