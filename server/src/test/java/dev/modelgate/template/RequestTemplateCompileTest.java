package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.compileViolations;
import static dev.modelgate.template.VariableType.INTEGER;
import static dev.modelgate.template.VariableType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.groups.Tuple.tuple;

import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The save-time rules of {@link RequestTemplate#compile}: each rule's code, message and position. */
class RequestTemplateCompileTest {

    private static final PromptVariable PROMPT = PromptVariable.required("prompt", STRING);
    private static final PromptVariable MAX_TOKENS = PromptVariable.required("max_tokens", INTEGER);

    private static Violation at(String rule, String message, int line, int column) {
        return Violation.at("template", rule, message, line, column);
    }

    @Test
    void compile_templateOverTheSizeLimit_isTooLarge() {
        String text = "\"" + "a".repeat(RequestTemplate.MAX_TEMPLATE_BYTES - 1) + "\"";

        assertThat(compileViolations(text)).containsExactly(Violation.of("template", "template-too-large",
                "template must be at most 262144 bytes of UTF-8, got 262145"));
    }

    @Test
    void compile_templateOfExactlyTheSizeLimitInMultiByteChars_compiles() {
        String text = "\"" + "é".repeat((RequestTemplate.MAX_TEMPLATE_BYTES - 2) / 2) + "\"";

        assertThat(RequestTemplate.compile(text, List.of()).text()).isEqualTo(text);
        assertThat(compileViolations("\"" + "é".repeat(RequestTemplate.MAX_TEMPLATE_BYTES / 2) + "\""))
                .extracting(Violation::rule).containsExactly("template-too-large");
    }

    @Test
    void compile_moreVariablesThanTheLimit_isRejected() {
        List<PromptVariable> variables = new ArrayList<>();
        for (int i = 0; i <= RequestTemplate.MAX_VARIABLES; i++) {
            variables.add(PromptVariable.required("v" + i, STRING));
        }

        assertThat(TemplateFixtures.violationsOf(() -> RequestTemplate.compile("{}", variables)))
                .containsExactly(Violation.of("variables", "too-many-variables",
                        "a template declares at most 100 variables, got 101"));
    }

    @Test
    void compile_sameNameDeclaredTwice_namesTheLaterDeclaration() {
        assertThat(compileViolations("{\"a\": {{prompt}}}", PROMPT, MAX_TOKENS, PromptVariable.required("prompt", INTEGER)))
                .containsExactly(Violation.of("variables[2].name", "duplicate-variable",
                        "variable \"prompt\" is already declared by variables[0]"));
    }

    @Test
    void compile_placeholderOfAnUndeclaredVariable_isReportedAtItsPosition() {
        assertThat(compileViolations("{\n  \"max_tokens\": {{max_tokens}},\n  \"x\": \"a {{missing}}\"\n}", MAX_TOKENS))
                .containsExactly(at("undeclared-variable",
                        "placeholder {{missing}} names no declared variable; declare \"missing\" or fix the name", 3, 11));
    }

    @Test
    void compile_unclosedBraces_areMalformed() {
        assertThat(compileViolations("{\"a\": \"x {{\"}")).containsExactly(at("malformed-placeholder",
                "\"{{\" opens no placeholder: a placeholder is {{name}} on one line, the name made of letters, digits,"
                        + " '_', '.' and '-' (a literal \"{{\" inside a string can be written {\\u007b)", 1, 10));
    }

    @Test
    void compile_emptyPlaceholder_isMalformed() {
        assertThat(compileViolations("{\"a\": {{ }}}"))
                .containsExactly(at("malformed-placeholder", "placeholder \"{{ }}\" names no variable", 1, 7));
    }

    @Test
    void compile_placeholderWithASpaceInItsName_isMalformed() {
        assertThat(compileViolations("{\"a\": \"{{bad name}}\"}")).containsExactly(at("malformed-placeholder",
                "placeholder \"{{bad name}}\" has an invalid name: variable name must match [A-Za-z_][A-Za-z0-9_.-]*"
                        + " (a letter or '_', then letters, digits, '_', '.' or '-'), got \"bad name\"", 1, 8));
    }

    @Test
    void compile_placeholderAsAPropertyName_isAPositionError() {
        assertThat(compileViolations("{ {{prompt}}: 1 }", PROMPT)).containsExactly(at("placeholder-position",
                "placeholder {{prompt}} stands where JSON takes no value (a property name's place, or joined to a"
                        + " neighbouring token); outside a string a placeholder must be a whole value: a property value,"
                        + " an array element or the whole body", 1, 3));
    }

    @Test
    void compile_placeholderInsideAPropertyNameString_isAPositionError() {
        assertThat(compileViolations("{\"{{prompt}}\" : 1}", PROMPT)).containsExactly(at("placeholder-position",
                "placeholder {{prompt}} is inside a property name; placeholders may stand for a whole value or sit"
                        + " inside a string value, never in a key", 1, 3));
    }

    @Test
    void compile_placeholderJoinedToAnotherToken_isAPositionError() {
        assertThat(compileViolations("[1{{max_tokens}}]", MAX_TOKENS)).extracting(Violation::rule, Violation::column)
                .containsExactly(tuple("placeholder-position", 3));
        assertThat(compileViolations("{\"n\": -{{max_tokens}}}", MAX_TOKENS)).extracting(Violation::rule, Violation::column)
                .containsExactly(tuple("placeholder-position", 8));
        assertThat(compileViolations("[{{prompt}} {{max_tokens}}]", PROMPT, MAX_TOKENS))
                .extracting(Violation::rule, Violation::column)
                .containsExactly(tuple("placeholder-position", 13));
    }

    @Test
    void compile_trailingComma_isInvalidJsonAtTheBreak() {
        assertThat(compileViolations("{\n  \"a\": 1,\n}")).containsExactly(at("invalid-json",
                "template is not valid JSON at line 3, column 1: Unexpected character ('}' (code 125)): was expecting"
                        + " double-quote to start property name", 3, 1));
    }

    @Test
    void compile_invalidJsonAfterPlaceholders_isReportedInTheOriginalText() {
        assertThat(compileViolations("{\"text\": \"{{prompt}} é\", \"n\": {{max_tokens}}, \"x\": tru}", PROMPT, MAX_TOKENS))
                .containsExactly(at("invalid-json", "template is not valid JSON at line 1, column 52: Unrecognized"
                        + " token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                        + " 'false')", 1, 52));
    }

    @Test
    void compile_unclosedObject_isInvalidJsonAtTheEnd() {
        assertThat(compileViolations("{\"a\": {{max_tokens}}", MAX_TOKENS)).containsExactly(at("invalid-json",
                "template is not valid JSON at line 1, column 21: Unexpected end-of-input: expected close marker for"
                        + " Object", 1, 21));
    }

    @Test
    void compile_twoValues_isInvalidJson() {
        assertThat(compileViolations("{}\n{}")).containsExactly(at("invalid-json", "template is not valid JSON at"
                + " line 2, column 1: unexpected content after the end of the JSON value; a template is exactly one"
                + " JSON value", 2, 1));
    }

    @Test
    void compile_emptyTemplate_isInvalidJson() {
        assertThat(compileViolations("  ")).containsExactly(at("invalid-json", "template is not valid JSON at line 1,"
                + " column 1: the template is empty; it must be one JSON value (usually an object)", 1, 1));
    }

    @Test
    void compile_duplicatePropertyName_isInvalidJson() {
        assertThat(compileViolations("{\"max_tokens\": 1, \"max_tokens\": {{max_tokens}}}", MAX_TOKENS))
                .extracting(Violation::rule, Violation::message)
                .containsExactly(tuple("invalid-json", "template is not valid JSON at"
                        + " line 1, column 31: Duplicate Object property \"max_tokens\""));
    }

    @Test
    void compile_rawControlCharacterInAString_isInvalidJson() {
        assertThat(compileViolations("{\"a\": \"x\ty\"}")).extracting(Violation::rule, Violation::column)
                .containsExactly(tuple("invalid-json", 9));
    }

    @Test
    void compile_unpairedSurrogateInTheText_isRejected() {
        assertThat(compileViolations("{\"a\": \"\ud800\"}")).containsExactly(at("invalid-json", "template has an"
                + " unpaired UTF-16 surrogate U+D800, which no UTF-8 body can carry; inside a string it can be"
                + " written \\ud800", 1, 8));
    }

    @Test
    void compile_unpairedSurrogateEscapeInAPropertyName_isInvalidJsonAsUtf8ParsersReadIt() {
        assertThat(compileViolations("{\"é\": \"\\udc00\", \"\\udc00\": 1}")).containsExactly(at("invalid-json",
                "template is not valid JSON at line 1, column 24: Unexpected low surrogate in property name (DC00)"
                        + " without preceding high surrogate", 1, 24));
    }

    @Test
    void compile_leadingByteOrderMark_isRejectedThoughJacksonSkipsIt() {
        assertThat(compileViolations("\uFEFF{}")).containsExactly(at("invalid-json", "template starts with a byte"
                + " order mark (U+FEFF), which a JSON body sent over the network must not carry (RFC 8259, section"
                + " 8.1); remove it", 1, 1));
    }

    @Test
    void compile_manyProblems_areReportedAllAtOnce() {
        List<Violation> violations = compileViolations(
                "{\"a\": \"{{bad name}}\", \"b\": {{nope}},\n \"c\": \"{{prompt}}\", \"d\": {{}}}", PROMPT, PROMPT);

        assertThat(violations).extracting(Violation::rule, Violation::line, Violation::column).containsExactly(
                tuple("duplicate-variable", 0, 0),
                tuple("malformed-placeholder", 1, 8),
                tuple("undeclared-variable", 1, 28),
                tuple("malformed-placeholder", 2, 26));
    }

    @Test
    void compile_unusedVariable_isAWarningNotAnError() {
        RequestTemplate template = RequestTemplate.compile("{\"a\": {{prompt}}}", List.of(PROMPT, MAX_TOKENS));

        assertThat(template.warnings()).containsExactly(Violation.of("variables[1].name", "unused-variable",
                "variable \"max_tokens\" is declared but no placeholder {{max_tokens}} uses it"));
    }

    @Test
    void compile_nonPositiveBodyLimit_isAProgrammingError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RequestTemplate.compile("{}", List.of(), 0))
                .withMessage("maxBodyBytes must be positive, got 0");
    }
}
