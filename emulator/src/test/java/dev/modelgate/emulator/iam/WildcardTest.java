package dev.modelgate.emulator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class WildcardTest {

    @Property
    void matches_agreesWithTheEquivalentRegex(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        assertThat(Wildcard.matches(pattern, text)).isEqualTo(Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches());
    }

    @Property
    void aTextWithoutWildcards_matchesItselfOnly(@ForAll("texts") String text, @ForAll("texts") String other) {
        assertThat(Wildcard.matches(text, text)).isTrue();
        assertThat(Wildcard.matches(text, other)).isEqualTo(text.equals(other));
    }

    @Property
    void star_matchesAnything(@ForAll("texts") String text) {
        assertThat(Wildcard.matches("*", text)).isTrue();
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab:*?/").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab:/").ofMaxLength(10);
    }
}
