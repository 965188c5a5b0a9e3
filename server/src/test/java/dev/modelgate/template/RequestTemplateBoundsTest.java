package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.compileViolations;
import static dev.modelgate.template.VariableType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds on what compiling one template may cost: placeholders, and problems reported. */
class RequestTemplateBoundsTest {

    private static final PromptVariable PROMPT = PromptVariable.required("prompt", STRING);

    private static String array(String element, int count) {
        return "[" + String.join(",", java.util.Collections.nCopies(count, element)) + "]";
    }

    @Test
    void compile_exactlyTheMostPlaceholders_compiles() {
        RequestTemplate template = RequestTemplate.compile(array("{{prompt}}", RequestTemplate.MAX_PLACEHOLDERS),
                List.of(PROMPT));

        assertThat(template.variables()).containsExactly(PROMPT);
    }

    @Test
    void compile_onePlaceholderOverTheMost_isTooManyPlaceholders_withoutCheckingEachOne() {
        assertThat(compileViolations(array("{{prompt}}", RequestTemplate.MAX_PLACEHOLDERS + 1), PROMPT))
                .containsExactly(Violation.of("template", "too-many-placeholders",
                        "template must hold at most 1000 placeholders, got 1001"));
    }

    @Test
    void compile_aTemplateOfUnclosedOpeners_isTooManyPlaceholders_notOneViolationEach() {
        String openers = "{{ ".repeat(80_000);

        assertThat(compileViolations(openers, PROMPT)).containsExactly(Violation.of("template",
                "too-many-placeholders", "template must hold at most 1000 placeholders, got 80000"));
    }

    @Test
    void compile_thousandUndeclaredPlaceholders_reportsTheFirstHundred_andCountsTheRest() {
        List<Violation> violations = compileViolations(array("{{other}}", RequestTemplate.MAX_PLACEHOLDERS), PROMPT);

        assertThat(violations).hasSize(RequestTemplate.MAX_REPORTED_PROBLEMS + 1);
        assertThat(violations.subList(0, RequestTemplate.MAX_REPORTED_PROBLEMS)).extracting(Violation::rule)
                .containsOnly("undeclared-variable");
        assertThat(violations.getLast()).isEqualTo(Violation.of("template", "too-many-problems",
                "template has 1000 problems; the first 100 are listed, fix them and compile again to see the rest"));
    }

    @Test
    void compile_eightyThousandLoneSurrogates_reportsTheFirstHundred_andCountsTheRest() {
        String text = "[\"" + "\uD800".repeat(80_000) + "\"]";

        List<Violation> violations = compileViolations(text);

        assertThat(violations).hasSize(RequestTemplate.MAX_REPORTED_PROBLEMS + 1);
        assertThat(violations.getFirst()).isEqualTo(Violation.at("template", "invalid-json", "template has an unpaired"
                + " UTF-16 surrogate U+D800, which no UTF-8 body can carry; inside a string it can be written \\ud800",
                1, 3));
        assertThat(violations.getLast()).isEqualTo(Violation.of("template", "too-many-problems",
                "template has 80000 problems; the first 100 are listed, fix them and compile again to see the rest"));
    }
}
