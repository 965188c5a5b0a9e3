package dev.modelgate.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** An expression of RFC 9535's LogicalType: what a filter selector tests for each child. */
interface LogicalExpression {

    boolean test(JsonNode current, Evaluation evaluation);

    /** {@code a || b || ...} */
    record Or(List<LogicalExpression> operands) implements LogicalExpression {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).test(current, evaluation)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code a && b && ...} */
    record And(List<LogicalExpression> operands) implements LogicalExpression {
        public And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            for (int i = 0; i < operands.size(); i++) {
                if (!operands.get(i).test(current, evaluation)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code !a} */
    record Not(LogicalExpression operand) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            return !operand.test(current, evaluation);
        }
    }

    /** An existence test: the query selects at least one node. */
    record Exists(Query query) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            return query.exists(current, evaluation);
        }
    }

    /** A NodesType function result used as a test: true when the nodelist is not empty. */
    record NonEmpty(NodesExpression nodes) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            return !nodes.nodes(current, evaluation).isEmpty();
        }
    }

    /** {@code left op right} between two values, either of which may be Nothing. */
    record Comparison(ValueExpression left, ComparisonOperator operator, ValueExpression right) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            return operator.holds(left.value(current, evaluation), right.value(current, evaluation), evaluation);
        }
    }
}
