package dev.modelgate.mapping;

import java.util.Set;

/**
 * Translates I-Regexp (RFC 9485) to {@link java.util.regex} syntax. It parses the I-Regexp grammar itself, so
 * Java-only syntax ({@code \d}, {@code (?i)}, lazy and possessive quantifiers, {@code &&} in classes, back
 * references) is rejected rather than passed through, and it writes every literal but ASCII letters and digits as
 * {@code \x{...}}, so that no character means more to Java than it does to I-Regexp. {@code .} becomes
 * {@code [^\n\r]} (Java's dot also stops at U+0085, U+2028 and U+2029); groups become non-capturing. As the
 * JSONPath compliance suite expects, {@code ^} and {@code $} outside a class anchor at the start and end of the
 * string.
 */
final class IRegexpTranslator {

    private static final Set<String> CATEGORIES = Set.of("L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
            "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs", "S", "Sc", "Sk",
            "Sm", "So", "C", "Cc", "Cf", "Cn", "Co");
    private static final String SINGLE_CHAR_ESCAPES = "()*+-.?[\\]^nrt{|}";

    private final String in;
    private final StringBuilder out;
    private int pos;

    private IRegexpTranslator(String pattern) {
        this.in = pattern;
        this.out = new StringBuilder(pattern.length() * 4 + 8);
    }

    /** The Java form of {@code pattern}, or null when it is not an I-Regexp. */
    static String translate(String pattern) {
        try {
            IRegexpTranslator translator = new IRegexpTranslator(pattern);
            translator.regexp();
            return translator.pos == pattern.length() ? translator.out.toString() : null;
        } catch (NotAnIRegexp e) {
            return null;
        }
    }

    private void regexp() {
        branch();
        while (peek() == '|') {
            pos++;
            out.append('|');
            branch();
        }
    }

    private void branch() {
        while (pos < in.length() && peek() != '|' && peek() != ')') {
            atom();
            quantifier();
        }
    }

    private void atom() {
        int c = in.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case '(' -> {
                out.append("(?:");
                regexp();
                if (peek() != ')') {
                    throw new NotAnIRegexp();
                }
                pos++;
                out.append(')');
            }
            case '.' -> out.append("[^\\n\\r]");
            case '^' -> out.append('^');
            case '$' -> out.append("\\z");
            case '\\' -> escape();
            case '[' -> charClass();
            case '*', '+', '?', '{', '}', ']' -> throw new NotAnIRegexp();
            default -> literal(c);
        }
    }

    private void quantifier() {
        char c = peek();
        if (c == '*' || c == '+' || c == '?') {
            pos++;
            out.append(c);
        } else if (c == '{') {
            pos++;
            int min = quantity();
            int max = min;
            if (peek() == ',') {
                pos++;
                max = peek() >= '0' && peek() <= '9' ? quantity() : -1;
            }
            if (peek() != '}' || (max >= 0 && max < min)) {
                throw new NotAnIRegexp();
            }
            pos++;
            out.append('{').append(min).append(max == min ? "" : max < 0 ? "," : "," + max).append('}');
        }
    }

    private int quantity() {
        int start = pos;
        while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 9) {
            throw new NotAnIRegexp();
        }
        return Integer.parseInt(in, start, pos, 10);
    }

    /** After a backslash outside a class: a single-character escape or a category. */
    private void escape() {
        if (!category()) {
            literal(escapedChar());
        }
    }

    /** {@code \p{..}} or {@code \P{..}} at the cursor (the backslash already read); false when it is neither. */
    private boolean category() {
        char kind = peek();
        if (kind != 'p' && kind != 'P') {
            return false;
        }
        int close = in.indexOf('}', pos);
        if (peek(1) != '{' || close < 0 || !CATEGORIES.contains(in.substring(pos + 2, close))) {
            throw new NotAnIRegexp();
        }
        out.append('\\').append(kind).append('{').append(in, pos + 2, close).append('}');
        pos = close + 1;
        return true;
    }

    /** The character of a SingleCharEsc whose backslash was just read. */
    private int escapedChar() {
        char c = peek();
        if (pos >= in.length() || SINGLE_CHAR_ESCAPES.indexOf(c) < 0) {
            throw new NotAnIRegexp();
        }
        pos++;
        return c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
    }

    /** {@code [^? (- / CCE1) CCE1* -? ]}, the opening bracket already read. */
    private void charClass() {
        out.append('[');
        if (peek() == '^') {
            pos++;
            out.append('^');
        }
        boolean first = true;
        while (first || peek() != ']') {
            if (peek() == '-') {
                if (!first && peek(1) != ']') {
                    throw new NotAnIRegexp();
                }
                pos++;
                literal('-');
            } else if (peek() == '\\' && (peek(1) == 'p' || peek(1) == 'P')) {
                pos++;
                category();
            } else {
                int from = classChar();
                literal(from);
                if (peek() == '-' && peek(1) != ']') {
                    pos++;
                    int to = classChar();
                    if (to < from) {
                        throw new NotAnIRegexp();
                    }
                    out.append('-');
                    literal(to);
                }
            }
            first = false;
        }
        pos++;
        out.append(']');
    }

    /** A CCchar: any character but {@code - [ \ ]}, or a single-character escape. */
    private int classChar() {
        if (pos >= in.length()) {
            throw new NotAnIRegexp();
        }
        int c = in.codePointAt(pos);
        pos += Character.charCount(c);
        if (c == '\\') {
            return escapedChar();
        }
        if (c == '-' || c == '[' || c == ']') {
            throw new NotAnIRegexp();
        }
        return c;
    }

    private void literal(int codePoint) {
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            throw new NotAnIRegexp();
        }
        if ((codePoint >= 'a' && codePoint <= 'z') || (codePoint >= 'A' && codePoint <= 'Z') || (codePoint >= '0' && codePoint <= '9')) {
            out.appendCodePoint(codePoint);
        } else {
            out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
        }
    }

    private char peek() {
        return peek(0);
    }

    private char peek(int ahead) {
        return pos + ahead < in.length() ? in.charAt(pos + ahead) : 0;
    }

    private static final class NotAnIRegexp extends RuntimeException {
        NotAnIRegexp() {
            super(null, null, false, false);
        }
    }
}
