package dev.modelgate.template;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The save-time checks of {@link RequestTemplate#compile}, and the split of a valid template into segments. */
final class TemplateCompiler {

    private static final String FIELD = "template";

    private TemplateCompiler() {
    }

    static RequestTemplate compile(String text, List<PromptVariable> variables, int maxBodyBytes) {
        Objects.requireNonNull(text, "text");
        List<PromptVariable> declared = List.copyOf(variables);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> indexByName = checkVariables(declared, violations);
        long size = utf8Length(text);
        if (size > RequestTemplate.MAX_TEMPLATE_BYTES) {
            violations.add(Violation.of(FIELD, "template-too-large", "template must be at most "
                    + RequestTemplate.MAX_TEMPLATE_BYTES + " bytes of UTF-8, got " + size));
            throw new InvalidInputException(violations);
        }
        LineIndex lines = new LineIndex(text);
        TemplateScanner.Result scan = TemplateScanner.scan(text);
        if (scan.spans().size() > RequestTemplate.MAX_PLACEHOLDERS) {
            violations.add(Violation.of(FIELD, "too-many-placeholders", "template must hold at most "
                    + RequestTemplate.MAX_PLACEHOLDERS + " placeholders, got " + scan.spans().size()));
            throw new InvalidInputException(violations);
        }
        int firstProblem = violations.size();
        // Thousands of them are counted, not each described: the description costs more than it helps.
        int describedSurrogates = Math.min(scan.loneSurrogates().size(), RequestTemplate.MAX_REPORTED_PROBLEMS + 1);
        for (int offset : scan.loneSurrogates().subList(0, describedSurrogates)) {
            violations.add(at(lines, offset, "invalid-json", String.format("template has an unpaired UTF-16 surrogate"
                    + " U+%04X, which no UTF-8 body can carry; inside a string it can be written \\u%04x",
                    (int) text.charAt(offset), (int) text.charAt(offset))));
        }
        if (text.startsWith("\uFEFF")) {
            violations.add(at(lines, 0, "invalid-json", "template starts with a byte order mark (U+FEFF), which a JSON"
                    + " body sent over the network must not carry (RFC 8259, section 8.1); remove it"));
        }
        for (TemplateScanner.Span span : scan.spans()) {
            checkSpan(span, indexByName, lines, violations);
        }
        checkStructure(scan, lines, violations);
        int problems = violations.size() - firstProblem + scan.loneSurrogates().size() - describedSurrogates;
        if (problems > RequestTemplate.MAX_REPORTED_PROBLEMS) {
            List<Violation> reported = new ArrayList<>(violations.subList(0,
                    firstProblem + RequestTemplate.MAX_REPORTED_PROBLEMS));
            reported.add(Violation.of(FIELD, "too-many-problems", "template has " + problems + " problems; the first "
                    + RequestTemplate.MAX_REPORTED_PROBLEMS + " are listed, fix them and compile again to see the rest"));
            throw new InvalidInputException(reported);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return segment(text, declared, indexByName, scan.spans(), lines, maxBodyBytes);
    }

    private static Map<String, Integer> checkVariables(List<PromptVariable> variables, List<Violation> violations) {
        if (variables.size() > RequestTemplate.MAX_VARIABLES) {
            violations.add(Violation.of("variables", "too-many-variables", "a template declares at most "
                    + RequestTemplate.MAX_VARIABLES + " variables, got " + variables.size()));
        }
        Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            String name = variables.get(i).name();
            Integer earlier = indexByName.putIfAbsent(name, i);
            if (earlier != null) {
                violations.add(Violation.of("variables[" + i + "].name", "duplicate-variable", "variable \"" + name
                        + "\" is already declared by variables[" + earlier + "]"));
            }
        }
        return indexByName;
    }

    private static void checkSpan(TemplateScanner.Span span, Map<String, Integer> indexByName, LineIndex lines,
                                  List<Violation> violations) {
        if (span.problem() != null) {
            violations.add(at(lines, span.start(), "malformed-placeholder", span.problem()));
            return;
        }
        if (!indexByName.containsKey(span.name())) {
            violations.add(at(lines, span.start(), "undeclared-variable", "placeholder {{" + span.name()
                    + "}} names no declared variable; declare \"" + span.name() + "\" or fix the name"));
        }
        if (span.inKey()) {
            violations.add(at(lines, span.start(), "placeholder-position", "placeholder {{" + span.name()
                    + "}} is inside a property name; placeholders may stand for a whole value or sit inside a"
                    + " string value, never in a key"));
        }
    }

    private static void checkStructure(TemplateScanner.Result scan, LineIndex lines, List<Violation> violations) {
        JsonStructure.Break broken = JsonStructure.check(scan.filled());
        if (broken == null) {
            return;
        }
        for (TemplateScanner.Span span : scan.spans()) {
            if (span.covers(broken.offset())) {
                if (span.problem() == null) {
                    violations.add(at(lines, span.start(), "placeholder-position", "placeholder {{" + span.name()
                            + "}} stands where JSON takes no value (a property name's place, or joined to a"
                            + " neighbouring token); outside a string a placeholder must be a whole value: a property"
                            + " value, an array element or the whole body"));
                }
                return;
            }
        }
        violations.add(at(lines, broken.offset(), "invalid-json", "template is not valid JSON at line "
                + lines.line(broken.offset()) + ", column " + lines.column(broken.offset()) + ": " + broken.reason()));
    }

    private static RequestTemplate segment(String text, List<PromptVariable> variables,
                                           Map<String, Integer> indexByName, List<TemplateScanner.Span> spans,
                                           LineIndex lines, int maxBodyBytes) {
        int slots = spans.size();
        byte[][] literals = new byte[slots + 1][];
        int[] slotVariables = new int[slots];
        boolean[] slotInString = new boolean[slots];
        List<Placeholder> placeholders = new ArrayList<>(slots);
        int literalStart = 0;
        for (int i = 0; i < slots; i++) {
            TemplateScanner.Span span = spans.get(i);
            literals[i] = text.substring(literalStart, span.start()).getBytes(StandardCharsets.UTF_8);
            slotVariables[i] = indexByName.get(span.name());
            slotInString[i] = span.inString();
            placeholders.add(new Placeholder(span.name(), lines.line(span.start()), lines.column(span.start()),
                    span.inString() ? Placeholder.Kind.IN_STRING : Placeholder.Kind.STANDALONE));
            literalStart = span.end();
        }
        literals[slots] = text.substring(literalStart).getBytes(StandardCharsets.UTF_8);
        List<Violation> warnings = new ArrayList<>();
        for (int v = 0; v < variables.size(); v++) {
            String name = variables.get(v).name();
            if (placeholders.stream().noneMatch(placeholder -> placeholder.name().equals(name))) {
                warnings.add(Violation.of("variables[" + v + "].name", "unused-variable", "variable \"" + name
                        + "\" is declared but no placeholder {{" + name + "}} uses it"));
            }
        }
        return new RequestTemplate(text, variables, placeholders, warnings, literals, slotVariables, slotInString,
                maxBodyBytes);
    }

    private static Violation at(LineIndex lines, int offset, String rule, String message) {
        return Violation.at(FIELD, rule, message, lines.line(offset), lines.column(offset));
    }

    /** The UTF-8 length of {@code text} (an unpaired surrogate counted as the 3 bytes it cannot really have). */
    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length++;
                i++;
            }
        }
        return length;
    }
}
