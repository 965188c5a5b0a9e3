package dev.modelgate.bench;

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
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cost of rendering one InvokeModel request body from a compiled request template: what Modelgate pays on every
 * invocation before it signs and sends the request.
 *
 * <p>The templates are the built-in Claude (Messages API) and Nova presets, compiled once in {@code @Setup} as a saved
 * model's are. The values are what an agent's invocation carries, already parsed to JSON nodes: a system prompt
 * (122 characters), {@code max_tokens} and the user's prompt; {@code temperature} is left to its default. The
 * prompt's {@link Size} is the parameter that matters: a one-line instruction, or a pasted support thread of 4 KiB or
 * 64 KiB of UTF-8 with quotes, backslashes, newlines, tabs and non-ASCII text to escape and encode.
 *
 * <ul>
 *   <li>{@link #render}: {@link RequestTemplate#render}, the whole body as one exactly sized {@code byte[]} (what a
 *       request with a known content length and payload hash needs);</li>
 *   <li>{@link #renderTo}: {@link RequestTemplate#renderTo}, the body streamed through the template's 8 KiB buffer
 *       into an {@link OutputStream} that hands every chunk to the {@link Blackhole}.</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per render ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TemplateRenderBenchmark {

    /** The user's prompt. */
    public enum Size {
        /** {@link Prompts#SHORT}: 39 ASCII characters. */
        SHORT(-1),
        /** 4 KiB of UTF-8, {@link Prompts#ofUtf8Bytes}. */
        KIB_4(4 * 1024),
        /** 64 KiB of UTF-8, {@link Prompts#ofUtf8Bytes}. */
        KIB_64(64 * 1024);

        private final int bytes;

        Size(int bytes) {
            this.bytes = bytes;
        }

        String prompt() {
            return bytes < 0 ? Prompts.SHORT : Prompts.ofUtf8Bytes(bytes);
        }
    }

    static final String SYSTEM_PROMPT = "You are the support assistant of Acme Reports. Answer in the customer's "
            + "language, briefly, and never invent order numbers.";

    @Param({"CLAUDE", "NOVA"})
    public Family family;

    @Param({"SHORT", "KIB_4", "KIB_64"})
    public Size size;

    private RequestTemplate template;
    private Map<String, JsonNode> values;
    private ChunkSink sink;

    @Setup
    public void compile() throws IOException {
        template = family.template();
        String prompt = size.prompt();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        values = new LinkedHashMap<>();
        values.put("system.prompt", nodes.stringNode(SYSTEM_PROMPT));
        values.put("prompt", nodes.stringNode(prompt));
        values.put("max_tokens", nodes.numberNode(1024));
        sink = new ChunkSink();
        check(prompt);
    }

    /**
     * Fails the run unless the body is JSON that holds both prompts, char for char, where the preset puts them, and
     * {@code renderTo} streams the same bytes.
     */
    private void check(String prompt) throws IOException {
        byte[] rendered = render();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        if (template.renderTo(values, streamed) != rendered.length || !Arrays.equals(rendered, streamed.toByteArray())) {
            throw new IllegalStateException(family + " template streamed another body than it rendered");
        }
        JsonNode body = JsonMapper.builder().build().readTree(rendered);
        String system = switch (family) {
            case CLAUDE -> body.path("system").asString();
            case NOVA -> body.path("system").path(0).path("text").asString();
        };
        String user = body.path("messages").path(0).path("content").path(0).path("text").asString();
        if (!SYSTEM_PROMPT.equals(system) || !prompt.equals(user)) {
            throw new IllegalStateException(family + " template did not render the prompts: " + body);
        }
    }

    @Benchmark
    public byte[] render() {
        return template.render(values);
    }

    @Benchmark
    public long renderTo(Blackhole blackhole) throws IOException {
        sink.blackhole = blackhole;
        return template.renderTo(values, sink);
    }

    /** An output stream that keeps nothing and hides nothing from the JIT: every chunk goes to the Blackhole. */
    static final class ChunkSink extends OutputStream {

        Blackhole blackhole;

        @Override
        public void write(int b) {
            blackhole.consume(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            blackhole.consume(b);
            blackhole.consume(off);
            blackhole.consume(len);
        }
    }
}
