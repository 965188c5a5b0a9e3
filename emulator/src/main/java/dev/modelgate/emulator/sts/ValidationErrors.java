package dev.modelgate.emulator.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Collects constraint violations of a request's members and reports them as AWS does:
 * {@code 2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
 * Member must ...; Value ...}. For one value, a pattern violation is listed before a length
 * violation; lengths count code points.
 */
final class ValidationErrors {

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final List<String> errors = new ArrayList<>();

    /** A required member that is absent. */
    void missing(String member) {
        errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
    }

    /**
     * Checks a string member against its model constraints; {@code null} (absent) passes.
     *
     * @param pattern the model's pattern, matched whole with Java's regex engine as AWS does; null for none
     */
    void string(String member, String value, int min, int max, String pattern) {
        if (value == null) {
            return;
        }
        if (pattern != null && !PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(value).matches()) {
            violation(member, value, "Member must satisfy regular expression pattern: " + pattern);
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            violation(member, value, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            violation(member, value, "Member must have length less than or equal to " + max);
        }
    }

    /** Checks an integer member against its model range; {@code null} (absent) passes. */
    void range(String member, Integer value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            violation(member, value.toString(), "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            violation(member, value.toString(), "Member must have value less than or equal to " + max);
        }
    }

    /** Checks the size of a list member. */
    void listSize(String member, List<String> rendered, int min, int max) {
        if (rendered.size() < min) {
            violation(member, rendered.toString(), "Member must have length greater than or equal to " + min);
        }
        if (rendered.size() > max) {
            violation(member, rendered.toString(), "Member must have length less than or equal to " + max);
        }
    }

    private void violation(String member, String value, String constraint) {
        errors.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    /** @throws StsException {@code ValidationError} listing every violation, if there is any */
    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String count = errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
        throw StsException.validation(count + String.join("; ", errors));
    }
}
