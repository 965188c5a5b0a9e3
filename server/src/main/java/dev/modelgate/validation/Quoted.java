package dev.modelgate.validation;

/**
 * Renders user input inside messages: quoted, with invisible and non-ASCII characters escaped (so a Cyrillic
 * "а" in a hostname shows as {@code \u0430}), and cut after {@value #MAX} characters.
 */
public final class Quoted {

    public static final int MAX = 200;

    private Quoted() {
    }

    /** {@code value} between double quotes, escaped; {@code null} renders as {@code null}. */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 16).append('"');
        int end = Math.min(value.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        out.append('"');
        if (value.length() > MAX) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** The code point at {@code index} for messages: {@code '#' (U+0023)}, {@code U+00A0} for invisible ones. */
    public static String character(String value, int index) {
        int codePoint = value.codePointAt(index);
        String unicode = String.format("U+%04X", codePoint);
        boolean visible = codePoint > 0x20 && codePoint != 0x7F && !Character.isWhitespace(codePoint)
                && !Character.isSpaceChar(codePoint) && Character.getType(codePoint) != Character.FORMAT
                && Character.getType(codePoint) != Character.CONTROL;
        return visible ? "'" + Character.toString(codePoint) + "' (" + unicode + ")" : unicode;
    }

    /** Whether {@code c} is whitespace, including the no-break spaces {@link Character#isWhitespace} leaves out. */
    public static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Where whitespace sits in {@code value} ("leading whitespace", "a tab at index 7"), or {@code null} when
     * there is none.
     */
    public static String whitespace(String value) {
        boolean leading = isWhitespace(value.charAt(0));
        boolean trailing = isWhitespace(value.charAt(value.length() - 1));
        if (leading || trailing) {
            return leading && trailing ? "leading and trailing whitespace" : leading ? "leading whitespace" : "trailing whitespace";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                String what = switch (c) {
                    case ' ' -> "a space";
                    case '\t' -> "a tab";
                    case '\n', '\r' -> "a line break";
                    default -> "whitespace " + character(value, i);
                };
                return what + " at index " + i;
            }
        }
        return null;
    }
}
