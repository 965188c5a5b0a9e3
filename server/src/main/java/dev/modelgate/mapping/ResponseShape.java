package dev.modelgate.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Describes what a response contains, for mapping failures and the console: its leaf paths, how far a path got
 * before it selected nothing, and short descriptions of values. Descriptions quote at most a short snippet of a
 * scalar, never a whole body.
 */
final class ResponseShape {

    private static final int SNIPPET_LENGTH = 40;

    private ResponseShape() {
    }

    /**
     * Adds the shorthand paths of the leaves (scalars, empty arrays and empty objects) under {@code node}, which sits
     * at {@code at}, in document order, until {@code out} holds {@code limit} paths.
     */
    static void leafPaths(JsonNode node, Location at, int limit, List<String> out) {
        if (out.size() >= limit) {
            return;
        }
        if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size() && out.size() < limit; i++) {
                leafPaths(node.get(i), at.element(i), limit, out);
            }
        } else if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (out.size() >= limit) {
                    return;
                }
                leafPaths(member.getValue(), at.member(member.getKey()), limit, out);
            }
        } else {
            out.add(at.shorthand());
        }
    }

    /** Where a path that selected nothing stopped: the nodes its longest matching prefix reached, and what failed. */
    record Reach(List<JsonNode> nodes, List<Location> locations, Segment failedSegment) {

        /** Leaf paths under the reached nodes, up to {@code limit}. */
        List<String> available(int limit) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < nodes.size() && paths.size() < limit; i++) {
                leafPaths(nodes.get(i), locations.get(i), limit, paths);
            }
            return paths;
        }

        /**
         * Why nothing matched, as a clause: {@code nothing in $.usage matches .input_tokens, which contains ...},
         * {@code $.text is a string ("hi"), so nothing in it matches .value}.
         */
        String explain(String listedAvailable) {
            Location first = locations.getFirst();
            String where = (first == Location.ROOT ? "the response" : first.shorthand())
                    + (nodes.size() > 1 ? " (and " + (nodes.size() - 1) + " more)" : "");
            JsonNode node = nodes.getFirst();
            if (!node.isContainer()) {
                return where + " is " + describe(node) + ", so nothing in it matches " + failedSegment.source();
            }
            return "nothing in " + where + " matches " + failedSegment.source()
                    + (nodes.size() == 1 && node.isEmpty() ? ", which is empty" : ", which contains " + listedAvailable);
        }
    }

    /**
     * How far {@code path} (which selects nothing in the evaluation's document) gets: the longest prefix that selects
     * some node. The prefixes' walks spend the evaluation's budget.
     */
    static Reach reach(JsonPath path, Evaluation evaluation) {
        Query query = path.query();
        for (int prefix = query.segmentCount() - 1; prefix >= 0; prefix--) {
            Walk walk = query.walk(evaluation, prefix, true);
            if (!walk.values().isEmpty()) {
                return new Reach(walk.values(), walk.locations(), query.segment(prefix));
            }
        }
        throw new IllegalStateException("the root always matches the empty prefix of " + path);
    }

    /** The shorthand paths of what {@code path} selects in the evaluation's document, up to {@code limit}. */
    static List<String> selectedPaths(JsonPath path, Evaluation evaluation, int limit) {
        List<Location> locations = path.query().walk(evaluation, path.query().segmentCount(), true).locations();
        return locations.stream().limit(limit).map(Location::shorthand).toList();
    }

    /** The location of the {@code index}th node {@code path} selects in the evaluation's document. */
    static Location locationOf(JsonPath path, Evaluation evaluation, int index) {
        return path.query().walk(evaluation, path.query().segmentCount(), true).locations().get(index);
    }

    /** A short description of a value's kind and, for scalars, a snippet: {@code a string ("30")}. */
    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNull()) {
            return "null";
        }
        String kind;
        if (node.isString()) {
            kind = "a string";
        } else if (node.isBoolean()) {
            kind = "a boolean";
        } else if (node.isIntegralNumber()) {
            kind = !node.canConvertToLong() ? "an integer beyond the 64-bit range" : node.longValue() < 0 ? "a negative integer" : "an integer";
        } else if (node.isNumber()) {
            kind = "a number with a fraction or exponent";
        } else {
            kind = "a " + node.getNodeType().name().toLowerCase();
        }
        return kind + " (" + shorten(node.toString()) + ")";
    }

    /** {@code text}, cut to a short snippet ending in … when longer. */
    static String shorten(String json) {
        if (json.length() <= SNIPPET_LENGTH) {
            return json;
        }
        int cut = SNIPPET_LENGTH - 1;
        if (Character.isHighSurrogate(json.charAt(cut - 1))) {
            cut--;
        }
        return json.substring(0, cut) + "…";
    }
}
