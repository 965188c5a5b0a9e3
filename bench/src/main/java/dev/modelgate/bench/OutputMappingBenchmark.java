package dev.modelgate.bench;

import dev.modelgate.mapping.MappedOutput;
import dev.modelgate.mapping.OutputMapping;
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
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.TimeUnit;

/**
 * Cost of mapping one model response to output text, token counts and extras: what Modelgate pays on every
 * invocation after Bedrock answers.
 *
 * <p>The mappings are the built-in Claude and Nova presets' (text, input and output token paths, and the
 * {@code stopReason} extra), compiled once in {@code @Setup}; the responses are realistic InvokeModel bodies of each
 * family ({@link Family#response()}, about 1.2 KB with a 0.9 KB Markdown answer).
 *
 * <ul>
 *   <li>{@link #apply}: {@link OutputMapping#apply} on the response already parsed to a {@link JsonNode}: the JSONPath
 *       evaluation and the checks alone;</li>
 *   <li>{@link #parse}: Jackson's {@code readTree} of the response bytes alone, for comparison;</li>
 *   <li>{@link #parseAndApply}: both, from the bytes as they come off the wire: what the invoke path pays.</li>
 * </ul>
 * The {@link JsonMapper} is built once and shared, as the server's is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class OutputMappingBenchmark {

    @Param({"CLAUDE", "NOVA"})
    public Family family;

    private JsonMapper json;
    private OutputMapping mapping;
    private byte[] responseBytes;
    private JsonNode response;

    @Setup
    public void compile() {
        json = JsonMapper.builder().build();
        mapping = family.mapping();
        responseBytes = family.responseBytes();
        response = json.readTree(responseBytes);
        check(apply());
        check(parseAndApply());
    }

    /** Fails the run unless the mapping extracts what the response holds. */
    private static void check(MappedOutput output) {
        JsonNode stopReason = output.extras().get("stopReason");
        if (!Family.ANSWER.equals(output.text()) || !Long.valueOf(Family.INPUT_TOKENS).equals(output.inputTokens())
                || !Long.valueOf(Family.OUTPUT_TOKENS).equals(output.outputTokens())
                || stopReason == null || !"end_turn".equals(stopReason.asString())) {
            throw new IllegalStateException("unexpected mapping result: " + output);
        }
    }

    @Benchmark
    public MappedOutput apply() {
        return mapping.apply(response);
    }

    @Benchmark
    public JsonNode parse() {
        return json.readTree(responseBytes);
    }

    @Benchmark
    public MappedOutput parseAndApply() {
        return mapping.apply(json.readTree(responseBytes));
    }
}
