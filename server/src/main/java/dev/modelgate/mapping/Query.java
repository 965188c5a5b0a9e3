package dev.modelgate.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A parsed query: the root ({@code $}) or current node ({@code @}) identifier followed by segments. Used both for a
 * whole JSONPath and for the queries inside filters.
 */
final class Query {

    private final boolean absolute;
    private final Segment[] segments;
    private final boolean singular;
    private final boolean searches;
    private final int searchNesting;
    private final String source;

    Query(boolean absolute, List<Segment> segments, String source) {
        this.absolute = absolute;
        this.segments = segments.toArray(Segment[]::new);
        this.singular = segments.stream().allMatch(Segment::singular);
        this.searches = (absolute && !singular) || segments.stream().anyMatch(Segment::descendant);
        this.searchNesting = segments.stream().flatMap(s -> s.selectors().stream())
                .mapToInt(s -> s instanceof Selector.Filter f ? f.searchNesting() : 0).max().orElse(0);
        this.source = source;
    }

    /** Whether this query selects at most one node, by grammar (RFC 9535 §2.3.5.1). */
    boolean singular() {
        return singular;
    }

    /**
     * Whether this query, used inside a filter, may visit a number of nodes that grows with the whole document rather
     * than with the current node's children: an absolute query that is not singular ({@code $[*]}, {@code $..a}), or
     * any query with a descendant segment ({@code @..a}).
     */
    boolean searches() {
        return searches;
    }

    /** How deeply queries that {@link #searches() search} nest inside this query's filters (0 when none do). */
    int searchNesting() {
        return searchNesting;
    }

    String source() {
        return source;
    }

    int segmentCount() {
        return segments.length;
    }

    Segment segment(int index) {
        return segments[index];
    }

    /**
     * The single selected node or null; only for {@link #singular()} queries, navigating without a walk (each step
     * counts as a node visited).
     */
    JsonNode singularValue(JsonNode current, Evaluation evaluation) {
        JsonNode node = absolute ? evaluation.root() : current;
        for (int i = 0; i < segments.length && node != null; i++) {
            evaluation.node();
            node = ((Selector.Step) segments[i].selectors().getFirst()).step(node);
        }
        return node;
    }

    /** The nodelist this query selects, without locations. */
    List<JsonNode> nodes(JsonNode current, Evaluation evaluation) {
        if (singular) {
            JsonNode node = singularValue(current, evaluation);
            return node == null ? List.of() : List.of(node);
        }
        return new Walk(evaluation, segments, segments.length, false)
                .from(absolute ? evaluation.root() : current, null).values();
    }

    /** Whether this query selects at least one node (a filter's existence test). */
    boolean exists(JsonNode current, Evaluation evaluation) {
        return singular ? singularValue(current, evaluation) != null : !nodes(current, evaluation).isEmpty();
    }

    /**
     * Applies the first {@code segmentCount} segments of this absolute query to the evaluation's document, recording
     * locations if asked.
     */
    Walk walk(Evaluation evaluation, int segmentCount, boolean locations) {
        return new Walk(evaluation, segments, segmentCount, locations)
                .from(evaluation.root(), locations ? Location.ROOT : null);
    }
}
