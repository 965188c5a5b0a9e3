package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** InvokeModelWithResponseStream chunks: same text as InvokeModel, metrics on the last chunk only. */
class StreamChunksTest {

    private static final InvocationMetrics METRICS = new InvocationMetrics(0, 0, 0, 0);

    /** The text a client reads out of one decoded chunk of the family. */
    static String chunkText(ModelFamily family, JsonNode c) {
        return switch (family) {
            case ANTHROPIC_CLAUDE -> "content_block_delta".equals(c.path("type").asString())
                    ? c.at("/delta/text").asString() : "";
            case AMAZON_NOVA -> c.at("/contentBlockDelta/delta/text").asString("");
            case AMAZON_TITAN_TEXT -> c.get("outputText").asString();
            case META_LLAMA -> c.get("generation").asString();
            case MISTRAL -> c.at("/outputs/0/text").asString();
            case COHERE_COMMAND_R -> "text-generation".equals(c.get("event_type").asString())
                    ? c.get("text").asString() : "";
            case AI21_JAMBA -> c.at("/choices/0/delta/content").asString("");
            case DEEPSEEK_R1 -> c.at("/choices/0/text").asString();
        };
    }

    private static List<JsonNode> chunks(ModelFamily family, String text, int maxTokens, long latency) {
        Generation g = family.generate(family.parse(Json.parse(FamilyBodies.body(family, text, maxTokens))));
        List<JsonNode> out = new ArrayList<>();
        for (byte[] chunk : family.streamChunks(g, FamilyBodies.modelId(family),
                InvocationMetrics.of(g, latency, latency / 2))) {
            out.add(Json.parse(chunk));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void anyFamily_chunksConcatenate_toTheInvokeText(ModelFamily family) {
        String body = FamilyBodies.body(family, "Tell me, briefly: what is a stream?", 100);
        Generation g = family.generate(family.parse(Json.parse(body)));

        StringBuilder streamed = new StringBuilder();
        for (byte[] chunk : family.streamChunks(g, FamilyBodies.modelId(family), METRICS)) {
            streamed.append(chunkText(family, Json.parse(chunk)));
        }

        assertThat(streamed.toString()).isEqualTo(g.text())
                .isEqualTo("Modelgate emulator reply to: Tell me, briefly: what is a stream?");
    }

    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void anyFamily_lastChunkAlone_carriesTheInvocationMetrics(ModelFamily family) {
        Generation g = family.generate(family.parse(Json.parse(FamilyBodies.body(family, "Say hi", 100))));
        List<JsonNode> chunks = chunks(family, "Say hi", 100, 240);
        JsonNode last = chunks.getLast();

        assertThat(last.get("amazon-bedrock-invocationMetrics").toString()).isEqualTo(Json.parse(
                "{'inputTokenCount':" + g.inputTokens() + ",'outputTokenCount':7,'invocationLatency':240,"
                        + "'firstByteLatency':120}").toString());
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(c -> assertThat(c.has("amazon-bedrock-invocationMetrics")).isFalse());
        assertThat(chunks.size()).isGreaterThan(1);
    }

    @Test
    void claude_stream_followsTheMessagesEventSequence() {
        List<JsonNode> chunks = chunks(ModelFamily.ANTHROPIC_CLAUDE, "Say hi", 100, 10);

        assertThat(chunks).extracting(c -> c.get("type").asString()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(chunks.get(0).at("/message/id").asString()).matches("msg_bdrk_01[0-9A-Za-z]{22}");
        assertThat(chunks.get(0).at("/message/usage").toString()).isEqualTo("{\"input_tokens\":2,\"output_tokens\":1}");
        assertThat(chunks.get(1).toString()).isEqualTo(Json.parse(
                "{'type':'content_block_start','index':0,'content_block':{'type':'text','text':''}}").toString());
        assertThat(chunks.get(2).toString()).isEqualTo(Json.parse("{'type':'content_block_delta','index':0,"
                + "'delta':{'type':'text_delta','text':'Modelgate emulator reply'}}").toString());
        assertThat(chunks.get(6).toString()).isEqualTo(Json.parse("{'type':'message_delta','delta':{"
                + "'stop_reason':'end_turn','stop_sequence':null},'usage':{'output_tokens':7}}").toString());
    }

    @Test
    void titan_finalChunk_hasTotalsAndCompletionReason() {
        List<JsonNode> chunks = chunks(ModelFamily.AMAZON_TITAN_TEXT, "Say hi", 2, 10);

        assertThat(chunks.getFirst().get("inputTextTokenCount").intValue()).isEqualTo(2);
        assertThat(chunks.getFirst().get("completionReason").isNull()).isTrue();
        JsonNode last = chunks.getLast();
        assertThat(last.get("outputText").asString()).isEmpty();
        assertThat(last.get("totalOutputTextTokenCount").intValue()).isEqualTo(2);
        assertThat(last.get("completionReason").asString()).isEqualTo("LENGTH");
        assertThat(last.get("inputTextTokenCount").isNull()).isTrue();
    }

    @Test
    void llama_chunks_countGeneratedTokensCumulatively() {
        List<JsonNode> chunks = chunks(ModelFamily.META_LLAMA, "Say hi", 100, 10);

        assertThat(chunks).extracting(c -> c.get("generation_token_count").intValue()).containsExactly(3, 6, 7, 7);
        assertThat(chunks.getFirst().get("prompt_token_count").intValue()).isEqualTo(2);
        assertThat(chunks.get(1).get("prompt_token_count").isNull()).isTrue();
        assertThat(chunks.getLast().get("stop_reason").asString()).isEqualTo("stop");
    }

    @Test
    void cohere_stream_endsWithTheWholeResponse() {
        List<JsonNode> chunks = chunks(ModelFamily.COHERE_COMMAND_R, "Say hi", 100, 10);

        assertThat(chunks.getFirst().get("event_type").asString()).isEqualTo("stream-start");
        JsonNode end = chunks.getLast();
        assertThat(end.get("event_type").asString()).isEqualTo("stream-end");
        assertThat(end.get("is_finished").booleanValue()).isTrue();
        assertThat(end.at("/response/text").asString()).isEqualTo("Modelgate emulator reply to: Say hi");
        assertThat(end.get("finish_reason").asString()).isEqualTo("COMPLETE");
        assertThat(end.at("/response/generation_id").asString())
                .isEqualTo(chunks.getFirst().get("generation_id").asString());
    }

    @Test
    void nova_stream_usesConverseStyleEventKeys() {
        List<JsonNode> chunks = chunks(ModelFamily.AMAZON_NOVA, "Say hi", 100, 10);

        assertThat(chunks).extracting(c -> c.propertyNames().iterator().next()).containsExactly("messageStart",
                "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop",
                "metadata");
        assertThat(chunks.getLast().at("/metadata/usage").toString())
                .isEqualTo("{\"inputTokens\":2,\"outputTokens\":7,\"totalTokens\":9}");
    }

    @Test
    void jamba_finalChunk_hasFinishReasonAndUsage() {
        List<JsonNode> chunks = chunks(ModelFamily.AI21_JAMBA, "Say hi", 1, 10);

        assertThat(chunks.getFirst().at("/choices/0/delta/role").asString()).isEqualTo("assistant");
        JsonNode last = chunks.getLast();
        assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(last.at("/usage/completion_tokens").intValue()).isEqualTo(1);
        assertThat(chunks).extracting(c -> c.get("id").asString()).containsOnly(chunks.getFirst().get("id").asString());
    }
}
