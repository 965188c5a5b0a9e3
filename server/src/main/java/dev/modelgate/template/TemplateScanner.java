package dev.modelgate.template;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a template's text that finds its {@code {{...}}} spans, tells which stand inside JSON strings (and
 * which of those strings are property names), and builds the text Jackson checks: the same length and lines as the
 * template, each placeholder blanked to spaces inside a string and to {@code null} padded with spaces outside one, so
 * every offset Jackson reports is an offset in the template.
 *
 * <p>A <code>{{</code> always opens a placeholder (outside strings it never occurs in valid JSON); a literal
 * <code>{{</code> in a string can be written as <code>{&#92;u007b</code>. A backslash escape inside a string is
 * skipped whole, so {@code \"} never ends a string and <code>\{</code> never opens a placeholder.
 */
final class TemplateScanner {

    /**
     * A {@code {{...}}} span, or an unclosed <code>{{</code>.
     *
     * @param name    the variable name, or null when the span is malformed
     * @param problem why the span is malformed, or null when it is well-formed
     * @param start   offset of the opening <code>{{</code>
     * @param end     offset just past the closing <code>}}</code> (past the <code>{{</code> when unclosed)
     * @param inKey   inside a string that is a property name
     */
    record Span(String name, String problem, int start, int end, boolean inString, boolean inKey) {

        boolean covers(int offset) {
            return offset >= start && offset < end;
        }

        Span asKey() {
            return new Span(name, problem, start, end, inString, true);
        }
    }

    /**
     * What a scan found.
     *
     * @param spans          every placeholder span, in order
     * @param filled         the text for Jackson's structural check
     * @param loneSurrogates offsets of unpaired UTF-16 surrogates, which have no UTF-8 encoding
     */
    record Result(List<Span> spans, String filled, List<Integer> loneSurrogates) {
    }

    private TemplateScanner() {
    }

    static Result scan(String text) {
        int n = text.length();
        char[] filled = text.toCharArray();
        List<Span> spans = new ArrayList<>();
        List<Integer> loneSurrogates = new ArrayList<>();
        boolean inString = false;
        int firstSpanOfString = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    loneSurrogates.add(i);
                }
            } else if (c == '{' && i + 1 < n && text.charAt(i + 1) == '{') {
                Span span = spanAt(text, i, inString);
                spans.add(span);
                blank(filled, span);
                i = span.end() - 1;
            } else if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
                if (inString) {
                    firstSpanOfString = spans.size();
                } else if (nextNonWhitespace(text, i + 1) == ':') {
                    for (int k = firstSpanOfString; k < spans.size(); k++) {
                        spans.set(k, spans.get(k).asKey());
                    }
                }
            }
        }
        return new Result(List.copyOf(spans), new String(filled), List.copyOf(loneSurrogates));
    }

    private static Span spanAt(String text, int start, boolean inString) {
        int j = start + 2;
        while (j < text.length() && isInner(text.charAt(j))) {
            j++;
        }
        if (j + 1 >= text.length() || text.charAt(j) != '}' || text.charAt(j + 1) != '}') {
            return new Span(null, "\"{{\" opens no placeholder: a placeholder is {{name}} on one line, the name made of"
                    + " letters, digits, '_', '.' and '-' (a literal \"{{\" inside a string can be written {\\u007b)",
                    start, start + 2, inString, false);
        }
        String written = text.substring(start, j + 2);
        String name = text.substring(start + 2, j).strip();
        String problem = name.isEmpty() ? "placeholder " + JsonValues.quoted(written) + " names no variable"
                : PromptVariable.nameProblem(name) == null ? null
                : "placeholder " + JsonValues.quoted(written) + " has an invalid name: "
                        + PromptVariable.nameProblem(name);
        return new Span(problem == null ? name : null, problem, start, j + 2, inString, false);
    }

    private static boolean isInner(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == '-' || c == ' ' || c == '\t';
    }

    /** Blanks a span so the structure around it can be checked: spaces in a string, a null value outside one. */
    private static void blank(char[] filled, Span span) {
        for (int k = span.start(); k < span.end(); k++) {
            filled[k] = ' ';
        }
        if (!span.inString()) {
            if (span.end() - span.start() >= 4) {
                "null".getChars(0, 4, filled, span.start());
            } else {
                filled[span.start()] = '{';
                filled[span.start() + 1] = '{';
            }
        }
    }

    private static int nextNonWhitespace(String text, int from) {
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return -1;
    }
}
