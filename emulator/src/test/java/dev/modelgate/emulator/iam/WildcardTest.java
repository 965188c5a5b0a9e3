package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Property tests over seeded random patterns and texts (1,000 cases each, reproducible from the seed). */
class WildcardTest {

    private static final int CASES = 1_000;

    @Test
    void matches_agreesWithTheEquivalentRegex() {
        SplittableRandom random = new SplittableRandom(20261124L);
        for (int i = 0; i < CASES; i++) {
            String pattern = randomString(random, "ab:*?/", 8);
            String text = randomString(random, "ab:/", 10);
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(switch (c) {
                    case '*' -> ".*";
                    case '?' -> ".";
                    default -> Pattern.quote(String.valueOf(c));
                });
            }
            assertThat(Wildcard.matches(pattern, text))
                    .as("pattern \"%s\" against \"%s\"", pattern, text)
                    .isEqualTo(Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches());
        }
    }

    @Test
    void aTextWithoutWildcards_matchesItselfOnly() {
        SplittableRandom random = new SplittableRandom(7L);
        for (int i = 0; i < CASES; i++) {
            String text = randomString(random, "ab:/", 10);
            String other = randomString(random, "ab:/", 10);
            assertThat(Wildcard.matches(text, text)).as(text).isTrue();
            assertThat(Wildcard.matches(text, other)).as("\"%s\" against \"%s\"", text, other).isEqualTo(text.equals(other));
        }
    }

    @Test
    void star_matchesAnything() {
        SplittableRandom random = new SplittableRandom(11L);
        for (int i = 0; i < CASES; i++) {
            String text = randomString(random, "ab:/", 10);
            assertThat(Wildcard.matches("*", text)).as(text).isTrue();
        }
    }

    private static String randomString(SplittableRandom random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
