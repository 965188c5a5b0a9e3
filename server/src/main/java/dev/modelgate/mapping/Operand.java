package dev.modelgate.mapping;

import dev.modelgate.mapping.FunctionExtensions.Signature;

/**
 * A parsed piece of a filter before the context decides its type: a literal or a query can become a value, a query
 * can become a test or a nodelist, a function's use is checked against its declared result type.
 *
 * @param kind       what was parsed
 * @param start      where it starts in the expression (for errors)
 * @param expression a {@link ValueExpression.Literal}, a {@link Query}, the built function expression, or a
 *                   {@link LogicalExpression}
 * @param function   the function's signature, for {@link Kind#FUNCTION} only
 * @param end        where it ends
 */
record Operand(Kind kind, int start, Object expression, Signature function, int end) {

    enum Kind { LITERAL, QUERY, FUNCTION, LOGICAL }

    static Operand logical(int start, int end, LogicalExpression expression) {
        return new Operand(Kind.LOGICAL, start, expression, null, end);
    }

    /** For error messages: "a literal", "length(), which returns ValueType", ... */
    String describe() {
        return switch (kind) {
            case LITERAL -> "a literal";
            case QUERY -> "a query";
            case FUNCTION -> function.name() + "(), which returns " + function.result();
            case LOGICAL -> "a logical expression";
        };
    }
}
