package dev.modelgate.mapping;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The comparison operators of RFC 9535 §2.3.5.2.2. Values are compared by JSON value, not by representation
 * ({@code 1 == 1.0}); only numbers and strings are ordered (strings by Unicode scalar value); Nothing (null) equals
 * only Nothing. Comparing spends the evaluation's budget: a node for each element or member read, and the characters
 * of the strings compared.
 */
enum ComparisonOperator {
    EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    /** Two-character operators first, so that {@code <=} is not read as {@code <}. */
    private static final ComparisonOperator[] READ_ORDER = {EQUAL, NOT_EQUAL, LESS_OR_EQUAL, GREATER_OR_EQUAL, LESS, GREATER};

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    boolean holds(JsonNode left, JsonNode right, Evaluation evaluation) {
        return switch (this) {
            case EQUAL -> equal(left, right, evaluation);
            case NOT_EQUAL -> !equal(left, right, evaluation);
            case LESS -> less(left, right, evaluation);
            case LESS_OR_EQUAL -> less(left, right, evaluation) || equal(left, right, evaluation);
            case GREATER -> less(right, left, evaluation);
            case GREATER_OR_EQUAL -> less(right, left, evaluation) || equal(left, right, evaluation);
        };
    }

    /** Reads an operator at the scanner, consuming it; null (consuming nothing) when there is none. */
    static ComparisonOperator read(PathScanner in) {
        for (ComparisonOperator op : READ_ORDER) {
            if (in.tryConsume(op.symbol)) {
                return op;
            }
        }
        return null;
    }

    static boolean equal(JsonNode a, JsonNode b, Evaluation evaluation) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                evaluation.node();
                if (!equal(a.get(i), b.get(i), evaluation)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                evaluation.node();
                if (!equal(member.getValue(), b.get(member.getKey()), evaluation)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isString() && a.stringValue().length() == b.stringValue().length()) {
            evaluation.characters(a.stringValue().length());
        }
        return a.equals(b);
    }

    private static boolean less(JsonNode a, JsonNode b, Evaluation evaluation) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) < 0;
        }
        if (!a.isString() || !b.isString()) {
            return false;
        }
        evaluation.characters(Math.min(a.stringValue().length(), b.stringValue().length()));
        return compareCodePoints(a.stringValue(), b.stringValue()) < 0;
    }

    static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.canConvertToLong() && b.canConvertToLong() ? Long.compare(a.longValue(), b.longValue())
                    : a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        boolean arbitraryPrecision = a.isBigDecimal() || b.isBigDecimal() || a.isBigInteger() || b.isBigInteger();
        double x = a.doubleValue();
        double y = b.doubleValue();
        if (arbitraryPrecision && Double.isFinite(x) && Double.isFinite(y)) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** Orders strings by Unicode scalar value, which differs from {@link String#compareTo} above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
