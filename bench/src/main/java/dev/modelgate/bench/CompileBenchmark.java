package dev.modelgate.bench;

import dev.modelgate.mapping.OutputMapping;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of compiling the built-in Claude and Nova presets' request template and output mapping: what saving a model
 * pays once, and what every invocation would pay if the compiled forms were not kept. Set beside
 * {@link TemplateRenderBenchmark} and {@link OutputMappingBenchmark}, it shows why they are compiled once.
 *
 * <ul>
 *   <li>{@link #compileTemplate}: {@link RequestTemplate#compile} of the preset's text with its four variables
 *       (scanning placeholders, checking positions, validating the body as JSON, splitting the literals);</li>
 *   <li>{@link #compileMapping}: {@link OutputMapping#compile} of the preset's text, token and extra paths.</li>
 * </ul>
 * The preset's text and variables are read once in {@code @Setup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CompileBenchmark {

    @Param({"CLAUDE", "NOVA"})
    public Family family;

    private String templateText;
    private List<PromptVariable> variables;
    private ModelDraft.Mapping mapping;
    private Map<String, String> extras;

    @Setup
    public void read() {
        templateText = family.preset().template();
        variables = family.variables();
        mapping = family.preset().outputMapping();
        extras = mapping.extras() == null ? Map.of() : mapping.extras();
    }

    @Benchmark
    public RequestTemplate compileTemplate() {
        return RequestTemplate.compile(templateText, variables);
    }

    @Benchmark
    public OutputMapping compileMapping() {
        return OutputMapping.compile(mapping.text(), mapping.inputTokens(), mapping.outputTokens(), extras);
    }
}
