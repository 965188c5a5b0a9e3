package dev.modelgate.mapping;

import java.math.BigInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** The lexical literals of RFC 9535: integers (indexes, slice bounds), string literals and number literals. */
final class Literals {

    /** I-JSON's exact integer range, which indexes and slice bounds must stay within (RFC 9535 §2.1). */
    static final long MAX_EXACT = (1L << 53) - 1;

    private Literals() {
    }

    /** An RFC 9535 int: no leading zeros, no {@code -0}, within ±(2^53 - 1). */
    static long integer(PathScanner in, String what) {
        int start = in.pos();
        boolean negative = in.tryConsume('-');
        int digitsStart = in.pos();
        while (in.atDigit()) {
            in.advance(1);
        }
        int digits = in.pos() - digitsStart;
        if (digits == 0) {
            throw in.error("expected a digit in " + what + ", found " + in.describeHere());
        }
        if (in.text().charAt(digitsStart) == '0' && (digits > 1 || negative)) {
            throw in.errorAt(start, what + " cannot have leading zeros or be -0, got " + in.text().substring(start, in.pos()));
        }
        if (in.peek() == '.' || in.peek() == 'e' || in.peek() == 'E') {
            throw in.error(what + " must be an integer, found " + in.describeHere());
        }
        long value = digits > 16 ? Long.MAX_VALUE : Long.parseLong(in.text(), digitsStart, in.pos(), 10);
        if (value > MAX_EXACT) {
            throw in.errorAt(start, what + " must be within ±(2^53 - 1), got " + in.text().substring(start, in.pos()));
        }
        return negative ? -value : value;
    }

    /** A single- or double-quoted string literal with the escapes of RFC 9535 §2.3.1.1. */
    static String string(PathScanner in) {
        char quote = in.next();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (in.atEnd()) {
                throw in.error("unterminated string: expected " + quote + " to close it");
            }
            char c = in.next();
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\') {
                escape(in, quote, value);
            } else if (c < 0x20) {
                throw in.errorAt(in.pos() - 1, "control character " + PathScanner.describe(c) + " must be escaped in a string");
            } else if (Character.isHighSurrogate(c) && Character.isLowSurrogate(in.peek())) {
                value.append(c).append(in.next());
            } else if (Character.isSurrogate(c)) {
                throw in.errorAt(in.pos() - 1, "unpaired surrogate " + PathScanner.describe(c) + " in a string");
            } else {
                value.append(c);
            }
        }
    }

    private static void escape(PathScanner in, char quote, StringBuilder value) {
        int at = in.pos() - 1;
        char c = in.atEnd() ? 0 : in.next();
        switch (c) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case '/', '\\' -> value.append(c);
            case 'u' -> unicodeEscape(in, at, value);
            default -> {
                if (c != quote || c == 0) {
                    throw in.errorAt(at, "invalid escape \\" + (c == 0 ? "" : Character.toString(c)) + " in a "
                            + (quote == '\'' ? "single" : "double") + "-quoted string");
                }
                value.append(c);
            }
        }
    }

    private static void unicodeEscape(PathScanner in, int at, StringBuilder value) {
        char unit = hex4(in, at);
        if (Character.isHighSurrogate(unit)) {
            if (!in.tryConsume("\\u")) {
                throw in.errorAt(at, "a high surrogate \\u" + hex(unit) + " must be followed by a \\u escape of a low surrogate");
            }
            char low = hex4(in, in.pos() - 2);
            if (!Character.isLowSurrogate(low)) {
                throw in.errorAt(at, "a high surrogate \\u" + hex(unit) + " must be followed by a low surrogate, got \\u" + hex(low));
            }
            value.append(unit).append(low);
        } else if (Character.isLowSurrogate(unit)) {
            throw in.errorAt(at, "a low surrogate \\u" + hex(unit) + " must follow a high surrogate");
        } else {
            value.append(unit);
        }
    }

    private static char hex4(PathScanner in, int escapeStart) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char c = in.peek();
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw in.errorAt(escapeStart, "a \\u escape needs four hexadecimal digits");
            }
            in.advance(1);
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private static String hex(char unit) {
        return String.format("%04X", (int) unit);
    }

    /** number = (int / "-0") [ frac ] [ exp ], as a JSON number node. */
    static JsonNode number(PathScanner in) {
        int start = in.pos();
        in.tryConsume('-');
        if (!in.atDigit()) {
            throw in.error("expected a digit in a number, found " + in.describeHere());
        }
        boolean leadingZero = in.next() == '0';
        if (leadingZero && in.atDigit()) {
            throw in.errorAt(start, "a number cannot have leading zeros");
        }
        skipDigits(in);
        boolean integral = true;
        if (in.tryConsume('.')) {
            requireDigits(in, "after the decimal point");
            integral = false;
        }
        if (in.tryConsume('e') || in.tryConsume('E')) {
            if (!in.tryConsume('+')) {
                in.tryConsume('-');
            }
            requireDigits(in, "in the exponent");
            integral = false;
        }
        String text = in.text().substring(start, in.pos());
        if (!integral || text.equals("-0")) {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
        }
        BigInteger value = new BigInteger(text);
        return value.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(value.longValue()) : JsonNodeFactory.instance.numberNode(value);
    }

    private static void requireDigits(PathScanner in, String where) {
        if (!in.atDigit()) {
            throw in.error("expected a digit " + where + ", found " + in.describeHere());
        }
        skipDigits(in);
    }

    private static void skipDigits(PathScanner in) {
        while (in.atDigit()) {
            in.advance(1);
        }
    }
}
