package dev.modelgate.mapping;

import dev.modelgate.error.ErrorCode;
import java.util.Locale;

/**
 * An evaluation of a JSONPath on a document that ran out of one of its {@link EvaluationBudget budgets}: it stopped
 * there, and selected nothing. The budgets are fixed, whatever the document's size, so a query whose work grows
 * faster than the document (filters that search the whole document for each node) stops before it takes a thread.
 */
public final class JsonPathTooCostlyException extends RuntimeException {

    /** The stable code of this error ({@link ErrorCode#MAPPING_TOO_COSTLY}'s), also the rule of a field failing with it. */
    public static final String CODE = "mapping-too-costly";

    private final String expression;
    private final EvaluationBudget.Kind kind;

    JsonPathTooCostlyException(String expression, EvaluationBudget.Kind kind) {
        super(expression + " is too costly to evaluate on this document: it needed more than "
                + String.format(Locale.ROOT, "%,d", kind.limit()) + " " + kind.describe()
                + ", the fixed budget of one evaluation; " + ADVICE, null, false, false);
        this.expression = expression;
        this.kind = kind;
    }

    private static final String ADVICE = "select with child segments and filters on the current node (@.type == 'text')"
            + " rather than searching the whole document ($ or ..) inside filters";

    /** The expression whose evaluation stopped. */
    public String expression() {
        return expression;
    }

    /** Which budget ran out. */
    public EvaluationBudget.Kind kind() {
        return kind;
    }
}
