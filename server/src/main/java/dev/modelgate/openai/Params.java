package dev.modelgate.openai;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Collects the violations of one OpenAI request while it is read, each named by its parameter path
 * ({@code messages[2].content[0].image_url.url}), so that one answer lists them all.
 */
final class Params {

    /** Most characters of a client-given member name shown in a field path. */
    static final int MAX_MEMBER_CHARS = 64;

    private final List<Violation> violations = new ArrayList<>();

    List<Violation> violations() {
        return violations;
    }

    boolean failed() {
        return !violations.isEmpty();
    }

    void add(String field, String rule, String message) {
        violations.add(Violation.of(field, rule, field + " " + message));
    }

    /** Whether {@code node} is present, i.e. neither absent nor JSON null. */
    static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    boolean object(JsonNode node, String field) {
        if (!present(node)) {
            add(field, "required", "is required");
            return false;
        }
        if (!node.isObject()) {
            add(field, "wrong-type", "must be an object");
            return false;
        }
        return true;
    }

    boolean array(JsonNode node, String field) {
        if (!present(node)) {
            add(field, "required", "is required");
            return false;
        }
        if (!node.isArray()) {
            add(field, "wrong-type", "must be an array");
            return false;
        }
        return true;
    }

    /** A string of at most {@code max} characters, or null (reported when required, or of another type). */
    String string(JsonNode node, String field, boolean required, int max) {
        if (!present(node)) {
            if (required) {
                add(field, "required", "is required");
            }
            return null;
        }
        if (!node.isString()) {
            add(field, "wrong-type", "must be a string");
            return null;
        }
        String value = node.stringValue();
        if (value.length() > max) {
            add(field, "too-long", "may be at most " + max + " characters, got " + value.length());
            return null;
        }
        return value;
    }

    /**
     * Whether a number lies in {@code min..max}: a double or float as read (infinite and NaN lie nowhere), any other
     * number exactly (a decimal beyond the double range, as some mappers read it, included).
     */
    static boolean between(JsonNode number, double min, double max) {
        if (number.isDouble() || number.isFloat()) {
            double value = number.doubleValue();
            return value >= min && value <= max;
        }
        BigDecimal value = number.decimalValue();
        return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    Boolean bool(JsonNode node, String field) {
        if (!present(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            add(field, "wrong-type", "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** Reports each member of {@code node} not in {@code members} with {@code rule}; whether there were none. */
    boolean known(JsonNode node, String field, Set<String> members, String rule) {
        boolean ok = true;
        for (String name : node.propertyNames()) {
            if (!members.contains(name)) {
                violations.add(Violation.of(member(field, name), rule, field + " has no member " + Quoted.of(name)
                        + "; members are " + members.stream().sorted().toList()));
                ok = false;
            }
        }
        return ok;
    }

    /**
     * The path of a member a client named: its name cut after {@value #MAX_MEMBER_CHARS} characters, {@code ""} for
     * the empty name.
     */
    static String member(String parent, String name) {
        String shown = name.isEmpty() ? "\"\"" : name.length() > MAX_MEMBER_CHARS
                ? name.substring(0, MAX_MEMBER_CHARS) + "…" : name;
        return parent.isEmpty() ? shown : parent + "." + shown;
    }
}
