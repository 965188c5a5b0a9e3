package dev.modelgate.template;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Compact serialization of {@link VariableType#JSON} values (and the JSON text of numbers and booleans), with the same
 * escaping as every other string in a rendered body, and short descriptions of values for error messages.
 */
final class JsonValues {

    /** Deeper trees are refused rather than risk the stack; Jackson's own parser stops well before this. */
    static final int MAX_DEPTH = 1000;

    private static final int EXCERPT_CHARS = 32;

    /** Thrown for a tree that is not plain JSON; the message says what is wrong, in words. */
    static final class NotJsonException extends RuntimeException {
        NotJsonException(String message) {
            super(message, null, false, false);
        }
    }

    private JsonValues() {
    }

    /**
     * {@code value} as compact UTF-8 JSON text.
     *
     * @throws NotJsonException                 for a binary, POJO or missing node, a NaN or infinite number, a
     *                                          property name with an unpaired surrogate, or nesting deeper than
     *                                          {@link #MAX_DEPTH}
     * @throws ByteSink.CapExceededException    when the text would be longer than {@code cap} bytes
     */
    static byte[] toJson(JsonNode value, int cap) {
        ByteSink sink = ByteSink.capped(64, cap);
        write(value, sink, 0);
        return sink.toByteArray();
    }

    /** The JSON text of a number or boolean node, which is always ASCII. */
    static String scalarText(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        if (!VariableType.isFinite(value)) {
            throw new NotJsonException("a number that is not finite (" + value.doubleValue() + ")");
        }
        return value.numberValue().toString();
    }

    private static void write(JsonNode value, ByteSink sink, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NotJsonException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (value.getNodeType()) {
            case OBJECT -> {
                sink.writeAscii('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> property : value.properties()) {
                    if (!first) {
                        sink.writeAscii(',');
                    }
                    first = false;
                    checkName(property.getKey());
                    writeString(property.getKey(), sink);
                    sink.writeAscii(':');
                    write(property.getValue(), sink, depth + 1);
                }
                sink.writeAscii('}');
            }
            case ARRAY -> {
                sink.writeAscii('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        sink.writeAscii(',');
                    }
                    write(value.get(i), sink, depth + 1);
                }
                sink.writeAscii(']');
            }
            case STRING -> writeString(value.stringValue(), sink);
            case NUMBER, BOOLEAN -> sink.writeAscii(scalarText(value));
            case NULL -> sink.writeAscii("null");
            case BINARY, POJO, MISSING -> throw new NotJsonException("a " + value.getNodeType().name().toLowerCase()
                    + " node, which is not a JSON value");
        }
    }

    /** JSON parsers read an unpaired surrogate back in a string value, but Jackson refuses one in a property name. */
    private static void checkName(String name) {
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < name.length() && Character.isLowSurrogate(name.charAt(k + 1))) {
                k++;
            } else if (Character.isSurrogate(c)) {
                throw new NotJsonException(
                        String.format("a property name with an unpaired surrogate (U+%04X)", (int) c));
            }
        }
    }

    private static void writeString(String s, ByteSink sink) {
        sink.writeAscii('"');
        sink.writeEscaped(s);
        sink.writeAscii('"');
    }

    /**
     * A short description of {@code value} for an error message: {@code the string "abc"}, {@code the number 1.5},
     * {@code an object}. Strings are cut to a short excerpt; containers are never shown.
     */
    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string " + quoted(value.stringValue());
            case NUMBER -> "the number " + value.numberValue();
            case BOOLEAN -> "the boolean " + value.booleanValue();
            case NULL -> "null";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case BINARY, POJO, MISSING -> "a " + value.getNodeType().name().toLowerCase() + " node";
        };
    }

    /** {@code text} in double quotes, cut to a short excerpt with an ellipsis when long. */
    static String quoted(String text) {
        if (text.length() <= EXCERPT_CHARS) {
            return '"' + text + '"';
        }
        int end = Character.isHighSurrogate(text.charAt(EXCERPT_CHARS - 1)) ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
        return '"' + text.substring(0, end) + "…\" (" + text.length() + " chars)";
    }
}
