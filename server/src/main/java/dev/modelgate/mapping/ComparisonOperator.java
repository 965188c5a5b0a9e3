package dev.modelgate.mapping;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The comparison operators of RFC 9535 §2.3.5.2.2. Values are compared by JSON value, not by representation
 * ({@code 1 == 1.0}); only numbers and strings are ordered (strings by Unicode scalar value); Nothing (null) equals
 * only Nothing.
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

    boolean holds(JsonNode left, JsonNode right) {
        return switch (this) {
            case EQUAL -> equal(left, right);
            case NOT_EQUAL -> !equal(left, right);
            case LESS -> less(left, right);
            case LESS_OR_EQUAL -> less(left, right) || equal(left, right);
            case GREATER -> less(right, left);
            case GREATER_OR_EQUAL -> less(right, left) || equal(left, right);
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

    static boolean equal(JsonNode a, JsonNode b) {
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
                if (!equal(a.get(i), b.get(i))) {
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
                if (!equal(member.getValue(), b.get(member.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean less(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) < 0;
        }
        return a.isString() && b.isString() && compareCodePoints(a.stringValue(), b.stringValue()) < 0;
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
