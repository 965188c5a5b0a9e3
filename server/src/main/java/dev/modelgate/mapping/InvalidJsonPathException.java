package dev.modelgate.mapping;

import dev.modelgate.validation.Violation;

/**
 * A JSONPath expression that is not a well-formed and valid RFC 9535 query: a syntax error, an index out of the
 * I-JSON range, or a filter that is not well-typed (a function result that cannot be compared, a non-singular query
 * in a comparison, ...).
 */
public final class InvalidJsonPathException extends RuntimeException {

    /** The rule code of a {@link Violation} made from this exception. */
    public static final String RULE = "invalid-jsonpath";

    private final String expression;
    private final int column;
    private final String reason;

    InvalidJsonPathException(String expression, int column, String reason) {
        super("invalid JSONPath at column " + column + ": " + reason, null, false, false);
        this.expression = expression;
        this.column = column;
        this.reason = reason;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** 1-based position, in Unicode code points, of the character where the expression stops being valid. */
    public int column() {
        return column;
    }

    /** What is wrong at {@link #column()}, e.g. {@code expected ']' to close the selectors, found ','}. */
    public String reason() {
        return reason;
    }

    /** This error as a violation of rule {@value #RULE} on {@code field}, at line 1 and {@link #column()}. */
    public Violation toViolation(String field) {
        return Violation.at(field, RULE, field + " is not a valid JSONPath at column " + column + ": " + reason, 1, column);
    }
}
