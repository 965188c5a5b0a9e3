package dev.modelgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelScopeTest {

    @Test
    void allows_exactName_onlyThatName_caseSensitively() {
        ModelScope scope = ModelScope.of(List.of("haiku"));

        assertThat(scope.allows("haiku")).isTrue();
        assertThat(scope.allows("Haiku")).isFalse();
        assertThat(scope.allows("haiku-2")).isFalse();
        assertThat(scope.allows("hai")).isFalse();
        assertThat(scope.allows(null)).isFalse();
    }

    @Test
    void allows_trailingStar_anyRestIncludingNone() {
        ModelScope scope = ModelScope.of(List.of("support-*"));

        assertThat(scope.allows("support-")).isTrue();
        assertThat(scope.allows("support-eu")).isTrue();
        assertThat(scope.allows("support-eu-west.v2")).isTrue();
        assertThat(scope.allows("support")).isFalse();
        assertThat(scope.allows("sales-support-eu")).isFalse();
    }

    @Test
    void allows_starsAnywhere_partsInOrderWithoutOverlap() {
        ModelScope scope = ModelScope.of(List.of("*-eu", "a*b*c", "x*x"));

        assertThat(scope.allows("support-eu")).isTrue();
        assertThat(scope.allows("support-eu-2")).isFalse();
        assertThat(scope.allows("abc")).isTrue();
        assertThat(scope.allows("a-b-c")).isTrue();
        assertThat(scope.allows("acb")).isFalse();
        assertThat(scope.allows("xx")).isTrue();
        assertThat(scope.allows("x")).as("prefix and suffix may not share the one x").isFalse();
        assertThat(ModelScope.of(List.of("*")).allows("anything.at_all-1")).isTrue();
    }

    @Test
    void allows_dotAndUnderscoreAreLiteral_notRegex() {
        ModelScope scope = ModelScope.of(List.of("claude.v2", "a_b"));

        assertThat(scope.allows("claude.v2")).isTrue();
        assertThat(scope.allows("claudexv2")).isFalse();
        assertThat(scope.allows("a_b")).isTrue();
    }

    @Test
    void allows_agreesWithTheGlobAsARegularExpression_onRandomPatternsAndNames() {
        SplittableRandom random = new SplittableRandom(1717L);
        String characters = "ab-*";
        for (int i = 0; i < 20_000; i++) {
            String pattern = text(random, characters, 1 + random.nextInt(8));
            String name = text(random, "ab-", 1 + random.nextInt(10));
            Pattern reference = Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*")));

            assertThat(ModelScope.of(List.of(pattern)).allows(name)).as("%s against %s", pattern, name)
                    .isEqualTo(reference.matcher(name).matches());
        }
    }

    @Test
    void allows_manyStarsAgainstALongName_answersAsARegularExpressionWould() {
        // The shape that makes a backtracking matcher exponential; the glob walks each literal part once.
        ModelScope scope = ModelScope.of(List.of("*a".repeat(49) + "b"));

        assertThat(scope.allows("a".repeat(64))).isFalse();
        assertThat(scope.allows("a".repeat(64) + "b")).isTrue();
        assertThat(scope.allows("a".repeat(48) + "b")).isFalse();
    }

    @Test
    void of_repeatedEntry_countsOnce_keepingTheOrder() {
        ModelScope scope = ModelScope.of(List.of("b", "a*", "b"));

        assertThat(scope.entries()).containsExactly("b", "a*");
        assertThat(scope).isEqualTo(ModelScope.of(List.of("b", "a*"))).hasToString("\"b\", \"a*\"");
    }

    @Test
    void stored_roundTripsThroughParse_andNullIsEveryModel() {
        ModelScope scope = ModelScope.of(List.of("haiku", "support-*"));

        assertThat(scope.stored()).isEqualTo("haiku\nsupport-*");
        assertThat(ModelScope.parse(scope.stored())).isEqualTo(scope);
        assertThat(ModelScope.parse(null)).isNull();
    }

    @Test
    void check_emptyList_isRefused_sayingHowToAllowEveryModel() {
        assertThat(ModelScope.check(List.of(), "models")).containsExactly(Violation.of("models", "key-models-empty",
                "models must name at least one model or pattern; leave it out for a key that may call every model "
                        + "of the workspace"));
        assertThatThrownBy(() -> ModelScope.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("models must name at least one model or pattern");
    }

    @Test
    void check_moreThanTwentyEntries_isRefused_sayingHowMany() {
        List<String> entries = IntStream.range(0, 21).mapToObj(i -> "m" + i).toList();

        assertThat(ModelScope.check(entries, "models")).containsExactly(Violation.of("models", "key-models-size",
                "models may hold at most 20 names or patterns, got 21"));
        assertThat(ModelScope.check(entries.subList(0, 20), "models")).isEmpty();
    }

    @Test
    void check_badEntries_nameEachIndexAndValue() {
        List<String> entries = new ArrayList<>(List.of("ok", "", "has space", "x".repeat(101), "a/b"));
        entries.add(null);

        assertThat(ModelScope.check(entries, "models")).extracting(Violation::field, Violation::rule,
                Violation::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("models[1]", "key-model-pattern",
                        "models[1] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, got \"\""),
                org.assertj.core.groups.Tuple.tuple("models[2]", "key-model-pattern",
                        "models[2] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, got \"has space\""),
                org.assertj.core.groups.Tuple.tuple("models[3]", "key-model-pattern",
                        "models[3] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, got \""
                                + "x".repeat(101) + "\""),
                org.assertj.core.groups.Tuple.tuple("models[4]", "key-model-pattern",
                        "models[4] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, got \"a/b\""),
                org.assertj.core.groups.Tuple.tuple("models[5]", "key-model-pattern",
                        "models[5] must be 1 to 100 of the characters A-Z a-z 0-9 . _ - and *, got null"));
        assertThat(ModelScope.check(List.of("x".repeat(100), "*"), "models")).isEmpty();
    }

    @Test
    void check_controlCharacter_isShownEscaped() {
        assertThat(ModelScope.check(List.of("a\nb"), "models").getFirst().message())
                .endsWith("got \"a\\u000ab\"");
    }

    @Test
    void everyValidModelName_isAValidEntry_thatAllowsItself() {
        SplittableRandom random = new SplittableRandom(99L);
        String characters = "AZaz09._-";
        for (int i = 0; i < 2_000; i++) {
            String name = text(random, "Aa0", 1) + text(random, characters, random.nextInt(64));
            assertThat(ModelConfiguration.NAME.matcher(name).matches()).isTrue();

            assertThat(ModelScope.of(List.of(name)).allows(name)).as(name).isTrue();
        }
    }

    @Test
    void keyCaller_carriesTheScope_andAnAccountMayHaveNone() {
        ModelScope scope = ModelScope.of(List.of("haiku"));
        Caller key = new Caller(Caller.Kind.KEY, "k1", "mgk_abcdefgh (bot)", Role.AGENT, "w1", scope, null);

        assertThat(key.mayCall("haiku")).isTrue();
        assertThat(key.mayCall("sonnet")).isFalse();
        assertThatThrownBy(() -> key.checkModel("sonnet")).isInstanceOf(ModelNotInKeyScopeException.class)
                .hasMessage("the API key mgk_abcdefgh (bot) may call only the models \"haiku\"; \"sonnet\" is not "
                        + "among them (a workspace admin sets a key's models when creating it)");
        assertThatThrownBy(() -> new Caller(Caller.Kind.ACCOUNT, "a1", "alice", Role.ADMIN, "w1", scope, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only an API key has a model scope, got account alice with \"haiku\"");
        assertThat(new Caller(Caller.Kind.KEY, "k2", "mgk_bcdefghi (any)", Role.AGENT, "w1", null, null)
                .mayCall("sonnet")).isTrue();
    }

    private static String text(SplittableRandom random, String characters, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(characters.charAt(random.nextInt(characters.length())));
        }
        return out.toString();
    }
}
