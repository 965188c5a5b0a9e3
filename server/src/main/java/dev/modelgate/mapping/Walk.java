package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One evaluation of a query's segments, depth first. Because a nodelist is the concatenation of what each input
 * node yields, carrying every selected node through the remaining segments before the next sibling gives the same
 * order as evaluating segment by segment, without intermediate lists.
 */
final class Walk {

    private final Evaluation evaluation;
    private final Segment[] segments;
    private final int stopAt;
    private final List<JsonNode> values = new ArrayList<>(4);
    private final List<Location> locations;

    /**
     * @param stopAt    how many segments to apply (all of them, or fewer to see how far a query gets)
     * @param locations whether to record where each result sits
     */
    Walk(Evaluation evaluation, Segment[] segments, int stopAt, boolean locations) {
        this.evaluation = evaluation;
        this.segments = segments;
        this.stopAt = stopAt;
        this.locations = locations ? new ArrayList<>(4) : null;
    }

    Evaluation evaluation() {
        return evaluation;
    }

    /** Runs the walk from {@code start}, which sits at {@code at} (null when locations are not recorded). */
    Walk from(JsonNode start, Location at) {
        continueAt(0, start, at);
        return this;
    }

    List<JsonNode> values() {
        return values;
    }

    /** Where each of {@link #values()} sits, in the same order; only when locations are recorded. */
    List<Location> locations() {
        return locations;
    }

    void member(int next, JsonNode child, Location parent, String name) {
        continueAt(next, child, locations == null ? null : parent.member(name));
    }

    void element(int next, JsonNode child, Location parent, int index) {
        continueAt(next, child, locations == null ? null : parent.element(index));
    }

    private void continueAt(int segment, JsonNode node, Location at) {
        evaluation.node();
        if (segment == stopAt) {
            values.add(node);
            if (locations != null) {
                locations.add(at);
            }
            return;
        }
        Segment current = segments[segment];
        if (current.descendant()) {
            descend(current, segment + 1, node, at);
        } else {
            current.apply(node, at, this, segment + 1);
        }
    }

    /** RFC 9535 §2.5.2.2: the node itself, then its descendants in document order, each given to the selectors. */
    private void descend(Segment segment, int next, JsonNode node, Location at) {
        evaluation.node();
        segment.apply(node, at, this, next);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                descend(segment, next, node.get(i), locations == null ? null : at.element(i));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                descend(segment, next, member.getValue(), locations == null ? null : at.member(member.getKey()));
            }
        }
    }
}
