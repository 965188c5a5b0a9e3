package dev.modelgate.mapping;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The function extensions of RFC 9535 §2.4: {@code length}, {@code count}, {@code match}, {@code search} and
 * {@code value}, with the declared types the parser checks arguments and uses against.
 */
final class FunctionExtensions {

    /** The declared types of RFC 9535 §2.4.1. */
    enum Type {
        VALUE("ValueType"), LOGICAL("LogicalType"), NODES("NodesType");

        private final String rfcName;

        Type(String rfcName) {
            this.rfcName = rfcName;
        }

        @Override
        public String toString() {
            return rfcName;
        }
    }

    /**
     * A function's type signature and how to build it from arguments already converted to the parameter types.
     * The factory returns a {@link ValueExpression}, {@link LogicalExpression} or {@link NodesExpression} per
     * {@code result}.
     */
    record Signature(String name, Type result, List<Type> parameters, Function<List<Object>, Object> factory) {
    }

    private static final Map<String, Signature> BUILT_IN = Map.of(
            "length", new Signature("length", Type.VALUE, List.of(Type.VALUE), args -> new Length((ValueExpression) args.get(0))),
            "count", new Signature("count", Type.VALUE, List.of(Type.NODES), args -> new Count((NodesExpression) args.get(0))),
            "value", new Signature("value", Type.VALUE, List.of(Type.NODES), args -> new Value((NodesExpression) args.get(0))),
            "match", new Signature("match", Type.LOGICAL, List.of(Type.VALUE, Type.VALUE), args -> RegexTest.of(args, true)),
            "search", new Signature("search", Type.LOGICAL, List.of(Type.VALUE, Type.VALUE), args -> RegexTest.of(args, false)));

    private FunctionExtensions() {
    }

    /** The function named {@code name}, or null when there is none. */
    static Signature lookup(String name) {
        return BUILT_IN.get(name);
    }

    /**
     * {@code length(value)}: characters (Unicode scalar values) of a string, elements or members; else Nothing. A
     * string's characters count against the evaluation's budget.
     */
    record Length(ValueExpression argument) implements ValueExpression {
        @Override
        public JsonNode value(JsonNode current, Evaluation evaluation) {
            JsonNode value = argument.value(current, evaluation);
            if (value == null) {
                return null;
            }
            if (value.isString()) {
                String s = value.stringValue();
                evaluation.characters(s.length());
                return IntNode.valueOf(s.codePointCount(0, s.length()));
            }
            return value.isArray() || value.isObject() ? IntNode.valueOf(value.size()) : null;
        }
    }

    /** {@code count(nodes)}: how many nodes the query selects. */
    record Count(NodesExpression argument) implements ValueExpression {
        @Override
        public JsonNode value(JsonNode current, Evaluation evaluation) {
            return IntNode.valueOf(argument.nodes(current, evaluation).size());
        }
    }

    /** {@code value(nodes)}: the value of the only node selected, else Nothing. */
    record Value(NodesExpression argument) implements ValueExpression {
        @Override
        public JsonNode value(JsonNode current, Evaluation evaluation) {
            List<JsonNode> nodes = argument.nodes(current, evaluation);
            return nodes.size() == 1 ? nodes.getFirst() : null;
        }
    }

    /**
     * {@code match(string, regexp)} ({@code whole}) and {@code search(string, regexp)}: false unless both arguments
     * are strings and the second is a valid I-Regexp. A literal pattern is compiled once, with the query; a pattern
     * taken from the document is compiled when it changes; its characters count against the evaluation's budget at
     * each use.
     */
    static final class RegexTest implements LogicalExpression {
        private final ValueExpression subject;
        private final ValueExpression pattern;
        private final boolean whole;
        private final Pattern literalPattern;
        private volatile Compiled lastDynamic;

        private record Compiled(String source, Pattern pattern) {
        }

        private RegexTest(ValueExpression subject, ValueExpression pattern, boolean whole) {
            this.subject = subject;
            this.pattern = pattern;
            this.whole = whole;
            this.literalPattern = pattern instanceof ValueExpression.Literal(JsonNode constant) && constant.isString()
                    ? IRegexp.compile(constant.stringValue()) : null;
        }

        static RegexTest of(List<Object> args, boolean whole) {
            return new RegexTest((ValueExpression) args.get(0), (ValueExpression) args.get(1), whole);
        }

        @Override
        public boolean test(JsonNode current, Evaluation evaluation) {
            JsonNode value = subject.value(current, evaluation);
            if (value == null || !value.isString()) {
                return false;
            }
            Pattern compiled = pattern instanceof ValueExpression.Literal ? literalPattern
                    : dynamicPattern(current, evaluation);
            return compiled != null && IRegexp.test(compiled, value.stringValue(), whole, evaluation);
        }

        private Pattern dynamicPattern(JsonNode current, Evaluation evaluation) {
            JsonNode source = pattern.value(current, evaluation);
            if (source == null || !source.isString()) {
                return null;
            }
            Compiled last = lastDynamic;
            evaluation.characters(source.stringValue().length());
            if (last == null || !last.source.equals(source.stringValue())) {
                last = new Compiled(source.stringValue(), IRegexp.compile(source.stringValue()));
                lastDynamic = last;
            }
            return last.pattern;
        }
    }
}
