package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations of the service model's constraints (length, range, enum, pattern, required) and reports them
 * the way AWS's request validation does:
 * {@code 1 validation error detected: Value 'FOO' at 'byOutputModality' failed to satisfy constraint: Member must
 * satisfy enum value set: [TEXT, IMAGE, EMBEDDING]}; several are joined with {@code "; "} under
 * {@code "N validation errors detected: "}. Paths name members as the model does, list members 1-based:
 * {@code messages.1.member.role}.
 */
final class ConstraintViolations {

    private final List<String> violations = new ArrayList<>();

    /** A value that breaks a constraint, e.g. {@code Member must have value less than or equal to 1}. */
    ConstraintViolations add(String value, String path, String constraint) {
        violations.add("Value '" + value + "' at '" + path + "' failed to satisfy constraint: " + constraint);
        return this;
    }

    /** A required member that is missing. */
    ConstraintViolations missing(String path) {
        violations.add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null");
        return this;
    }

    /** Checks an enum member. */
    ConstraintViolations checkEnum(String value, String path, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            add(value, path, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    /** Checks a numeric range; null bounds are open. */
    ConstraintViolations checkRange(double value, String shown, String path, Double min, Double max) {
        if (min != null && value < min) {
            add(shown, path, "Member must have value greater than or equal to " + plain(min));
        }
        if (max != null && value > max) {
            add(shown, path, "Member must have value less than or equal to " + plain(max));
        }
        return this;
    }

    /** Checks a string's length; a null bound is open. */
    ConstraintViolations checkLength(String value, String path, Integer min, Integer max) {
        if (value != null && min != null && value.length() < min) {
            add(value, path, "Member must have length greater than or equal to " + min);
        }
        if (value != null && max != null && value.length() > max) {
            add(value, path, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** Checks a string against a pattern that must match it whole. */
    ConstraintViolations checkPattern(String value, String path, String pattern) {
        if (value != null && !value.matches(pattern)) {
            add(value, path, "Member must satisfy regular expression pattern: " + pattern);
        }
        return this;
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    /** Throws the ValidationException AWS would answer with, when there is any violation. */
    void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        int n = violations.size();
        throw BedrockException.validation(n + " validation error" + (n == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
