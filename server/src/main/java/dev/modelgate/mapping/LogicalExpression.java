package dev.modelgate.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** An expression of RFC 9535's LogicalType: what a filter selector tests for each child. */
interface LogicalExpression {

    boolean test(JsonNode current, JsonNode root);

    /** {@code a || b || ...} */
    record Or(List<LogicalExpression> operands) implements LogicalExpression {
        public Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean test(JsonNode current, JsonNode root) {
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).test(current, root)) {
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
        public boolean test(JsonNode current, JsonNode root) {
            for (int i = 0; i < operands.size(); i++) {
                if (!operands.get(i).test(current, root)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code !a} */
    record Not(LogicalExpression operand) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return !operand.test(current, root);
        }
    }

    /** An existence test: the query selects at least one node. */
    record Exists(Query query) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return query.exists(current, root);
        }
    }

    /** A NodesType function result used as a test: true when the nodelist is not empty. */
    record NonEmpty(NodesExpression nodes) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return !nodes.nodes(current, root).isEmpty();
        }
    }

    /** {@code left op right} between two values, either of which may be Nothing. */
    record Comparison(ValueExpression left, ComparisonOperator operator, ValueExpression right) implements LogicalExpression {
        @Override
        public boolean test(JsonNode current, JsonNode root) {
            return operator.holds(left.value(current, root), right.value(current, root));
        }
    }
}
