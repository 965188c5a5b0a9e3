package dev.modelgate.mapping;

/**
 * The fixed budget of one evaluation of one JSONPath on one document. It does not grow with the document: it is
 * sized so that any realistic mapping of a model's answer (the presets' paths, filters over content blocks, a
 * {@code search} in the reply text, a {@code ..} search of an answer of some megabytes) stays far inside it, and so
 * that an evaluation that runs out has taken tens of milliseconds, not seconds. Each is counted as the evaluation
 * runs; the first to run out stops it with a {@link JsonPathTooCostlyException}.
 *
 * <ul>
 *   <li>{@link Kind#NODES}, {@value #MAX_NODES}: nodes visited: each node a segment hands on or a {@code ..} segment
 *       descends into, each step of a singular query ({@code @.a.b}), each array element and object member read by
 *       comparing arrays or objects, and each node of an output mapping extra that selects several nodes.</li>
 *   <li>{@link Kind#FILTERS}, {@value #MAX_FILTERS}: evaluations of a filter's logical expression (one per child
 *       tested).</li>
 *   <li>{@link Kind#REGEX_STEPS}, {@value #MAX_REGEX_STEPS}: characters that {@code match()} and {@code search()}
 *       read from their subjects, backtracking included, over all their calls: the budget is absolute, so
 *       {@code search(@.text, '(a+)+c')} stops at the same cost on any reply.</li>
 *   <li>{@link Kind#CHARACTERS}, {@value #MAX_CHARACTERS}: characters of strings compared ({@code ==}, {@code <},
 *       ...), measured by {@code length()}, and of regular expressions taken from the document and compiled; and,
 *       in an output mapping, of the strings joined into the text or held by an extra that selects several nodes (a
 *       path may select one large node many times, and the output would carry every copy).</li>
 * </ul>
 */
public final class EvaluationBudget {

    /** Nodes one evaluation may visit. */
    public static final long MAX_NODES = 1_000_000;
    /** Filter expression evaluations one evaluation may make. */
    public static final long MAX_FILTERS = 100_000;
    /** Characters {@code match()} and {@code search()} may read in one evaluation, all calls together. */
    public static final long MAX_REGEX_STEPS = 1_000_000;
    /** Characters of strings one evaluation may compare, measure or compile as patterns. */
    public static final long MAX_CHARACTERS = 10_000_000;

    /** The budgets an evaluation spends. */
    public enum Kind {
        NODES(MAX_NODES, "nodes visited"),
        FILTERS(MAX_FILTERS, "filter evaluations"),
        REGEX_STEPS(MAX_REGEX_STEPS, "regex steps (characters read by match() and search())"),
        CHARACTERS(MAX_CHARACTERS, "characters of strings compared, measured, compiled as patterns or output");

        private final long limit;
        private final String description;

        Kind(long limit, String description) {
            this.limit = limit;
            this.description = description;
        }

        /** How many units one evaluation may spend. */
        public long limit() {
            return limit;
        }

        /** What is counted: "nodes visited". */
        String describe() {
            return description;
        }
    }

    private EvaluationBudget() {
    }
}
