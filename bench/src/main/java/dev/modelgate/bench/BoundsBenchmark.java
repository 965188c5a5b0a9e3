package dev.modelgate.bench;

import dev.modelgate.connection.Region;
import dev.modelgate.model.AuditDiffs;
import dev.modelgate.model.ModelReferenceParser;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * The worst input found for each place whose work grows with what a caller sends, and what it costs with the bounds
 * in place: compiling a request template, parsing a model reference, and the audit diff of a model update. Refusals
 * are measured too (the exception, its stack trace and its violations are what a refused caller costs).
 *
 * <p>Each {@link Input} is built once in {@code @Setup} and checked there (it compiles, or it is refused with the
 * expected rule), so the benchmark cannot silently measure something else.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class BoundsBenchmark {

    /** The worst inputs, each at the largest size the bounds let through (or just past them). */
    public enum Input {
        /** A 256 KiB template holding one string: the largest template, no placeholder. */
        TEMPLATE_LARGEST_STRING,
        /** The most placeholders (1,000), spread over the most variables (100), as array elements. */
        TEMPLATE_MOST_PLACEHOLDERS,
        /** 256 KiB of placeholders over 100 variables (26,215 of them): refused, too-many-placeholders. */
        TEMPLATE_PLACEHOLDERS_FILLING_THE_SIZE,
        /** 1,000 placeholders naming no declared variable: 100 violations reported, the rest counted. */
        TEMPLATE_MOST_UNDECLARED,
        /** 87,000 unpaired surrogates in one string: 100 violations reported, the rest counted. */
        TEMPLATE_LONE_SURROGATES,
        /** A 2,048-character custom-model ARN whose base model part is 1,900 letters (refused). */
        MODEL_REFERENCE_LONG_CUSTOM_ARN,
        /** A 2,048-character foundation-model ARN of "a-a-a-…", the Marketplace name pattern's longest try. */
        MODEL_REFERENCE_DASHED_ARN,
        /** The audit diff of an update of a model whose every field is at its stored maximum, all changed. */
        AUDIT_DIFF_LARGEST_MODELS
    }

    @Param
    public Input input;

    private Supplier<Object> work;

    @Setup
    public void build() {
        work = switch (input) {
            case TEMPLATE_LARGEST_STRING -> compile("\"" + "x".repeat(RequestTemplate.MAX_TEMPLATE_BYTES - 2) + "\"",
                    variables(1), null);
            case TEMPLATE_MOST_PLACEHOLDERS -> compile(placeholders(RequestTemplate.MAX_PLACEHOLDERS), variables(100),
                    null);
            case TEMPLATE_PLACEHOLDERS_FILLING_THE_SIZE -> compile(placeholders(26_215), variables(100),
                    "too-many-placeholders");
            case TEMPLATE_MOST_UNDECLARED -> compile("[" + String.join(",",
                    Collections.nCopies(RequestTemplate.MAX_PLACEHOLDERS, "{{other}}")) + "]", variables(1),
                    "too-many-problems");
            case TEMPLATE_LONE_SURROGATES -> compile("[\"" + "\uD800".repeat(87_000) + "\"]", variables(1),
                    "too-many-problems");
            case MODEL_REFERENCE_LONG_CUSTOM_ARN -> reference("arn:aws:bedrock:us-east-1:123456789012:custom-model/"
                    + "a".repeat(2048 - 66) + "/abcdefabcdef");
            case MODEL_REFERENCE_DASHED_ARN -> reference("arn:aws:bedrock:us-east-1::foundation-model/"
                    + "a-".repeat((2048 - 44) / 2));
            case AUDIT_DIFF_LARGEST_MODELS -> AuditDiffs.largestUpdate(
                    "\"" + "a".repeat(RequestTemplate.MAX_TEMPLATE_BYTES - 2) + "\"",
                    "[{\"name\":\"" + "a".repeat(199_980) + "\"}]", "{\"text\":\"$." + "a".repeat(19_980) + "\"}");
        };
        work.get();
    }

    @Benchmark
    public Object run() {
        return work.get();
    }

    private static List<PromptVariable> variables(int count) {
        List<PromptVariable> variables = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            variables.add(PromptVariable.required("v" + i, VariableType.STRING));
        }
        return variables;
    }

    /** {@code [{{v0}},{{v1}},…]}, cycling through 100 variables. */
    private static String placeholders(int count) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",").append("{{v").append(i % 100).append("}}");
        }
        return text.append("]").toString();
    }

    /** Compiles, checking once that the template compiles ({@code rule} null) or is refused naming {@code rule}. */
    private static Supplier<Object> compile(String text, List<PromptVariable> variables, String rule) {
        Supplier<Object> work = () -> {
            try {
                return RequestTemplate.compile(text, variables);
            } catch (InvalidInputException e) {
                return e;
            }
        };
        Object result = work.get();
        boolean expected = rule == null ? result instanceof RequestTemplate
                : result instanceof InvalidInputException e && e.violations().stream().anyMatch(v -> v.rule().equals(rule));
        if (!expected) {
            throw new IllegalStateException("expected " + (rule == null ? "a template" : rule) + ", got " + result);
        }
        return work;
    }

    private static Supplier<Object> reference(String text) {
        if (text.length() > ModelReferenceParser.MAX_LENGTH) {
            throw new IllegalStateException("the reference is longer than the parser reads: " + text.length());
        }
        Region region = Region.of("us-east-1");
        return () -> {
            try {
                return ModelReferenceParser.parse(text, region);
            } catch (InvalidInputException e) {
                return e;
            }
        };
    }
}
