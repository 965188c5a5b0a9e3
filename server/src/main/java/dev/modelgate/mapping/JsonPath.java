package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A compiled JSONPath query as defined by RFC 9535, evaluated on Jackson {@link JsonNode} trees.
 *
 * <p>The whole RFC is supported: the root identifier {@code $}; child ({@code .name}, {@code [..]}) and descendant
 * ({@code ..name}, {@code ..[..]}) segments; name, wildcard, index, slice and filter selectors; comparisons,
 * {@code &&}, {@code ||}, {@code !}, parentheses and existence tests in filters; and the function extensions
 * {@code length}, {@code count}, {@code match}, {@code search} and {@code value}, type-checked when compiled.
 * Regular expressions are I-Regexp (RFC 9485), see {@code match} and {@code search}: a literal pattern is compiled
 * once, with the query.
 *
 * <p>Each evaluation on a document has a fixed {@link EvaluationBudget} (nodes visited, filter evaluations, regex
 * steps, characters compared) that does not grow with the document; one that runs out throws a
 * {@link JsonPathTooCostlyException}. Queries that search the whole document ({@code $[*]}, {@code $..a},
 * {@code @..a}) inside filters more than 2 levels deep, whose work grows as the fourth or a higher power of the
 * document's size, are refused when compiled ({@code jsonpath-too-costly}).
 *
 * <p>Compile once and reuse: instances are immutable and safe to share between threads. Object members are visited
 * in the document's order, so results are deterministic for a given parsed document.
 */
public final class JsonPath {

    private final String expression;
    private final Query query;

    private JsonPath(String expression, Query query) {
        this.expression = expression;
        this.query = query;
    }

    /**
     * Compiles an RFC 9535 query such as {@code $.content[0].text} or {@code $.content[?@.type == 'text'].text}.
     *
     * @throws InvalidJsonPathException when the expression is not a well-formed, valid query
     *                                  ({@code invalid-jsonpath}), or searches the whole document in filters nested
     *                                  too deeply ({@code jsonpath-too-costly}); it carries the rule, the 1-based
     *                                  column of the problem and the reason
     */
    public static JsonPath compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new JsonPath(expression, PathParser.parse(expression));
    }

    /** The expression this query was compiled from. */
    public String expression() {
        return expression;
    }

    /**
     * Whether the query is singular by its grammar (RFC 9535 §2.3.5.1: only {@code .name}, {@code ['name']} and
     * {@code [index]} child segments), and so selects at most one node in any document.
     */
    public boolean singular() {
        return query.singular();
    }

    /**
     * The nodes the query selects from {@code document}, in order, each with its normalized path.
     *
     * @throws JsonPathTooCostlyException when the evaluation runs out of its {@link EvaluationBudget}
     */
    public List<Node> select(JsonNode document) {
        Walk walk = query.walk(evaluation(document), query.segmentCount(), true);
        List<Node> nodes = new ArrayList<>(walk.values().size());
        for (int i = 0; i < walk.values().size(); i++) {
            nodes.add(new Node(walk.locations().get(i).normalized(), walk.values().get(i)));
        }
        return Collections.unmodifiableList(nodes);
    }

    /**
     * The values the query selects from {@code document}, in order; cheaper than {@link #select} (no paths).
     *
     * @throws JsonPathTooCostlyException when the evaluation runs out of its {@link EvaluationBudget}
     */
    public List<JsonNode> values(JsonNode document) {
        return values(evaluation(document));
    }

    /** A fresh evaluation of this query on {@code document}, with the whole budget. */
    Evaluation evaluation(JsonNode document) {
        return new Evaluation(expression, Objects.requireNonNull(document, "document"));
    }

    /** The values the query selects from the evaluation's document, spending its budget. */
    List<JsonNode> values(Evaluation evaluation) {
        List<JsonNode> values = query.nodes(evaluation.root(), evaluation);
        return query.singular() ? values : Collections.unmodifiableList(values);
    }

    /** The parsed query, for diagnostics inside this package. */
    Query query() {
        return query;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPath that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    /**
     * A selected node.
     *
     * @param path  its normalized path (RFC 9535 §2.7), such as {@code $['content'][0]['text']}; itself a singular
     *              query that selects this node
     * @param value the node's value, part of the queried document (not a copy)
     */
    public record Node(String path, JsonNode value) {
        public Node {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }
    }
}
