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
     * @throws InvalidJsonPathException when the expression is not a well-formed, valid query; it carries the 1-based
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

    /** The nodes the query selects from {@code document}, in order, each with its normalized path. */
    public List<Node> select(JsonNode document) {
        Walk walk = query.walk(Objects.requireNonNull(document, "document"), query.segmentCount(), true);
        List<Node> nodes = new ArrayList<>(walk.values().size());
        for (int i = 0; i < walk.values().size(); i++) {
            nodes.add(new Node(walk.locations().get(i).normalized(), walk.values().get(i)));
        }
        return Collections.unmodifiableList(nodes);
    }

    /** The values the query selects from {@code document}, in order; cheaper than {@link #select} (no paths). */
    public List<JsonNode> values(JsonNode document) {
        List<JsonNode> values = query.nodes(Objects.requireNonNull(document, "document"), document);
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
