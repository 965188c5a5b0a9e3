package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Invariants of token counting, truncation, generation and the response shapes, over seeded random prompts
 * (reproducible: each test names its seed).
 */
class GenerationPropertiesTest {

    private static final int CASES = 500;
    private static final String EXTRA_CHARS = "éßÅ漢字\t\n";

    private static String text(SplittableRandom random) {
        int length = random.nextInt(121);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(10) == 0
                    ? EXTRA_CHARS.charAt(random.nextInt(EXTRA_CHARS.length()))
                    : (char) (' ' + random.nextInt('~' - ' ' + 1)));
        }
        return text.toString();
    }

    @Test
    void truncate_keepsAPrefixWithAtMostTheBudget() {
        SplittableRandom random = new SplittableRandom(1L);
        for (int i = 0; i < CASES; i++) {
            String text = text(random);
            int max = random.nextInt(41);
            String cut = Tokens.truncate(text, max);

            assertThat(text).as("text %s, budget %d", text, max).startsWith(cut);
            assertThat(Tokens.count(cut)).as("text %s, budget %d", text, max).isEqualTo(Math.min(max, Tokens.count(text)));
        }
    }

    @Test
    void pieces_concatenateToTheText() {
        SplittableRandom random = new SplittableRandom(2L);
        for (int i = 0; i < CASES; i++) {
            String text = text(random);
            var pieces = FamilySupport.pieces(text);

            assertThat(String.join("", pieces)).isEqualTo(text);
            assertThat(pieces).allSatisfy(p -> assertThat(Tokens.count(p)).isLessThanOrEqualTo(3));
        }
    }

    @Test
    void anyFamily_anyPrompt_givesParseableResponsesWhoseCountsMatch() {
        SplittableRandom random = new SplittableRandom(3L);
        ModelFamily[] families = ModelFamily.values();
        for (int i = 0; i < CASES; i++) {
            ModelFamily family = families[random.nextInt(families.length)];
            String text = text(random);
            int max = 1 + random.nextInt(30);
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
            assertThat(streamed.toString()).as("%s, prompt %s", family, text).isEqualTo(g.text());
            assertThat(last.at("/amazon-bedrock-invocationMetrics/outputTokenCount").intValue())
                    .isEqualTo(g.outputTokens());
            JsonNode converse = Json.parse(family.converseResponse(g, 5));
            assertThat(converse.at("/usage/totalTokens").intValue()).isEqualTo(g.inputTokens() + g.outputTokens());
        }
    }
}
