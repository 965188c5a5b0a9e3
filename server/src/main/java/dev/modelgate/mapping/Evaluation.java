package dev.modelgate.mapping;

import tools.jackson.databind.JsonNode;

/**
 * One evaluation of one expression on one document: the document's root (what {@code $} selects inside filters)
 * and what the evaluation has spent of its {@link EvaluationBudget}, checked at every unit. Not thread-safe: an
 * evaluation runs on one thread.
 */
final class Evaluation {

    private final String expression;
    private final JsonNode root;
    private long nodes;
    private long filters;
    private long regexSteps;
    private long characters;

    Evaluation(String expression, JsonNode root) {
        this.expression = expression;
        this.root = root;
    }

    JsonNode root() {
        return root;
    }

    void node() {
        if (++nodes > EvaluationBudget.MAX_NODES) {
            throw exhausted(EvaluationBudget.Kind.NODES);
        }
    }

    void filter() {
        if (++filters > EvaluationBudget.MAX_FILTERS) {
            throw exhausted(EvaluationBudget.Kind.FILTERS);
        }
    }

    void regexStep() {
        if (++regexSteps > EvaluationBudget.MAX_REGEX_STEPS) {
            throw exhausted(EvaluationBudget.Kind.REGEX_STEPS);
        }
    }

    /** Charges {@code count} characters before the work that reads them, so that one huge string cannot overshoot. */
    void characters(long count) {
        characters += count;
        if (characters > EvaluationBudget.MAX_CHARACTERS) {
            throw exhausted(EvaluationBudget.Kind.CHARACTERS);
        }
    }

    long nodes() {
        return nodes;
    }

    long filters() {
        return filters;
    }

    long regexSteps() {
        return regexSteps;
    }

    long characters() {
        return characters;
    }

    private JsonPathTooCostlyException exhausted(EvaluationBudget.Kind kind) {
        return new JsonPathTooCostlyException(expression, kind);
    }
}
