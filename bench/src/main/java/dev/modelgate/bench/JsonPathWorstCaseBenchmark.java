package dev.modelgate.bench;

import dev.modelgate.mapping.EvaluationBudget;
import dev.modelgate.mapping.JsonPath;
import dev.modelgate.mapping.JsonPathTooCostlyException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The worst JSONPath inputs found, each run until its evaluation budget runs out: what one field of an output mapping
 * can cost at most, whatever the answer. Each {@link Case} exhausts a different budget ({@link EvaluationBudget});
 * {@code @Setup} fails the run unless the evaluation does stop with that budget, so the figure is the bounded cost of
 * one evaluation and not of something cheaper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JsonPathWorstCaseBenchmark {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A worst input: the expression, the document and the budget it exhausts. */
    public enum Case {
        /** The deepest search nesting allowed, on 100 objects: the filter evaluations run out. */
        NESTED_SEARCHES("$..[?$..[?$..[?@.a]]]", objects(100), EvaluationBudget.Kind.FILTERS),
        /** A search of the whole document in a filter, on 2,000 objects: the nodes run out. */
        SEARCH_IN_FILTER("$..[?count($..*) > 0]", objects(2_000), EvaluationBudget.Kind.NODES),
        /** Catastrophic backtracking on a 100,000-character reply: the regex steps run out. */
        BACKTRACKING_REGEX("$[?search(@, '(a+)+c')]", strings("a", 100_000, 1), EvaluationBudget.Kind.REGEX_STEPS),
        /** A plain search through 30 strings of 40,000 characters: the regex steps run out, spread over calls. */
        LONG_SEARCHES("$[?search(@, 'a')]", strings("b", 40_000, 30), EvaluationBudget.Kind.REGEX_STEPS),
        /** Equal strings of 100,000 characters compared with the first: the characters run out. */
        STRING_COMPARISONS("$[?@ == $[0]]", strings("x", 100_000, 200), EvaluationBudget.Kind.CHARACTERS);

        final String expression;
        final JsonNode document;
        final EvaluationBudget.Kind exhausts;

        Case(String expression, JsonNode document, EvaluationBudget.Kind exhausts) {
            this.expression = expression;
            this.document = document;
            this.exhausts = exhausts;
        }
    }

    @Param
    public Case input;

    private JsonPath path;

    @Setup
    public void compile() {
        path = JsonPath.compile(input.expression);
        Object outcome = evaluate();
        if (outcome != input.exhausts) {
            throw new IllegalStateException(input + " should exhaust " + input.exhausts + ", got " + outcome);
        }
    }

    /** Evaluates until the budget runs out: the kind that ran out (or the nodes selected, should none). */
    @Benchmark
    public Object evaluate() {
        try {
            return path.values(input.document);
        } catch (JsonPathTooCostlyException e) {
            return e.kind();
        }
    }

    private static ArrayNode objects(int count) {
        ArrayNode array = NODES.arrayNode(count);
        for (int i = 0; i < count; i++) {
            array.addObject().put("a", i);
        }
        return array;
    }

    /** {@code count} equal strings, each its own instance (as a parsed answer's are, so equality reads them). */
    private static ArrayNode strings(String character, int length, int count) {
        ArrayNode array = NODES.arrayNode(count);
        for (int i = 0; i < count; i++) {
            array.add(character.repeat(length));
        }
        return array;
    }
}
