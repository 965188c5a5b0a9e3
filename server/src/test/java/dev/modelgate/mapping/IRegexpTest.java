package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;

class IRegexpTest {

    @ParameterizedTest
    @ValueSource(strings = {"\\d", "\\w", "\\s", "(?i)a", "a*?", "a++", "a{2}?", "(a)\\1", "[[a]", "[a-\\p{L}]", "[]", "[^]",
            "\\p{IsBasicLatin}", "\\p{Cs}", "\\p{Lx}", "a{2,1}", "a{,2}", "a**", "*a", "(a", "a)", "a]", "a}", "[z-a]", "[a-b-c]",
            "\\", "\\x41", "\\uD800", "\ud800", "\\b", "{1}"})
    void compile_rejectsWhatIRegexpRejects(String pattern) {
        assertThat(IRegexp.compile(pattern)).as(pattern).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a|", "()", "(a|b)*c{2,}", "[-a]", "[a-]", "[^-]", "[\\]\\-\\[]", "\\p{L}\\P{Nd}", "[\\p{Lu}x]",
            "a{0}", "a{1,1}", "x^y$", "[a^]", "\\.\\*\\+\\?\\(\\)\\{\\}\\|\\^\\n\\r\\t", "[&&]", "#%/,=<>\"'`~ é😀"})
    void compile_acceptsIRegexps(String pattern) {
        assertThat(IRegexp.compile(pattern)).as(pattern).isNotNull();
    }

    @ParameterizedTest(name = "{0} on {1}: match {2}, search {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a.c          | abc        | true  | true
            a.c          | "a\u2028c" | true  | true
            a.c          | "a\nc"     | false | false
            a.c          | "a\rc"     | false | false
            a.c          | a😀c       | true  | true
            [a&&b]       | &          | true  | true
            [a&&b]       | a          | true  | true
            [^a]         | 😀         | true  | true
            \\p{Lu}+     | ÀB         | true  | true
            "a|bc"       | bc         | true  | true
            "a|bc"       | xbc        | false | true
            ab           | xaby       | false | true
            ^ab          | xab        | false | false
            ab$          | "ab\n"     | false | false
            "[\\n]"      | "\n"       | true  | true
            [$]          | $          | true  | true
            """)
    void matchAndSearch_followIRegexpSemantics(String pattern, String subject, boolean whole, boolean found) {
        Pattern compiled = IRegexp.compile(pattern);

        assertThat(IRegexp.test(compiled, subject, true, evaluation())).as("match").isEqualTo(whole);
        assertThat(IRegexp.test(compiled, subject, false, evaluation())).as("search").isEqualTo(found);
    }

    @Test
    void test_catastrophicBacktracking_stopsTheEvaluation_whenItsRegexStepsRunOut() {
        Pattern compiled = IRegexp.compile("(a+)+c");
        Evaluation evaluation = evaluation();

        assertThatThrownBy(() -> IRegexp.test(compiled, "a".repeat(5_000), false, evaluation))
                .isInstanceOfSatisfying(JsonPathTooCostlyException.class,
                        e -> assertThat(e.kind()).isEqualTo(EvaluationBudget.Kind.REGEX_STEPS));
        assertThat(evaluation.regexSteps()).isEqualTo(EvaluationBudget.MAX_REGEX_STEPS + 1);
    }

    @Test
    void test_longSubjectWithinBudget_stillMatches() {
        Pattern compiled = IRegexp.compile("[a-z ]*end");
        Evaluation evaluation = evaluation();

        assertThat(IRegexp.test(compiled, "word ".repeat(20_000) + "end", true, evaluation)).isTrue();
        assertThat(evaluation.regexSteps()).isBetween(100_003L, 100_100L);
    }

    private static Evaluation evaluation() {
        return new Evaluation("$[?match(@, 'pattern')]", JsonNodeFactory.instance.nullNode());
    }

    @Test
    void jsonPath_invalidLiteralPattern_matchesNothing_ratherThanFailingToCompile() {
        assertThat(JsonPath.compile("$[?match(@, '\\\\d')]").values(OutputMappingFamiliesTest.json("[\"1\", \"\\\\d\"]"))).isEmpty();
    }
}
