package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the query grammar of RFC 9535 (§2.2-§2.5): identifiers, segments, selectors, string
 * literals and integers. Filter expressions are delegated to {@link FilterParser}.
 */
final class PathParser {

    /** I-JSON's exact integer range, which indexes and slice bounds must stay within (RFC 9535 §2.1). */
    static final long MAX_EXACT = (1L << 53) - 1;

    private final PathScanner in;
    private final FilterParser filters;

    private PathParser(PathScanner in) {
        this.in = in;
        this.filters = new FilterParser(in, this);
    }

    /** Parses a whole JSONPath query. */
    static Query parse(String expression) {
        PathScanner in = new PathScanner(expression);
        if (!in.tryConsume('$')) {
            throw in.error(expression.isEmpty() ? "the expression is empty; a JSONPath starts with '$'"
                    : "a JSONPath starts with '$', found " + in.describeHere());
        }
        Query query = new PathParser(in).segments(true, 0);
        if (!in.atEnd()) {
            throw in.error(PathScanner.isBlank(in.peek()) ? "blank space is not allowed after the last segment"
                    : "expected '.', '..' or '[' to start a segment, found " + in.describeHere());
        }
        return query;
    }

    /** The segments after an identifier ({@code $} or {@code @}, already read at {@code start}). */
    Query segments(boolean absolute, int start) {
        List<Segment> segments = new ArrayList<>();
        while (true) {
            int before = in.pos();
            in.skipBlank();
            Segment segment = in.peek() == '.' && !in.atEnd() ? dotted() : in.peek() == '[' ? bracketed(false, in.pos()) : null;
            if (segment == null) {
                in.reset(before);
                return new Query(absolute, segments, in.text().substring(start, in.pos()));
            }
            segments.add(segment);
        }
    }

    private Segment dotted() {
        int start = in.pos();
        in.advance(1);
        boolean descendant = in.tryConsume('.');
        if (descendant && in.peek() == '[') {
            return bracketed(true, start);
        }
        Selector selector;
        if (in.tryConsume('*')) {
            selector = new Selector.Wildcard();
        } else if (!in.atEnd() && Location.isNameFirst(in.peek()) && !Character.isLowSurrogate(in.peek())) {
            selector = new Selector.Name(memberName());
        } else {
            throw in.error("expected a member name or '*' after '" + (descendant ? ".." : ".") + "'"
                    + (descendant ? " (or '[')" : "") + ", found " + in.describeHere());
        }
        return new Segment(descendant, List.of(selector), in.text().substring(start, in.pos()), true);
    }

    /** member-name-shorthand: name-first then name-chars; lone surrogates are not characters. */
    private String memberName() {
        int start = in.pos();
        while (!in.atEnd()) {
            char c = in.peek();
            if (Character.isHighSurrogate(c) && Character.isLowSurrogate(in.peek(1))) {
                in.advance(2);
            } else if ((Location.isNameFirst(c) && !Character.isSurrogate(c)) || (c >= '0' && c <= '9')) {
                in.advance(1);
            } else if (Character.isSurrogate(c)) {
                throw in.error("unpaired surrogate " + PathScanner.describe(c) + " in a member name");
            } else {
                break;
            }
        }
        return in.text().substring(start, in.pos());
    }

    /** {@code [selector, ...]}, at the opening bracket; {@code start} is where the segment (with {@code ..}) began. */
    private Segment bracketed(boolean descendant, int start) {
        in.advance(1);
        boolean compact = !in.skipBlank();
        List<Selector> selectors = new ArrayList<>();
        while (true) {
            selectors.add(selector());
            compact &= !in.skipBlank();
            if (in.tryConsume(']')) {
                return new Segment(descendant, selectors, in.text().substring(start, in.pos()), compact);
            }
            if (!in.tryConsume(',')) {
                throw in.error("expected ',' or ']' after a selector, found " + in.describeHere());
            }
            compact = false;
            in.skipBlank();
        }
    }

    private Selector selector() {
        char c = in.peek();
        if (in.atEnd()) {
            throw in.error("expected a selector, found the end of the expression");
        }
        if (c == '\'' || c == '"') {
            return new Selector.Name(string());
        }
        if (in.tryConsume('*')) {
            return new Selector.Wildcard();
        }
        if (in.tryConsume('?')) {
            in.skipBlank();
            return new Selector.Filter(filters.filter());
        }
        if (c == '-' || c == ':' || (c >= '0' && c <= '9')) {
            return indexOrSlice();
        }
        throw in.error("expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found "
                + in.describeHere() + (c == '@' || c == '$' ? "; a query inside brackets needs a filter: [?" + c + "...]" : ""));
    }

    private Selector indexOrSlice() {
        Long start = in.peek() == ':' ? null : integer("an index");
        int afterStart = in.pos();
        in.skipBlank();
        if (!in.tryConsume(':')) {
            in.reset(afterStart);
            return new Selector.Index(start);
        }
        in.skipBlank();
        Long end = in.peek() == '-' || Character.isDigit(in.peek()) ? integer("a slice end") : null;
        int afterEnd = in.pos();
        in.skipBlank();
        long step = 1;
        if (in.tryConsume(':')) {
            int beforeStep = in.pos();
            in.skipBlank();
            if (in.peek() == '-' || Character.isDigit(in.peek())) {
                step = integer("a slice step");
            } else {
                in.reset(beforeStep);
            }
        } else {
            in.reset(afterEnd);
        }
        return new Selector.Slice(start, end, step);
    }

    /** An RFC 9535 int: no leading zeros, no {@code -0}, within ±(2^53 - 1). */
    long integer(String what) {
        int start = in.pos();
        boolean negative = in.tryConsume('-');
        int digitsStart = in.pos();
        while (Character.isDigit(in.peek()) && in.peek() <= '9') {
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
    String string() {
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
                escape(quote, value);
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

    private void escape(char quote, StringBuilder value) {
        int at = in.pos() - 1;
        char c = in.atEnd() ? 0 : in.next();
        switch (c) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case '/', '\\' -> value.append(c);
            case 'u' -> unicodeEscape(at, value);
            default -> {
                if (c != quote || c == 0) {
                    throw in.errorAt(at, "invalid escape \\" + (c == 0 ? "" : Character.toString(c)) + " in a "
                            + (quote == '\'' ? "single" : "double") + "-quoted string");
                }
                value.append(c);
            }
        }
    }

    private void unicodeEscape(int at, StringBuilder value) {
        char unit = hex4(at);
        if (Character.isHighSurrogate(unit)) {
            if (!in.tryConsume("\\u")) {
                throw in.errorAt(at, "a high surrogate \\u" + hex(unit) + " must be followed by a \\u escape of a low surrogate");
            }
            char low = hex4(in.pos() - 2);
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

    private char hex4(int escapeStart) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in.peek(), 16);
            if (in.atEnd() || digit < 0 || in.peek() > 'f') {
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
}
