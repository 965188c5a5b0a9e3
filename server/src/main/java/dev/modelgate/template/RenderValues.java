package dev.modelgate.template;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The render-time checks of an invocation's values, and each variable's value in the form it is inserted: the
 * {@code String} of a {@link VariableType#STRING}, the compact JSON text ({@code byte[]}) of any other type, or
 * {@link #ABSENT} for an optional variable with neither value nor default.
 */
final class RenderValues {

    /** The form of an optional variable with no value and no default: {@code null} alone, nothing in a string. */
    static final Object ABSENT = new Object();

    private static final int MAX_UNKNOWN_REPORTED = 10;

    private RenderValues() {
    }

    /**
     * The form of each default, in declaration order: {@link #ABSENT} for an optional variable without one, null for
     * a required variable without one.
     */
    static Object[] defaults(List<PromptVariable> variables) {
        Object[] defaults = new Object[variables.size()];
        for (int v = 0; v < defaults.length; v++) {
            PromptVariable variable = variables.get(v);
            JsonNode value = variable.defaultValue();
            defaults[v] = value != null ? form(variable.type(), value, Integer.MAX_VALUE - 8)
                    : variable.required() ? null : ABSENT;
        }
        return defaults;
    }

    /**
     * The form of each variable's value for one render, in declaration order.
     *
     * @throws InvalidInputException listing every missing, wrong-typed and unknown variable at once
     */
    static Object[] resolve(List<PromptVariable> variables, Object[] defaults, Map<String, ? extends JsonNode> values,
                            int maxBodyBytes) {
        Object[] forms = new Object[variables.size()];
        List<Violation> violations = new ArrayList<>();
        int given = 0;
        for (int v = 0; v < forms.length; v++) {
            PromptVariable variable = variables.get(v);
            JsonNode value = values.get(variable.name());
            if (value == null) {
                forms[v] = defaults[v];
                if (forms[v] == null) {
                    violations.add(Violation.of(PromptVariable.valueField(variable.name()), "missing-variable",
                            "variable \"" + variable.name() + "\" is required and has no default; give it a "
                                    + variable.type() + " value"));
                }
                continue;
            }
            given++;
            forms[v] = checkedForm(variable, value, maxBodyBytes, violations);
        }
        if (values.size() > given) {
            reportUnknown(variables, values, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return forms;
    }

    /** The violation for a body over {@code maxBodyBytes}. */
    static Violation bodyTooLarge(int maxBodyBytes) {
        return Violation.of("values", "body-too-large", "rendered request body would be larger than the limit of "
                + maxBodyBytes + " bytes");
    }

    private static Object checkedForm(PromptVariable variable, JsonNode value, int maxBodyBytes,
                                      List<Violation> violations) {
        String field = PromptVariable.valueField(variable.name());
        if (!variable.type().accepts(value)) {
            violations.add(Violation.of(field, "wrong-type", "variable \"" + variable.name() + "\" must be "
                    + variable.type() + " (" + variable.type().expected() + "), got " + JsonValues.describe(value)));
            return null;
        }
        try {
            return form(variable.type(), value, maxBodyBytes);
        } catch (JsonValues.NotJsonException e) {
            violations.add(Violation.of(field, "wrong-type", "variable \"" + variable.name()
                    + "\" must be plain JSON, but it contains " + e.getMessage()));
        } catch (ByteSink.CapExceededException e) {
            violations.add(bodyTooLarge(maxBodyBytes));
        }
        return null;
    }

    private static Object form(VariableType type, JsonNode value, int cap) {
        return switch (type) {
            case STRING -> value.stringValue();
            case NUMBER, INTEGER, BOOLEAN -> JsonValues.scalarText(value).getBytes(StandardCharsets.US_ASCII);
            case JSON -> JsonValues.toJson(value, cap);
        };
    }

    private static void reportUnknown(List<PromptVariable> variables, Map<String, ? extends JsonNode> values,
                                      List<Violation> violations) {
        TreeSet<String> unknown = new TreeSet<>();
        values.keySet().forEach(name -> unknown.add(String.valueOf(name)));
        variables.forEach(variable -> unknown.remove(variable.name()));
        int reported = 0;
        for (String name : unknown) {
            if (reported++ == MAX_UNKNOWN_REPORTED) {
                int more = unknown.size() - MAX_UNKNOWN_REPORTED;
                violations.add(Violation.of("values", "unknown-variable",
                        "and " + more + " more values for variables the template does not declare"));
                return;
            }
            String field = PromptVariable.nameProblem(name) == null ? PromptVariable.valueField(name) : "values";
            violations.add(Violation.of(field, "unknown-variable", "the template declares no variable named "
                    + JsonValues.quoted(name) + "; remove it or declare it"));
        }
    }
}
