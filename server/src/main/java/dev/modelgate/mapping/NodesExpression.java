package dev.modelgate.mapping;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** An expression of RFC 9535's NodesType: a nodelist. */
interface NodesExpression {

    List<JsonNode> nodes(JsonNode current, Evaluation evaluation);

    /** A filter query used as a function argument. */
    record QueryNodes(Query query) implements NodesExpression {
        @Override
        public List<JsonNode> nodes(JsonNode current, Evaluation evaluation) {
            return query.nodes(current, evaluation);
        }
    }
}
