package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the query grammar of RFC 9535 (§2.2-§2.5): identifiers, segments, selectors, string
 * literals and integers. Filter expressions are delegated to {@link FilterParser}.
 */
final class PathParser {

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
            int blank = in.pos();
            in.skipBlank();
            throw in.atEnd() ? in.errorAt(blank, "blank space is not allowed after the last segment")
                    : in.error("expected '.', '..' or '[' to start a segment, found " + in.describeHere());
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
            return new Selector.Name(Literals.string(in));
        }
        if (in.tryConsume('*')) {
            return new Selector.Wildcard();
        }
        if (in.tryConsume('?')) {
            in.skipBlank();
            return filters.filter();
        }
        if (c == '-' || c == ':' || in.atDigit()) {
            return indexOrSlice();
        }
        throw in.error("expected a selector (a quoted name, '*', an index, a slice or a '?' filter), found "
                + in.describeHere() + (c == '@' || c == '$' ? "; a query inside brackets needs a filter: [?" + c + "...]" : ""));
    }

    private Selector indexOrSlice() {
        Long start = in.peek() == ':' ? null : Literals.integer(in, "an index");
        int afterStart = in.pos();
        in.skipBlank();
        if (!in.tryConsume(':')) {
            in.reset(afterStart);
            return new Selector.Index(start);
        }
        in.skipBlank();
        Long end = in.peek() == '-' || in.atDigit() ? Literals.integer(in, "a slice end") : null;
        int afterEnd = in.pos();
        in.skipBlank();
        long step = 1;
        if (in.tryConsume(':')) {
            int beforeStep = in.pos();
            in.skipBlank();
            if (in.peek() == '-' || in.atDigit()) {
                step = Literals.integer(in, "a slice step");
            } else {
                in.reset(beforeStep);
            }
        } else {
            in.reset(afterEnd);
        }
        return new Selector.Slice(start, end, step);
    }
}
