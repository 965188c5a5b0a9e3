package dev.modelgate.mapping;

import dev.modelgate.validation.Violation;

/**
 * A JSONPath expression that is refused when compiled: not a well-formed and valid RFC 9535 query ({@value #RULE}: a
 * syntax error, an index out of the I-JSON range, or a filter that is not well-typed, such as a function result that
 * cannot be compared or a non-singular query in a comparison), or a valid one whose cost grows as too high a power
 * of the document's size ({@value #TOO_COSTLY_RULE}: queries that search the whole document nested in filters more
 * than 2 deep).
 */
public final class InvalidJsonPathException extends RuntimeException {

    /** The rule code of a {@link Violation} made from this exception when the expression is not valid JSONPath. */
    public static final String RULE = "invalid-jsonpath";
    /** The rule code when the expression is valid JSONPath but refused for its cost. */
    public static final String TOO_COSTLY_RULE = "jsonpath-too-costly";

    private final String rule;
    private final String expression;
    private final int column;
    private final String reason;

    InvalidJsonPathException(String rule, String expression, int column, String reason) {
        super((rule.equals(RULE) ? "invalid JSONPath" : "JSONPath refused for its cost") + " at column " + column + ": "
                + reason, null, false, false);
        this.rule = rule;
        this.expression = expression;
        this.column = column;
        this.reason = reason;
    }

    /** {@value #RULE} or {@value #TOO_COSTLY_RULE}. */
    public String rule() {
        return rule;
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

    /** This error as a violation of its {@link #rule()} on {@code field}, at line 1 and {@link #column()}. */
    public Violation toViolation(String field) {
        String what = rule.equals(RULE) ? " is not a valid JSONPath" : " is too costly a JSONPath";
        return Violation.at(field, rule, field + what + " at column " + column + ": " + reason, 1, column);
    }
}
