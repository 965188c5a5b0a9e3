package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExternalIdTest {

    @Test
    void generate_isMgAnd32Base32Characters() {
        ExternalId id = ExternalId.generate(new SecureRandom());

        assertThat(id.value()).matches("mg-[a-z2-7]{32}");
        assertThat(id).hasToString(id.value());
    }

    @Test
    void generate_neverRepeats() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            assertThat(seen.add(ExternalId.generate(random).value())).isTrue();
        }
    }

    @Test
    void generate_usesEveryBase32Character() {
        SecureRandom random = new SecureRandom();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ExternalId.generate(random).value().substring(3).chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(32);
    }

    @Test
    void of_everyCharacterStsAllows_isAccepted() {
        String value = "Ab0_+=,.@:/-";

        assertThat(ExternalId.of(value).value()).isEqualTo(value);
        assertThat(ExternalId.of("ab").value()).isEqualTo("ab");
        assertThat(ExternalId.of("a".repeat(1224)).value()).hasSize(1224);
    }

    @Test
    void of_blank_isRefused() {
        assertThat(ExternalId.validate("")).containsExactly(
                Violation.of("externalId", "blank", "external ID must not be blank"));
        assertThat(ExternalId.validate(null)).extracting(Violation::rule).containsExactly("blank");
    }

    @Test
    void of_oneCharacter_isTooShort() {
        assertThat(ExternalId.validate("a")).containsExactly(Violation.of("externalId", "too-short",
                "external ID must have at least 2 characters, got \"a\""));
    }

    @Test
    void of_longerThanStsAllows_isTooLong() {
        assertThat(ExternalId.validate("a".repeat(1225))).containsExactly(Violation.of("externalId", "too-long",
                "external ID must have at most 1224 characters, got 1225"));
    }

    @Test
    void of_characterStsRefuses_namesItAndItsIndex() {
        assertThat(ExternalId.validate("mg-abc#def")).containsExactly(Violation.of("externalId", "invalid-character",
                "external ID may contain only letters, digits and _+=,.@:/-, got '#' (U+0023) at index 6 in \"mg-abc#def\""));
    }

    @Test
    void of_whitespace_isRefused() {
        assertThat(ExternalId.validate("mg-abc ")).extracting(Violation::rule).containsExactly("whitespace");
        assertThatThrownBy(() -> ExternalId.of("mg abc")).isInstanceOf(InvalidInputException.class)
                .hasMessage("external ID must not contain whitespace (found a space at index 2), got \"mg abc\"");
    }

    @Test
    void of_randomStrings_acceptedExactlyWhenStsPatternMatches() {
        SplittableRandom random = new SplittableRandom(20260301L);
        String alphabet = "aZ09_+=,.@:/-# é\t";
        for (int i = 0; i < 500; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(6);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            boolean valid = text.matches("[\\w+=,.@:/-]{2,1224}");
            assertThat(ExternalId.validate(text).isEmpty()).as(text).isEqualTo(valid);
        }
    }
}
