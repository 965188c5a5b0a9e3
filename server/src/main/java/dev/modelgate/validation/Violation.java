package dev.modelgate.validation;

import java.util.Objects;

/**
 * One broken rule in a client's input, precise enough to show next to the field it concerns.
 *
 * @param field   the input field, as a JSON-style path into the request: {@code modelReference},
 *                {@code variables[2].name}, {@code outputMapping.text}
 * @param rule    a stable, kebab-case code of the rule (clients may switch on it): {@code arn-region-mismatch}
 * @param message a sentence for people naming the field, the rule and the offending value (never a secret)
 * @param line    1-based line inside a multi-line value (a template), or 0 when it does not apply
 * @param column  1-based column inside that line, or 0 when it does not apply
 */
public record Violation(String field, String rule, String message, int line, int column) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be 0 (not applicable) or positive, got " + line + ":" + column);
        }
    }

    /** A violation of a whole single-line value. */
    public static Violation of(String field, String rule, String message) {
        return new Violation(field, rule, message, 0, 0);
    }

    /** A violation at a position inside a multi-line value. */
    public static Violation at(String field, String rule, String message, int line, int column) {
        return new Violation(field, rule, message, line, column);
    }

    /** The same violation reported under another field name (e.g. when a value is nested in a larger input). */
    public Violation under(String otherField) {
        return new Violation(otherField, rule, message, line, column);
    }
}
