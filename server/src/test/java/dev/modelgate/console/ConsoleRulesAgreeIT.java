package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.mapping.InvalidJsonPathException;
import dev.modelgate.mapping.JsonPath;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RandomTemplates;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's own copies of server rules, {@code jsonpath.js} and {@code template-check.js}, run in the browser
 * against the cases the server runs: every case of the RFC 9535 compliance suite, and hand-written, generated and
 * mutated request templates compiled by {@link RequestTemplate#compile} in this JVM. Console and server must agree.
 */
class ConsoleRulesAgreeIT extends ConsoleTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    boolean signInFirst() {
        return false;
    }

    /**
     * Each case's selector through the console's {@code query}: an invalid selector must be invalid; a valid one must
     * select exactly the suite's values (one of its allowed results), with the suite's normalized paths. A selector
     * with a filter ({@code ?}) is one the console leaves to the server ("unsupported"), valid or not. Paths are
     * compared in the suite's normalized form, built from the console's steps with its {@code quotedName}.
     */
    @Test
    void jsonpath_agreesWithTheComplianceSuite_andTheServer() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/jsonpath-cts/cts.json")) {
            cases = JSON.readTree(in).get("tests");
        }
        assertThat(cases.size()).isEqualTo(703);
        for (JsonNode c : cases) { // the server is the reference: it agrees with the suite on validity
            boolean serverValid;
            try {
                JsonPath.compile(c.get("selector").stringValue());
                serverValid = true;
            } catch (InvalidJsonPathException e) {
                serverValid = false;
            }
            assertThat(serverValid).as(c.get("name").stringValue()).isEqualTo(!c.path("invalid_selector").asBoolean(false));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/jsonpath.js').then(({ query, quotedName }) => {
  const normalized = (steps) => '$' + steps.map((s) => (typeof s === 'number' ? `[${s}]` : quotedName(s))).join('');
                  const cases = JSON.parse(arguments[0]);
                  const counts = { valid: 0, invalid: 0, unsupported: 0 };
                  const disagreements = [];
                  for (const c of cases) {
                    let r;
                    try { r = query(c.selector, c.document); } catch (e) { r = { status: 'threw ' + e }; }
                    if (r.status === 'unsupported') {
                      counts.unsupported++;
                      if (!c.selector.includes('?')) disagreements.push(`${c.name}: unsupported without a filter`);
                      continue;
                    }
                    if (c.invalid_selector) {
                      counts.invalid++;
                      if (r.status !== 'invalid') disagreements.push(`${c.name}: ${c.selector} is invalid, console says ${r.status}`);
                      continue;
                    }
                    counts.valid++;
                    if (r.status !== 'ok') {
                      disagreements.push(`${c.name}: ${c.selector} is valid, console says ${r.status} ${r.message ?? ''}`);
                      continue;
                    }
                    const values = JSON.stringify(r.nodes.map((n) => n.value));
                    const paths = JSON.stringify(r.nodes.map((n) => normalized(n.steps)));
                    const allowed = c.result ? [c.result] : c.results;
                    const allowedPaths = c.result ? (c.result_paths ? [c.result_paths] : null) : (c.results_paths ?? null);
                    const k = allowed.findIndex((a, j) => JSON.stringify(a) === values
                        && (!allowedPaths || JSON.stringify(allowedPaths[j]) === paths));
                    if (k < 0) disagreements.push(`${c.name}: ${c.selector} selects ${values} at ${paths}, suite: ${JSON.stringify(allowed)}`);
                  }
                  done({ counts, disagreements });
                }, (e) => done({ error: String(e) }));
                """, cases.toString());

        assertThat(outcome.get("error")).isNull();
        assertThat((List<?>) outcome.get("disagreements")).as("cases where the console disagrees").isEmpty();
        System.out.println("jsonpath.js against the compliance suite: " + outcome.get("counts"));
    }

    /** The variables every template below may name (those of the generated templates, and two more). */
    private static final List<PromptVariable> VARIABLES = Stream.concat(RandomTemplates.VARIABLES.stream(), Stream.of(
            PromptVariable.required("prompt", VariableType.STRING),
            PromptVariable.required("max_tokens", VariableType.INTEGER))).toList();

    /** The templates of RequestTemplateCompileTest and similar edge cases. */
    private static final List<String> HAND_WRITTEN = List.of(
            "{}", "[]", "1", "\"x\"", "null", "{\"a\": {{prompt}}}",
            "{\n  \"max_tokens\": {{max_tokens}},\n  \"x\": \"a {{missing}}\"\n}",
            "{\"a\": \"x {{\"}", "{\"a\": {{ }}}", "{\"a\": \"{{bad name}}\"}", "{ {{prompt}}: 1 }",
            "{\"{{prompt}}\" : 1}", "[1{{max_tokens}}]", "{\"n\": -{{max_tokens}}}", "[{{prompt}} {{max_tokens}}]",
            "{\n  \"a\": 1,\n}", "{\"text\": \"{{prompt}} é\", \"n\": {{max_tokens}}, \"x\": tru}",
            "{\"a\": {{max_tokens}}", "{}\n{}", "  ", "", "{\"a\": \"x\ty\"}",
            "{\"a\": \"{{bad name}}\", \"b\": {{nope}},\n \"c\": \"{{prompt}}\", \"d\": {{}}}",
            "{\"a\": [1, 2,]}", "{\"a\" 1}", "{'a': 1}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": -}",
            "{\"a\": truex}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"abc", "{\"a\": \"line\nbreak\"}",
            "{{prompt}}", " {{ prompt }} ", "\"{{prompt}}{{max_tokens}}\"", "{\"a\": {{prompt}}{{max_tokens}}}",
            "{\"a\": {{prompt}}, }", "[{{s}}, {{n}}, {{i}}, {{b}}, {{j.value}}, {{o}}, {{d-int}}]",
            "{\"a\": \"{{ s }} and {{\tn\t}}\"}", "{\"a\": {{s}", "{\"a\": \"{{s}\"}", "{\"a\": {{1x}}}",
            "{\"a\": \"{{s}}\", \"{{n}}\": 2}", "{\"a\": 1}}", "[[[]]", "{\"a\": nul}", "{\"a\": {{s}} }",
            "{\"k\": \"{{\n}}\"}", "0.", " 0.", "1e", "1e+", "-", "[-", "[0.", "[1e", "{}\n-", "{}\n1.", "{}\ntru", "{}\n1x",
            "{}\n1e", "{{b}}\n-", "{}\r\n]", "\"a\" 1}", "{}\n1:.", "1}", "{}\n-1 ]", "{\"a\": 1e}", "{\"a\": 1e+}", "{\"a\": -0.0e-0}", "{\"a\": 2, \"b\": [true, false, null]}");

    private static final String[] MUTATIONS = {"{", "}", "[", "]", ",", ":", "\"", "{{", "}}", "{{s}}", "{{x}}",
            "{{ bad name }}", " ", "\\", "\n", "tru", "-", "1", "'", "\t", "{{n}}"};

    /**
     * Each template through the server's compiler and the console's check: the same list of problems (rule, line,
     * column, in any order) on the template, and so the same verdict on whether it is valid.
     */
    @Test
    void templateCheck_agreesWithTheServer() {
        List<String> texts = new ArrayList<>(HAND_WRITTEN);
        SplittableRandom random = new SplittableRandom(20261207);
        List<String> generated = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            RandomTemplates template = new RandomTemplates(random.split());
            template.template(0);
            generated.add(template.text());
        }
        texts.addAll(generated);
        List<String> bases = new ArrayList<>(HAND_WRITTEN);
        bases.addAll(generated);
        for (int k = 0; k < 400; k++) {
            String base = bases.get(random.nextInt(bases.size()));
            int at = random.nextInt(base.length() + 1);
            if (random.nextBoolean() && !base.isEmpty()) {
                int end = Math.min(base.length(), at + 1 + random.nextInt(3));
                texts.add(base.substring(0, Math.min(at, base.length() - 1)) + base.substring(end));
            } else {
                texts.add(base.substring(0, at) + MUTATIONS[random.nextInt(MUTATIONS.length)] + base.substring(at));
            }
        }
        List<List<String>> server = texts.stream().map(ConsoleRulesAgreeIT::serverProblems).toList();

        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/template-check.js').then(({ checkTemplate }) => {
                  const texts = JSON.parse(arguments[0]);
                  const declared = JSON.parse(arguments[1]);
                  done({ problems: texts.map((t) => checkTemplate(t, declared).problems
                      .map((p) => `${p.rule}@${p.line}:${p.column}`).sort()) });
                }, (e) => done({ error: String(e) }));
                """, JSON.writeValueAsString(texts), JSON.writeValueAsString(VARIABLES.stream().map(PromptVariable::name).toList()));

        assertThat(outcome.get("error")).isNull();
        @SuppressWarnings("unchecked")
        List<List<String>> console = (List<List<String>>) outcome.get("problems");
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (int k = 0; k < texts.size(); k++) {
            if (server.get(k).isEmpty()) {
                valid++;
            }
            if (!server.get(k).equals(console.get(k))) {
                disagreements.add(JSON.writeValueAsString(texts.get(k)) + ": server " + server.get(k) + ", console " + console.get(k));
            }
        }
        System.out.println("template-check.js against RequestTemplate.compile: " + texts.size() + " templates ("
                + HAND_WRITTEN.size() + " hand-written, " + generated.size() + " generated, "
                + (texts.size() - HAND_WRITTEN.size() - generated.size()) + " mutated), " + valid + " valid");
        disagreements.forEach(System.out::println);
        assertThat(disagreements).as("templates where the console disagrees with the server").isEmpty();
    }

    private static List<String> serverProblems(String text) {
        try {
            RequestTemplate.compile(text, VARIABLES);
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations().stream().filter(v -> v.field().equals("template"))
                    .map(v -> v.rule() + "@" + v.line() + ":" + v.column()).sorted().toList();
        }
    }
}
