package dev.modelgate.template;

/**
 * How a string is escaped as JSON string content, and how many UTF-8 bytes that takes (so a body can be measured
 * before it is written). {@link ByteSink} writes by these rules.
 *
 * <p>Escaping keeps any Java string exact and the output valid UTF-8 JSON: {@code "} and {@code \} get a backslash,
 * control characters become {@code \n}-style or <code>&#92;u00XX</code> escapes, U+2028/U+2029 become
 * <code>&#92;u2028</code>/<code>&#92;u2029</code> (harmless to any JavaScript that embeds the body), and an unpaired
 * surrogate becomes its <code>&#92;uXXXX</code> escape, which JSON parsers read back as that same char. Everything
 * else is plain UTF-8: {@code <}, {@code >}, {@code &} and {@code /} are not escaped (the body is JSON for Bedrock, not
 * HTML).
 */
final class JsonEscapes {

    /** Per ASCII char: 0 copied as is, 'u' written as a unicode escape, otherwise the letter after the backslash. */
    static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII[c] = 'u';
        }
        ASCII['\b'] = 'b';
        ASCII['\t'] = 't';
        ASCII['\n'] = 'n';
        ASCII['\f'] = 'f';
        ASCII['\r'] = 'r';
        ASCII['"'] = '"';
        ASCII['\\'] = '\\';
    }

    private JsonEscapes() {
    }

    /** Whether {@code c} is ASCII written as itself. */
    static boolean isPlain(char c) {
        return c < 0x80 && ASCII[c] == 0;
    }

    /** Whether non-ASCII {@code c}, outside a surrogate pair, is written as a <code>&#92;uXXXX</code> escape. */
    static boolean isUnicodeEscaped(char c) {
        return Character.isSurrogate(c) || c == '\u2028' || c == '\u2029';
    }

    /**
     * The number of bytes {@code s} takes escaped, or some number above {@code budget} as soon as the count passes it
     * (so a huge value is not scanned to its end).
     */
    static long escapedLength(String s, long budget) {
        long length = 0;
        for (int i = 0, n = s.length(); i < n && length <= budget; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ASCII[c];
                length += escape == 0 ? 1 : escape == 'u' ? 6 : 2;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += isUnicodeEscaped(c) ? 6 : 3;
            }
        }
        return length;
    }

    /** The number of bytes compact JSON text takes as JSON string content: one more per {@code "} and {@code \}. */
    static long escapedJsonLength(byte[] json) {
        long length = json.length;
        for (byte b : json) {
            if (b == '"' || b == '\\') {
                length++;
            }
        }
        return length;
    }
}
