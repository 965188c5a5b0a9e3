package dev.modelgate.template;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A variable a tenant declares for a request template: the name its placeholders use, its type, and the values it
 * takes when an invocation does not give one.
 *
 * <p>A missing value is resolved in this order: the value given, then {@code defaultValue}; a {@code required}
 * variable with neither is a {@code missing-variable} error, an optional one renders as JSON {@code null} where it
 * stands alone and as nothing inside a string. (A required variable with a default therefore never fails.)
 *
 * <p>Invalid input throws {@link InvalidInputException} listing every broken rule, with the field relative to the
 * variable ({@code name}, {@code type}, {@code defaultValue}, {@code testValue}, {@code description});
 * {@link #createAll} reports them as {@code variables[i].name} etc.
 *
 * @param name         {@code [A-Za-z_][A-Za-z0-9_.-]*}, at most {@value #MAX_NAME_LENGTH} characters:
 *                     {@code prompt}, {@code system.prompt}, {@code max_tokens}
 * @param type         the JSON values it accepts, never coerced
 * @param required     whether an invocation must give a value when there is no default
 * @param defaultValue the value used when an invocation gives none, of {@code type}; {@code null} for none
 * @param testValue    the value used by test runs and previews, of {@code type}; {@code null} for none
 * @param description  shown in the console; {@code null} is read as empty; at most {@value #MAX_DESCRIPTION_LENGTH}
 *                     characters
 */
public record PromptVariable(String name, VariableType type, boolean required, JsonNode defaultValue,
                             JsonNode testValue, String description) {

    /** The longest variable name accepted. */
    public static final int MAX_NAME_LENGTH = 128;
    /** The longest description accepted. */
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    /**
     * Validates every component and copies the JSON values.
     *
     * @throws InvalidInputException listing every broken rule, with fields relative to the variable
     */
    public PromptVariable {
        List<Violation> violations = new ArrayList<>();
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            violations.add(Violation.of("name", name == null ? "missing-field" : "invalid-variable-name", nameProblem));
        }
        String label = name == null ? "the variable" : "variable " + JsonValues.quoted(name);
        if (type == null) {
            violations.add(Violation.of("type", "missing-field", "type of " + label + " is required: one of "
                    + List.of(VariableType.values())));
        } else {
            checkValue("defaultValue", "default value", label, type, defaultValue, violations);
            checkValue("testValue", "test value", label, type, testValue, violations);
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            violations.add(Violation.of("description", "description-too-long", "description of " + label
                    + " must be at most " + MAX_DESCRIPTION_LENGTH + " characters, got " + description.length()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        defaultValue = copyOf(defaultValue);
        testValue = copyOf(testValue);
        description = description == null ? "" : description;
    }

    /** A required variable without default, test value or description. */
    public static PromptVariable required(String name, VariableType type) {
        return new PromptVariable(name, type, true, null, null, null);
    }

    /** An optional variable with {@code defaultValue} ({@code null} for none). */
    public static PromptVariable optional(String name, VariableType type, JsonNode defaultValue) {
        return new PromptVariable(name, type, false, defaultValue, null, null);
    }

    /**
     * Builds the variables of a request from its inputs, in order, reporting every broken rule of every variable at
     * once under {@code variables[i].<field>}.
     *
     * @param inputs  the request's variable declarations, as the web layer parsed them
     * @param factory makes one variable from one input (usually a call to the canonical constructor)
     * @param <T>     the input type
     * @return the variables, unmodifiable, in input order
     * @throws InvalidInputException when any variable is invalid
     */
    public static <T> List<PromptVariable> createAll(List<T> inputs, Function<? super T, PromptVariable> factory) {
        List<PromptVariable> variables = new ArrayList<>(inputs.size());
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            try {
                variables.add(factory.apply(inputs.get(i)));
            } catch (InvalidInputException e) {
                for (Violation violation : e.violations()) {
                    violations.add(violation.under("variables[" + i + "]." + violation.field()));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return List.copyOf(variables);
    }

    /** A copy: JSON trees are mutable, this record is not. */
    @Override
    public JsonNode defaultValue() {
        return copyOf(defaultValue);
    }

    /** A copy: JSON trees are mutable, this record is not. */
    @Override
    public JsonNode testValue() {
        return copyOf(testValue);
    }

    /** The JSON-path-style field of a value in an invocation: {@code values.max_tokens}, {@code values["a.b"]}. */
    static String valueField(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '-') {
                return "values[\"" + name + "\"]";
            }
        }
        return "values." + name;
    }

    /** Why {@code name} breaks the variable name rules, or null when it follows them. */
    static String nameProblem(String name) {
        if (name == null) {
            return "variable name is required";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "variable name must be at most " + MAX_NAME_LENGTH + " characters, got " + name.length();
        }
        boolean valid = !name.isEmpty();
        for (int i = 0; i < name.length() && valid; i++) {
            char c = name.charAt(i);
            boolean first = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            valid = first || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-');
        }
        return valid ? null : "variable name must match [A-Za-z_][A-Za-z0-9_.-]* (a letter or '_', then letters,"
                + " digits, '_', '.' or '-'), got " + JsonValues.quoted(name);
    }

    private static void checkValue(String field, String what, String label, VariableType type, JsonNode value,
                                   List<Violation> violations) {
        if (value == null) {
            return;
        }
        String problem = null;
        if (!type.accepts(value)) {
            problem = what + " of " + label + " must be " + type + " (" + type.expected() + "), got "
                    + JsonValues.describe(value);
        } else if (type == VariableType.JSON) {
            try {
                JsonValues.toJson(value, Integer.MAX_VALUE - 8);
            } catch (JsonValues.NotJsonException e) {
                problem = what + " of " + label + " must be plain JSON, but it contains " + e.getMessage();
            }
        }
        if (problem != null) {
            violations.add(Violation.of(field, "wrong-type", problem));
        }
    }

    private static JsonNode copyOf(JsonNode value) {
        return value != null && value.isContainer() ? value.deepCopy() : value;
    }
}
