package dev.modelgate.template;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The type of a {@link PromptVariable}: which JSON values it accepts and how a value is inserted into a request body.
 *
 * <p>Values are never coerced: the string {@code "42"} is not an {@link #INTEGER}, the string {@code "true"} is not a
 * {@link #BOOLEAN}, and {@code 1.0} (a JSON number written with a fraction) is not an {@link #INTEGER}. A JSON
 * {@code null} is only accepted by {@link #JSON}.
 */
public enum VariableType {

    /** A JSON string. Standalone it is inserted as a quoted, escaped JSON string; inside a string, as its text. */
    STRING("a JSON string"),

    /** A finite JSON number (integers included), inserted as written; inside a string, as its digits. */
    NUMBER("a JSON number"),

    /** A JSON integer: a number written without fraction or exponent, of any size ({@code 512}, not {@code 512.0}). */
    INTEGER("a JSON integer, without fraction or exponent"),

    /** {@code true} or {@code false} (JSON booleans, not strings). */
    BOOLEAN("true or false"),

    /**
     * Any JSON value: object, array, string, number, boolean or null. Inserted re-serialized compactly; inside a
     * string, as that compact JSON text, escaped.
     */
    JSON("any JSON value");

    private final String expected;

    VariableType(String expected) {
        this.expected = expected;
    }

    /** What this type expects, in words for error messages: {@code "a JSON integer, without fraction or exponent"}. */
    public String expected() {
        return expected;
    }

    /**
     * Whether {@code value} is of this type at its top level. For {@link #JSON} the nested content is checked when it
     * is serialized (no binary, POJO or non-finite number nodes anywhere, no unpaired surrogate in a property name).
     */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isString();
            case NUMBER -> value.isNumber() && isFinite(value);
            case INTEGER -> value.isIntegralNumber();
            case BOOLEAN -> value.isBoolean();
            case JSON -> !value.isMissingNode() && !value.isPojo() && !value.isBinary()
                    && (!value.isNumber() || isFinite(value));
        };
    }

    /**
     * The sample used when a variable has neither a test value nor a default: {@code "sample"}, {@code 0.5}, {@code 1},
     * {@code true}, and JSON {@code null}.
     */
    public JsonNode sample() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (this) {
            case STRING -> nodes.stringNode("sample");
            case NUMBER -> nodes.numberNode(0.5);
            case INTEGER -> nodes.numberNode(1);
            case BOOLEAN -> nodes.booleanNode(true);
            case JSON -> nodes.nullNode();
        };
    }

    static boolean isFinite(JsonNode number) {
        return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
    }
}
