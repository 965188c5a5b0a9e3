package dev.modelgate.mapping;

/** A cursor over a JSONPath expression, shared by the query and the filter parsers. */
final class PathScanner {

    private final String text;
    private int pos;

    PathScanner(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    int pos() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The character at the cursor, or {@code 0} at the end (a NUL inside the text is never valid where peeked). */
    char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : 0;
    }

    char next() {
        return text.charAt(pos++);
    }

    void advance(int count) {
        pos += count;
    }

    boolean tryConsume(char c) {
        if (peek() == c && !atEnd()) {
            pos++;
            return true;
        }
        return false;
    }

    boolean tryConsume(String s) {
        if (text.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    void expect(char c, String purpose) {
        if (!tryConsume(c)) {
            throw error("expected '" + c + "' " + purpose + ", found " + describeHere());
        }
    }

    /** Skips RFC 9535 blank space (space, tab, line feed, carriage return); true when some was skipped. */
    boolean skipBlank() {
        int start = pos;
        while (pos < text.length() && isBlank(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    /** Whether the cursor is at an ASCII digit (the only digits RFC 9535 knows). */
    boolean atDigit() {
        char c = peek();
        return c >= '0' && c <= '9';
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The character at the cursor for an error message: {@code 'x'}, {@code U+0009} or the end of the expression. */
    String describeHere() {
        return atEnd() ? "the end of the expression" : describe(text.codePointAt(pos));
    }

    static String describe(int codePoint) {
        boolean loneSurrogate = codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint);
        if (codePoint < 0x20 || codePoint == 0x7F || Character.isWhitespace(codePoint) || loneSurrogate) {
            return String.format("U+%04X", codePoint);
        }
        return "'" + Character.toString(codePoint) + "'";
    }

    InvalidJsonPathException error(String reason) {
        return errorAt(pos, reason);
    }

    InvalidJsonPathException errorAt(int position, String reason) {
        return errorAt(InvalidJsonPathException.RULE, position, reason);
    }

    InvalidJsonPathException errorAt(String rule, int position, String reason) {
        int clamped = Math.min(position, text.length());
        return new InvalidJsonPathException(rule, text, text.codePointCount(0, clamped) + 1, reason);
    }
}
