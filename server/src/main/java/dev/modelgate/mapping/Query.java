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
    private final String source;

    Query(boolean absolute, List<Segment> segments, String source) {
        this.absolute = absolute;
        this.segments = segments.toArray(Segment[]::new);
        this.singular = segments.stream().allMatch(Segment::singular);
        this.source = source;
    }

    /** Whether this query selects at most one node, by grammar (RFC 9535 §2.3.5.1). */
    boolean singular() {
        return singular;
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

    /** The single selected node or null; only for {@link #singular()} queries, navigating without a walk. */
    JsonNode singularValue(JsonNode current, JsonNode root) {
        JsonNode node = absolute ? root : current;
        for (int i = 0; i < segments.length && node != null; i++) {
            node = ((Selector.Step) segments[i].selectors().getFirst()).step(node);
        }
        return node;
    }

    /** The nodelist this query selects, without locations. */
    List<JsonNode> nodes(JsonNode current, JsonNode root) {
        if (singular) {
            JsonNode node = singularValue(current, root);
            return node == null ? List.of() : List.of(node);
        }
        return new Walk(root, segments, segments.length, false).from(absolute ? root : current, null).values();
    }

    /** Whether this query selects at least one node (a filter's existence test). */
    boolean exists(JsonNode current, JsonNode root) {
        return singular ? singularValue(current, root) != null : !nodes(current, root).isEmpty();
    }

    /** Applies the first {@code segmentCount} segments of this absolute query, recording locations if asked. */
    Walk walk(JsonNode root, int segmentCount, boolean locations) {
        return new Walk(root, segments, segmentCount, locations).from(root, locations ? Location.ROOT : null);
    }
}
