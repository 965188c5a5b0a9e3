package dev.modelgate.mapping;

import static dev.modelgate.mapping.OutputMapping.DIAGNOSTIC_PATH_LIMIT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * How each kind of output mapping field turns the nodes its path selects into a value or a failure. A field's path,
 * the walks that explain a failure, and the output it builds (the text joined from several nodes, an extra's array of
 * several nodes) share one evaluation budget; a field whose evaluation runs out of it fails with
 * {@link MappingResult#TOO_COSTLY}.
 */
final class FieldExtraction {

    /** How many available paths a failure message lists (the result carries up to the diagnostic limit). */
    private static final int PATHS_IN_MESSAGE = 10;

    private FieldExtraction() {
    }

    /**
     * Text: at least one node; strings are concatenated in order, numbers and booleans contribute their JSON text,
     * nulls nothing; an object or an array is a failure.
     */
    static MappingResult<String> text(String field, JsonPath path, JsonNode response) {
        Evaluation evaluation = path.evaluation(response);
        try {
            return text(field, path, evaluation);
        } catch (JsonPathTooCostlyException e) {
            return tooCostly(field, path, e);
        }
    }

    /** {@link #text(String, JsonPath, JsonNode)} within {@code evaluation}, which it may exhaust. */
    static MappingResult<String> text(String field, JsonPath path, Evaluation evaluation) {
        List<JsonNode> nodes = path.values(evaluation);
        if (nodes.isEmpty()) {
            return noMatch(field, path, evaluation);
        }
        if (nodes.size() == 1 && nodes.getFirst().isString()) {
            return new MappingResult.Mapped<>(field, path.expression(), nodes.getFirst().stringValue());
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (node.isContainer()) {
                Location at = ResponseShape.locationOf(path, evaluation, i);
                List<String> inside = new ArrayList<>();
                ResponseShape.leafPaths(node, at, DIAGNOSTIC_PATH_LIMIT, inside);
                return new MappingResult.Failed<>(field, path.expression(), MappingResult.NOT_TEXT, field
                        + " must select strings, but " + path.expression() + " selected " + ResponseShape.describe(node)
                        + " at " + at.shorthand() + "; it contains " + listed(inside), inside);
            }
            String piece = node.isString() ? node.stringValue() : node.isNull() ? "" : node.toString();
            evaluation.characters(piece.length());
            text.append(piece);
        }
        return new MappingResult.Mapped<>(field, path.expression(), text.toString());
    }

    /** A token count: exactly one node, an integral JSON number from 0 to 2^63 - 1 ({@code 12.0} is not). */
    static MappingResult<Long> tokenCount(String field, JsonPath path, JsonNode response) {
        Evaluation evaluation = path.evaluation(response);
        try {
            return tokenCount(field, path, evaluation);
        } catch (JsonPathTooCostlyException e) {
            return tooCostly(field, path, e);
        }
    }

    private static MappingResult<Long> tokenCount(String field, JsonPath path, Evaluation evaluation) {
        List<JsonNode> nodes = path.values(evaluation);
        if (nodes.isEmpty()) {
            return noMatch(field, path, evaluation);
        }
        if (nodes.size() > 1) {
            List<String> selected = ResponseShape.selectedPaths(path, evaluation, DIAGNOSTIC_PATH_LIMIT);
            return new MappingResult.Failed<>(field, path.expression(), MappingResult.MULTIPLE_MATCHES, field
                    + " must select exactly one node, but " + path.expression() + " selected " + nodes.size() + ": "
                    + listed(selected), selected);
        }
        JsonNode count = nodes.getFirst();
        if (count.isIntegralNumber() && count.canConvertToLong() && count.longValue() >= 0) {
            return new MappingResult.Mapped<>(field, path.expression(), count.longValue());
        }
        return new MappingResult.Failed<>(field, path.expression(), MappingResult.NOT_A_NON_NEGATIVE_INTEGER, field
                + " must select a non-negative integer, but " + path.expression() + " selected "
                + ResponseShape.describe(count), List.of());
    }

    /**
     * An extra field: a singular path yields its node and must match; any other path yields an array of every node
     * selected (possibly empty), so that the value's shape does not depend on the response.
     */
    static MappingResult<JsonNode> extra(String field, JsonPath path, JsonNode response) {
        Evaluation evaluation = path.evaluation(response);
        try {
            return extra(field, path, evaluation);
        } catch (JsonPathTooCostlyException e) {
            return tooCostly(field, path, e);
        }
    }

    private static MappingResult<JsonNode> extra(String field, JsonPath path, Evaluation evaluation) {
        List<JsonNode> nodes = path.values(evaluation);
        if (path.singular()) {
            return nodes.isEmpty() ? noMatch(field, path, evaluation)
                    : new MappingResult.Mapped<>(field, path.expression(), nodes.getFirst());
        }
        if (nodes.size() > 1) {
            for (JsonNode node : nodes) {
                spendSize(node, evaluation);
            }
        }
        ArrayNode all = JsonNodeFactory.instance.arrayNode(nodes.size());
        all.addAll(nodes);
        return new MappingResult.Mapped<>(field, path.expression(), all);
    }

    /**
     * Charges a selected node's size (its nodes, the characters of its strings and member names) to the evaluation.
     * A path may select the same large node many times ({@code $..[0,0,0]}, overlapping {@code ..} segments), and
     * the answer carries every copy: charged, the output cannot outgrow the budget.
     */
    private static void spendSize(JsonNode node, Evaluation evaluation) {
        evaluation.node();
        if (node.isString()) {
            evaluation.characters(node.stringValue().length());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                spendSize(element, evaluation);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                evaluation.characters(member.getKey().length());
                spendSize(member.getValue(), evaluation);
            }
        }
    }

    private static <T> MappingResult<T> tooCostly(String field, JsonPath path, JsonPathTooCostlyException e) {
        return new MappingResult.Failed<>(field, path.expression(), MappingResult.TOO_COSTLY,
                field + ": " + e.getMessage(), List.of());
    }

    private static <T> MappingResult<T> noMatch(String field, JsonPath path, Evaluation evaluation) {
        ResponseShape.Reach reach = ResponseShape.reach(path, evaluation);
        List<String> available = reach.available(DIAGNOSTIC_PATH_LIMIT);
        return new MappingResult.Failed<>(field, path.expression(), MappingResult.NO_MATCH, field + ": "
                + path.expression() + " selected nothing; " + reach.explain(listed(available)), available);
    }

    private static String listed(List<String> paths) {
        if (paths.size() <= PATHS_IN_MESSAGE) {
            return String.join(", ", paths);
        }
        return String.join(", ", paths.subList(0, PATHS_IN_MESSAGE)) + ", …";
    }
}
