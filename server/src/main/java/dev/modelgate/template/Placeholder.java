package dev.modelgate.template;

import java.util.Objects;

/**
 * One {@code {{name}}} in a compiled template, for previews and the console.
 *
 * @param name   the variable it inserts
 * @param line   1-based line of its opening <code>{{</code>
 * @param column 1-based column of its opening <code>{{</code>, counted in UTF-16 chars (as JavaScript editors count)
 * @param kind   how the value is inserted there
 */
public record Placeholder(String name, int line, int column, Kind kind) {

    /** Where a placeholder stands, which decides how its value is written. */
    public enum Kind {
        /** Inside a JSON string value: the value's text is inserted JSON-escaped and stays part of that string. */
        IN_STRING,
        /** A whole JSON value (a property value, an array element, the whole body): the value as typed JSON. */
        STANDALONE
    }

    /** Checks the components: non-null name and kind, positive line and column. */
    public Placeholder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("placeholder line and column are 1-based, got " + line + ":" + column);
        }
    }
}
