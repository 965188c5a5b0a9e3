package dev.modelgate.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A child segment ({@code .name}, {@code [selectors]}) or a descendant segment ({@code ..name}, {@code ..[selectors]}).
 *
 * @param descendant whether the selectors apply to the node and all its descendants
 * @param selectors  the selectors, applied in order
 * @param source     the segment as written, for diagnostics
 * @param compact    whether a bracketed segment has no blank space inside (singular queries require it)
 */
record Segment(boolean descendant, List<Selector> selectors, String source, boolean compact) {

    Segment {
        selectors = List.copyOf(selectors);
    }

    void apply(JsonNode node, Location at, Walk walk, int next) {
        for (int i = 0; i < selectors.size(); i++) {
            selectors.get(i).select(node, at, walk, next);
        }
    }

    /** A segment of a singular query (RFC 9535 §2.3.5.1): one name or index selector, as a child segment. */
    boolean singular() {
        return !descendant && compact && selectors.size() == 1 && selectors.getFirst() instanceof Selector.Step;
    }
}
