package dev.modelgate.mapping;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One RFC 9535 selector (§2.3): applied to a node, it hands each selected child to the {@link Walk}. */
sealed interface Selector {

    /** Selects children of {@code node} (found at {@code at}, null unless paths are tracked) into segment {@code next}. */
    void select(JsonNode node, Location at, Walk walk, int next);

    /** A selector that selects at most one child and can navigate without a walk (singular queries). */
    sealed interface Step extends Selector {
        /** The selected child, or null when there is none. */
        JsonNode step(JsonNode node);
    }

    /** {@code ['name']} or {@code .name}: the member of an object with that name. */
    record Name(String name) implements Step {
        @Override
        public JsonNode step(JsonNode node) {
            return node.isObject() ? node.get(name) : null;
        }

        @Override
        public void select(JsonNode node, Location at, Walk walk, int next) {
            JsonNode child = step(node);
            if (child != null) {
                walk.member(next, child, at, name);
            }
        }
    }

    /** {@code [3]} or {@code [-1]}: an array element, counted from the end when negative. */
    record Index(long index) implements Step {
        @Override
        public JsonNode step(JsonNode node) {
            if (!node.isArray()) {
                return null;
            }
            long i = index >= 0 ? index : node.size() + index;
            return i >= 0 && i < node.size() ? node.get((int) i) : null;
        }

        @Override
        public void select(JsonNode node, Location at, Walk walk, int next) {
            JsonNode child = step(node);
            if (child != null) {
                walk.element(next, child, at, (int) (index >= 0 ? index : node.size() + index));
            }
        }
    }

    /** {@code *}: every element of an array, every member value of an object. */
    record Wildcard() implements Selector {
        @Override
        public void select(JsonNode node, Location at, Walk walk, int next) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk.element(next, node.get(i), at, i);
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    walk.member(next, member.getValue(), at, member.getKey());
                }
            }
        }
    }

    /** {@code [start:end:step]} with the bounds of RFC 9535 §2.3.4.2.2; absent bounds are null. */
    record Slice(Long start, Long end, long step) implements Selector {
        @Override
        public void select(JsonNode node, Location at, Walk walk, int next) {
            if (!node.isArray() || step == 0) {
                return;
            }
            long len = node.size();
            if (step > 0) {
                long lower = clamp(normalize(start, 0, len), 0, len);
                long upper = clamp(normalize(end, len, len), 0, len);
                for (long i = lower; i < upper; i += step) {
                    walk.element(next, node.get((int) i), at, (int) i);
                }
            } else {
                long upper = clamp(normalize(start, len - 1, len), -1, len - 1);
                long lower = clamp(normalize(end, -len - 1, len), -1, len - 1);
                for (long i = upper; lower < i; i += step) {
                    walk.element(next, node.get((int) i), at, (int) i);
                }
            }
        }

        private static long normalize(Long bound, long absent, long len) {
            return bound == null ? absent : bound >= 0 ? bound : len + bound;
        }

        private static long clamp(long value, long min, long max) {
            return Math.min(Math.max(value, min), max);
        }
    }

    /**
     * {@code [?expression]}: the children for which the logical expression holds.
     *
     * @param searchNesting how deeply queries that search the whole document nest in the expression: 1 for
     *                      {@code count($..a) > 1}, 2 for {@code $..[?$..a]}, 0 when none search
     */
    record Filter(LogicalExpression expression, int searchNesting) implements Selector {
        @Override
        public void select(JsonNode node, Location at, Walk walk, int next) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    JsonNode child = node.get(i);
                    walk.evaluation().filter();
                    if (expression.test(child, walk.evaluation())) {
                        walk.element(next, child, at, i);
                    }
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    walk.evaluation().filter();
                    if (expression.test(member.getValue(), walk.evaluation())) {
                        walk.member(next, member.getValue(), at, member.getKey());
                    }
                }
            }
        }
    }
}
