package dev.modelgate.mapping;

import dev.modelgate.validation.Violation;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one output mapping field on one response: {@link Mapped mapped} to a value, {@link Failed failed}
 * with a rule and the paths the response does have, or {@link Unmapped not configured}. A Test run shows one per
 * field.
 *
 * @param <T> the field's value type: {@code String} for text, {@code Long} for token counts, {@code JsonNode} for
 *            extras
 */
public sealed interface MappingResult<T> {

    /** The rule of a path that selects nothing (where something is required). */
    String NO_MATCH = "no-match";
    /** The rule of a token count path that selects more than one node. */
    String MULTIPLE_MATCHES = "multiple-matches";
    /** The rule of a token count that is not an integral JSON number from 0 to 2^63 - 1. */
    String NOT_A_NON_NEGATIVE_INTEGER = "not-a-non-negative-integer";
    /** The rule of a text path that selects an object or an array. */
    String NOT_TEXT = "not-text";
    /**
     * The rule of a path whose evaluation on this response ran out of its {@link EvaluationBudget}: the field is
     * not mapped, and the error is {@value JsonPathTooCostlyException#CODE}.
     */
    String TOO_COSTLY = JsonPathTooCostlyException.CODE;

    /** The field, as named in violations: {@code outputMapping.text}, {@code outputMapping.extras.stopReason}. */
    String field();

    /**
     * The field mapped to a value.
     *
     * @param expression the field's JSONPath
     * @param value      the extracted value
     */
    record Mapped<T>(String field, String expression, T value) implements MappingResult<T> {
        public Mapped {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The field could not be mapped.
     *
     * @param expression the field's JSONPath
     * @param rule       one of {@link #NO_MATCH}, {@link #MULTIPLE_MATCHES}, {@link #NOT_A_NON_NEGATIVE_INTEGER},
     *                   {@link #NOT_TEXT}, {@link #TOO_COSTLY}
     * @param message    a sentence naming the field, the path and what was found instead (never the whole response)
     * @param available  paths that do exist where the failure happened, at most
     *                   {@value OutputMapping#DIAGNOSTIC_PATH_LIMIT}, in document order: for {@code no-match}, the
     *                   leaves under the deepest node the path reached (e.g. {@code $.usage.inputTokens}); for
     *                   {@code multiple-matches}, the nodes selected; for {@code not-text}, the leaves under the
     *                   object or array selected; empty otherwise
     */
    record Failed<T>(String field, String expression, String rule, String message, List<String> available)
            implements MappingResult<T> {
        public Failed {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
            available = List.copyOf(available);
        }

        /** This failure as a violation of {@link #rule()} on {@link #field()}. */
        public Violation toViolation() {
            return Violation.of(field, rule, message);
        }
    }

    /** An optional field (a token count) the mapping has no path for. */
    record Unmapped<T>(String field) implements MappingResult<T> {
        public Unmapped {
            Objects.requireNonNull(field, "field");
        }
    }
}
