package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;

/** Invariants of token counting, truncation, generation and the response shapes, over arbitrary prompts. */
class GenerationProperties {

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("éßÅ漢字\t\n").ofMaxLength(120);
    }

    @Property
    void truncate_keepsAPrefixWithAtMostTheBudget(@ForAll("texts") String text, @ForAll @IntRange(max = 40) int max) {
        String cut = Tokens.truncate(text, max);

        assertThat(text).startsWith(cut);
        assertThat(Tokens.count(cut)).isEqualTo(Math.min(max, Tokens.count(text)));
    }

    @Property
    void pieces_concatenateToTheText(@ForAll("texts") String text) {
        var pieces = FamilySupport.pieces(text);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(p -> assertThat(Tokens.count(p)).isLessThanOrEqualTo(3));
    }

    @Property
    void anyFamily_anyPrompt_givesParseableResponsesWhoseCountsMatch(@ForAll ModelFamily family,
                                                                     @ForAll("texts") String text,
                                                                     @ForAll @IntRange(min = 1, max = 30) int max) {
        String modelId = FamilyBodies.modelId(family);
        Prompt prompt = family.parse(Json.parse(FamilyBodies.body(family, text, max)), modelId);
        Generation g = family.generate(prompt);

        assertThat(g.outputTokens()).isEqualTo(Tokens.count(g.text())).isLessThanOrEqualTo(max);
        assertThat(g.inputTokens()).isPositive();
        assertThat(FamilySupport.REPLY_PREFIX + prompt.text()).startsWith(g.text());
        assertThat(g.stopReason()).isIn(family.endStopReason(), family.maxTokensStopReason());
        Json.parse(family.invokeResponse(g, modelId));
        StringBuilder streamed = new StringBuilder();
        JsonNode last = null;
        for (byte[] chunk : family.streamChunks(g, modelId, InvocationMetrics.of(g, 9, 3))) {
            last = Json.parse(chunk);
            streamed.append(StreamChunksTest.chunkText(family, last));
        }
        assertThat(streamed.toString()).isEqualTo(g.text());
        assertThat(last.at("/amazon-bedrock-invocationMetrics/outputTokenCount").intValue())
                .isEqualTo(g.outputTokens());
        JsonNode converse = Json.parse(family.converseResponse(g, 5));
        assertThat(converse.at("/usage/totalTokens").intValue()).isEqualTo(g.inputTokens() + g.outputTokens());
    }
}
