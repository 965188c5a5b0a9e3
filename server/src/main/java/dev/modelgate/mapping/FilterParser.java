package dev.modelgate.mapping;

import dev.modelgate.mapping.FunctionExtensions.Signature;
import dev.modelgate.mapping.FunctionExtensions.Type;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parses the logical expression of a filter selector (RFC 9535 §2.3.5) and checks that it is well-typed (§2.4.3):
 * what is compared must be a literal, a singular query or a ValueType function; what is tested must be a query or
 * a LogicalType/NodesType function; every function argument must fit its parameter type.
 */
final class FilterParser {

    /** How deeply parentheses, function arguments and filters may nest, so that parsing cannot overflow the stack. */
    static final int MAX_NESTING = 64;

    /**
     * How deeply queries that search the whole document ({@link Query#searches()}) may nest inside filters. Each
     * such query runs once per node its filter tests, so its work multiplies by the document's size at each level:
     * {@code $..[?$..[?$..[?@.a]]]} (two levels) costs the cube of the document's size; every further level is a
     * further power (about ×11 per level on a small answer), which no budget makes useful.
     */
    static final int MAX_SEARCH_NESTING = 2;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PathScanner in;
    private final PathParser paths;
    private int nesting;
    private int searchNesting;

    FilterParser(PathScanner in, PathParser paths) {
        this.in = in;
        this.paths = paths;
    }

    /** The filter selector for the logical expression after {@code ?} (and its blank space). */
    Selector.Filter filter() {
        int outer = searchNesting;
        searchNesting = 0;
        LogicalExpression expression = logical(or());
        Selector.Filter filter = new Selector.Filter(expression, searchNesting);
        searchNesting = outer;
        return filter;
    }

    private Operand or() {
        if (++nesting > MAX_NESTING) {
            throw in.error("expressions nest more than " + MAX_NESTING + " levels deep");
        }
        int start = in.pos();
        Operand first = and();
        if (!followedBy("||")) {
            nesting--;
            return first;
        }
        List<LogicalExpression> operands = new ArrayList<>(List.of(logical(first)));
        while (followedBy("||")) {
            in.skipBlank();
            in.advance(2);
            in.skipBlank();
            operands.add(logical(and()));
        }
        nesting--;
        return Operand.logical(start, in.pos(), new LogicalExpression.Or(operands));
    }

    private Operand and() {
        int start = in.pos();
        Operand first = basic();
        if (!followedBy("&&")) {
            return first;
        }
        List<LogicalExpression> operands = new ArrayList<>(List.of(logical(first)));
        while (followedBy("&&")) {
            in.skipBlank();
            in.advance(2);
            in.skipBlank();
            operands.add(logical(basic()));
        }
        return Operand.logical(start, in.pos(), new LogicalExpression.And(operands));
    }

    /** A parenthesized expression, a negation, a comparison, or a lone operand (a test, or a function argument). */
    private Operand basic() {
        int start = in.pos();
        if (in.tryConsume('!')) {
            in.skipBlank();
            LogicalExpression negated = in.peek() == '(' ? parenthesized() : logical(operand());
            if (followedByComparison()) {
                throw in.error("'!' applies only to what directly follows it, which cannot then be compared;"
                        + " to negate a comparison write !(a == b)");
            }
            return Operand.logical(start, in.pos(), new LogicalExpression.Not(negated));
        }
        if (in.peek() == '(') {
            return Operand.logical(start, in.pos(), parenthesized());
        }
        Operand left = operand();
        if (!followedByComparison()) {
            return left;
        }
        in.skipBlank();
        ComparisonOperator operator = ComparisonOperator.read(in);
        in.skipBlank();
        Operand right = operand();
        return Operand.logical(start, in.pos(), new LogicalExpression.Comparison(
                value(left, "the left side of " + operator.symbol()), operator, value(right, "the right side of " + operator.symbol())));
    }

    private LogicalExpression parenthesized() {
        in.advance(1);
        in.skipBlank();
        LogicalExpression inner = logical(or());
        in.skipBlank();
        in.expect(')', "to close the parenthesized expression");
        return inner;
    }

    /** A query, a literal or a function call. */
    private Operand operand() {
        int start = in.pos();
        char c = in.peek();
        if (!in.atEnd() && (c == '@' || c == '$')) {
            in.advance(1);
            Query query = paths.segments(c == '$', start);
            searchNesting = Math.max(searchNesting, searchNesting(query, start));
            return new Operand(Operand.Kind.QUERY, start, query, null, in.pos());
        }
        if (c == '\'' || c == '"') {
            String s = Literals.string(in);
            return new Operand(Operand.Kind.LITERAL, start, new ValueExpression.Literal(NODES.stringNode(s)), null, in.pos());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return new Operand(Operand.Kind.LITERAL, start, new ValueExpression.Literal(Literals.number(in)), null, in.pos());
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return nameOrLiteral(start);
        }
        throw in.error("expected a query (@... or $...), a literal, a function call, '!' or '(', found " + in.describeHere());
    }

    /** The search nesting {@code query} brings into the filter it sits in, refused past the limit. */
    private int searchNesting(Query query, int start) {
        int depth = query.searchNesting() + (query.searches() ? 1 : 0);
        if (depth > MAX_SEARCH_NESTING) {
            throw in.errorAt(InvalidJsonPathException.TOO_COSTLY_RULE, start, "filters nest queries that search the"
                    + " whole document ($ with a wildcard, slice, filter or '..', or any '..' segment) " + depth
                    + " levels deep from " + ResponseShape.shorten(query.source()) + "; at most " + MAX_SEARCH_NESTING
                    + " levels are allowed, since each multiplies the work by the document's size. Inside a filter,"
                    + " use queries relative to the current node (@.type, @[*], @.content[?@.type == 'text']) or"
                    + " singular ones ($.a.b)");
        }
        return depth;
    }

    private Operand nameOrLiteral(int start) {
        while ((Character.isLetterOrDigit(in.peek()) && in.peek() < 0x80) || in.peek() == '_') {
            in.advance(1);
        }
        String name = in.text().substring(start, in.pos());
        Signature function = FunctionExtensions.lookup(name);
        if (function != null && in.peek() == '(') {
            return call(function, start);
        }
        JsonNode literal = switch (name) {
            case "true" -> NODES.booleanNode(true);
            case "false" -> NODES.booleanNode(false);
            case "null" -> NODES.nullNode();
            default -> null;
        };
        if (literal != null) {
            return new Operand(Operand.Kind.LITERAL, start, new ValueExpression.Literal(literal), null, in.pos());
        }
        if (function != null) {
            throw in.error("expected '(' directly after the function name " + name + ", found " + in.describeHere());
        }
        throw in.errorAt(start, "unknown function or literal '" + name + "' (functions: length, count, match, search,"
                + " value; literals: true, false, null, in lower case)");
    }

    private Operand call(Signature function, int start) {
        in.advance(1);
        in.skipBlank();
        List<Operand> arguments = new ArrayList<>();
        while (!in.tryConsume(')')) {
            if (!arguments.isEmpty()) {
                in.expect(',', "or ')' after an argument of " + function.name() + "()");
                in.skipBlank();
            }
            arguments.add(or());
            in.skipBlank();
        }
        if (arguments.size() != function.parameters().size()) {
            throw in.errorAt(start, function.name() + "() takes " + function.parameters().size() + " argument"
                    + (function.parameters().size() == 1 ? "" : "s") + ", got " + arguments.size());
        }
        List<Object> converted = new ArrayList<>(arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            String role = "argument " + (i + 1) + " of " + function.name() + "()";
            converted.add(switch (function.parameters().get(i)) {
                case VALUE -> value(arguments.get(i), role);
                case NODES -> nodes(arguments.get(i), role);
                case LOGICAL -> logical(arguments.get(i));
            });
        }
        return new Operand(Operand.Kind.FUNCTION, start, function.factory().apply(converted), function, in.pos());
    }

    private ValueExpression value(Operand operand, String role) {
        return switch (operand.kind()) {
            case LITERAL -> (ValueExpression) operand.expression();
            case QUERY -> {
                Query query = (Query) operand.expression();
                if (!query.singular()) {
                    throw in.errorAt(operand.start(), role + " must be a single value, but " + query.source()
                            + " is not a singular query (only .name, ['name'] and [index] segments are)");
                }
                yield new ValueExpression.SingularQuery(query);
            }
            case FUNCTION -> {
                if (operand.function().result() != Type.VALUE) {
                    throw in.errorAt(operand.start(), role + " must be a value, but " + operand.function().name()
                            + "() returns " + operand.function().result());
                }
                yield (ValueExpression) operand.expression();
            }
            case LOGICAL -> throw in.errorAt(operand.start(), role + " must be a value, not a logical expression");
        };
    }

    private NodesExpression nodes(Operand operand, String role) {
        if (operand.kind() == Operand.Kind.QUERY) {
            return new NodesExpression.QueryNodes((Query) operand.expression());
        }
        if (operand.kind() == Operand.Kind.FUNCTION && operand.function().result() == Type.NODES) {
            return (NodesExpression) operand.expression();
        }
        throw in.errorAt(operand.start(), role + " must be a query (NodesType), got " + operand.describe());
    }

    private LogicalExpression logical(Operand operand) {
        return switch (operand.kind()) {
            case LOGICAL -> (LogicalExpression) operand.expression();
            case QUERY -> new LogicalExpression.Exists((Query) operand.expression());
            case LITERAL -> throw in.errorAt(operand.start(), "a literal cannot be a test on its own; compare it, e.g. @.a == "
                    + in.text().substring(operand.start(), operand.end()));
            case FUNCTION -> switch (operand.function().result()) {
                case LOGICAL -> (LogicalExpression) operand.expression();
                case NODES -> new LogicalExpression.NonEmpty((NodesExpression) operand.expression());
                case VALUE -> throw in.errorAt(operand.start(), operand.function().name()
                        + "() returns a value, which cannot be a test on its own; compare it, e.g. "
                        + operand.function().name() + "(...) > 0");
            };
        };
    }

    private boolean followedBy(String operator) {
        int before = in.pos();
        in.skipBlank();
        boolean found = in.text().startsWith(operator, in.pos());
        in.reset(before);
        return found;
    }

    private boolean followedByComparison() {
        int before = in.pos();
        in.skipBlank();
        boolean found = ComparisonOperator.read(in) != null;
        in.reset(before);
        return found;
    }
}
