package dev.modelgate.mapping;

import tools.jackson.databind.JsonNode;

/** An expression of RFC 9535's ValueType: a JSON value, or Nothing (represented as {@code null}). */
interface ValueExpression {

    /** The value, or null for Nothing. */
    JsonNode value(JsonNode current, Evaluation evaluation);

    /** A literal: a string, number, {@code true}, {@code false} or {@code null}. */
    record Literal(JsonNode constant) implements ValueExpression {
        @Override
        public JsonNode value(JsonNode current, Evaluation evaluation) {
            return constant;
        }
    }

    /** A singular query: the value of the one node it selects, or Nothing. */
    record SingularQuery(Query query) implements ValueExpression {
        @Override
        public JsonNode value(JsonNode current, Evaluation evaluation) {
            return query.singularValue(current, evaluation);
        }
    }
}
