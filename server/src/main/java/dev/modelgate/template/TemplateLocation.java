package dev.modelgate.template;

import java.util.List;
import java.util.Objects;

/**
 * Where a part of a rendered body comes from in its template: found by {@link RequestTemplate#locate} from a JSON
 * pointer into the body, such as the one in Bedrock's "Malformed input request: #/messages/0/content: …".
 *
 * @param pointer    the JSON pointer (RFC 6901) of the part the template itself writes: the one asked for, or the
 *                   deepest part on its way when the rest is not in the template (see {@code unresolved})
 * @param line       1-based line where that part starts in the template: its property name for an object member
 * @param column     1-based column there, counted in UTF-16 chars
 * @param kind       what the template writes there
 * @param variables  the variables whose placeholders stand in that part, in text order: the one placeholder of a
 *                   {@link Kind#PLACEHOLDER}, those inside a {@link Kind#STRING}, every one inside a container
 * @param unresolved the rest of the pointer, past {@code pointer}: inside a variable's value when {@code kind} is
 *                   {@link Kind#PLACEHOLDER}, else not in the template at all; empty when the part itself was found
 */
public record TemplateLocation(String pointer, int line, int column, Kind kind, List<String> variables,
                               String unresolved) {

    /** What the template writes at a location. */
    public enum Kind {
        /** A placeholder standing for the whole value: the variable's value is the part. */
        PLACEHOLDER,
        /** A string, possibly with placeholders inside it. */
        STRING,
        /** A number, {@code true}, {@code false} or {@code null} written in the template. */
        LITERAL,
        /** An object written in the template. */
        OBJECT,
        /** An array written in the template. */
        ARRAY
    }

    public TemplateLocation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(kind, "kind");
        variables = List.copyOf(variables);
        Objects.requireNonNull(unresolved, "unresolved");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        }
    }

    /** Whether the whole pointer was found in the template. */
    public boolean exact() {
        return unresolved.isEmpty();
    }
}
