package dev.modelgate.bench;

import dev.modelgate.emulator.bedrock.Tokens;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.Latency;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What Modelgate adds to a streamed answer: the same InvokeModelWithResponseStream, against the same in-process
 * emulator (signatures verified, the stream paced by the emulator's latency control: {@code firstChunkMs},
 * {@code chunkGapMs}), straight through the SDK's async client and through Modelgate's streaming invoke endpoint
 * ({@code "stream": true}, Server-Sent Events), at each concurrency: the added time to first token and the added
 * total time (p50, p99), the server's CPU and young-generation allocation per stream; then the server's heap, read
 * after a full collection, with streams held open mid-answer, per open stream.
 *
 * <p>The server and its setup are {@link BenchGateway}'s (as for {@link GatewayOverhead}), with a Claude 3 Haiku
 * model whose template allows the answer's tokens and whose output mapping has a stream part. The prompt is chosen so
 * that the emulator's answer has exactly {@code --tokens} tokens; every answer of every path is checked (same text,
 * same number of text chunks, the tokens reported), and one that differs counts as an error.
 *
 * <pre>./modelgate bench stream [--seconds 20] [--concurrency 1,8,64] [--tokens 500] [--first-chunk-ms 50] [--chunk-gap-ms 2]</pre>
 *
 * Exits with status 1 when more than 0.1 % of the streams of any run failed.
 */
public final class StreamOverhead {

    static final String MODEL_NAME = "bench-haiku-stream";
    static final double MAX_ERROR_RATE = 0.001;
    /** Tokens of the emulator's reply prefix, "Modelgate emulator reply to: ", which comes before the prompt. */
    static final int REPLY_PREFIX_TOKENS = 5;
    static final String REPLY_PREFIX = "Modelgate emulator reply to: ";
    /** Tokens per text chunk of the emulator's streams. */
    static final int TOKENS_PER_CHUNK = 3;
    /** The gap between chunks while streams are held open for the heap reading: long enough to outlast it. */
    static final Duration HELD_CHUNK_GAP = Duration.ofMillis(250);

    private StreamOverhead() {
    }

    /**
     * Both paths at one concurrency: the CPU time of this JVM (callers and emulator) in each window, the server's in
     * Modelgate's, of each the JIT compilers' share, and the bytes the server allocated in its young generation in
     * Modelgate's window.
     */
    record Level(StreamLoad.Measurement direct, Optional<StreamLoad.Measurement> gateway, Duration directCpu,
                 Optional<Duration> directJitCpu, Duration gatewayCpu, Optional<Duration> gatewayJitCpu,
                 Duration serverCpu, Optional<Duration> serverJitCpu, Optional<Long> serverAllocated) {
    }

    /**
     * The server with {@code streams} streams held open mid-answer against without: heap after a full collection,
     * live platform threads, resident memory, the classes whose live bytes grew most, and Modelgate's own
     * {@code modelgate.stream.*} meters during the hold.
     */
    record Held(int streams, int stillOpen, JvmReading before, JvmReading during, long rssBefore, long rssDuring,
                Map<String, String> streamMeters) {
    }

    /** What the run checked every answer against. */
    record Expected(String text, int tokens, int textChunks, int directEvents, int gatewayEvents) {
    }

    public static void main(String[] args) throws Exception {
        StreamOptions options;
        try {
            options = StreamOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("modelgate-bench-stream-");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Run run = new Run(options, work);
        try {
            run.measure();
        } catch (Exception | Error e) {
            System.err.println("StreamOverhead failed; the server's log and database stay in " + work);
            throw e;
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.print(StreamReport.markdown(options, run.expected, run.levels, run.held, loadBefore, loadAfter));
        GatewayOverhead.deleteTree(work);
        List<String> failed = run.levels.stream()
                .flatMap(l -> Stream.concat(Stream.of(l.direct()), l.gateway().stream()))
                .filter(m -> m.errorRate() > MAX_ERROR_RATE)
                .map(m -> String.format("%s at %d callers: %d errors (%.3f %%), first: %s", m.label(), m.callers(),
                        m.errors(), 100 * m.errorRate(), m.firstError()))
                .toList();
        if (!failed.isEmpty()) {
            System.err.println("more than " + 100 * MAX_ERROR_RATE + " % of streams failed:\n  " + String.join("\n  ", failed));
            System.exit(1);
        }
    }

    /**
     * A prompt whose emulated answer ("Modelgate emulator reply to: " and the prompt) has exactly {@code tokens}
     * tokens: the start of the support thread of {@link Prompts} (quotes, backslashes, tabs, non-ASCII text), cut.
     */
    static String promptFor(int tokens) {
        int wanted = tokens - REPLY_PREFIX_TOKENS;
        String prompt = Tokens.truncate(Prompts.ofUtf8Bytes(tokens * 32), wanted);
        if (Tokens.count(prompt) != wanted || Tokens.count(REPLY_PREFIX + prompt) != tokens) {
            throw new IllegalStateException("could not cut a prompt of " + wanted + " tokens");
        }
        return prompt;
    }

    /** One benchmark run: the server and the emulator it talks to, set up, measured and stopped. */
    private static final class Run {
        private final StreamOptions options;
        private final Path work;
        private final List<Level> levels = new ArrayList<>();
        private Expected expected;
        private Optional<Held> held = Optional.empty();

        Run(StreamOptions options, Path work) {
            this.options = options;
            this.work = work;
        }

        void measure() throws Exception {
            List<String> jvm = options.jfr().map(file -> List.of("-XX:StartFlightRecording=settings=profile,filename=" + file))
                    .orElse(List.of());
            try (BenchGateway bench = BenchGateway.start(options.serverJar(), work, jvm, List.of(),
                    StreamOverhead::progress)) {
                ServerProcess server = bench.server();
                BenchGateway.Setup setup = bench.setUp(draft(bench), StreamOverhead::progress);
                String prompt = promptFor(options.tokens());
                ModelgateApi.Preview preview;
                try (ModelgateApi asAdmin = bench.signInAsAdmin()) {
                    preview = asAdmin.preview(setup.modelId(), Map.of("prompt", prompt));
                }
                bench.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0,
                        options.firstChunk().toMillis(), options.chunkGap().toMillis()));
                try (ModelgateApi asOperator = bench.signInAsOperator();
                     StreamPath direct = DirectStreamPath.create(bench.emulator().endpoint(), bench.tenant(),
                             setup.externalId(), preview.modelId(), preview.bodyText());
                     GatewayStreamPath gateway = new GatewayStreamPath(server.baseUri(), setup.agentKey(), MODEL_NAME,
                             prompt)) {
                    expected = expect(prompt, direct.call(), options.throughModelgate() ? gateway.call() : null);
                    progress(String.format("each answer: %d tokens in %d chunks with text (%d chunks from Bedrock, "
                                    + "%s events from Modelgate)", expected.tokens(), expected.textChunks(),
                            expected.directEvents(), options.throughModelgate() ? expected.gatewayEvents() : "no"));
                    int busiest = options.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
                    warm(direct, busiest, options.initialWarmup(), server);
                    if (options.throughModelgate()) {
                        warm(gateway, busiest, options.initialWarmup(), server);
                    }
                    for (int callers : options.concurrency()) {
                        levels.add(level(callers, direct, gateway, server, asOperator));
                    }
                    if (options.throughModelgate() && options.heldStreams() > 0) {
                        bench.emulator().faults().setLatency(FaultInjector.ANY_MODEL, Latency.ofMillis(0, 0,
                                options.firstChunk().toMillis(), HELD_CHUNK_GAP.toMillis()));
                        held = Optional.of(hold(gateway, server, asOperator));
                    }
                } finally {
                    bench.emulator().faults().clearLatency();
                }
            }
        }

        /**
         * The Claude 3 Haiku model of {@link BenchGateway#draft}, its template allowing twice the answer's tokens,
         * and its mapping with a stream part (the text of each {@code content_block_delta}, the input tokens of
         * {@code message_start}, the output tokens of {@code message_delta}) when Modelgate's path is measured.
         */
        private Map<String, Object> draft(BenchGateway bench) {
            Map<String, Object> draft = bench.draft(MODEL_NAME, Map.of());
            draft.put("requestTemplate", BenchGateway.TEMPLATE.replace("\"max_tokens\": 64",
                    "\"max_tokens\": " + 2 * options.tokens()));
            if (options.throughModelgate()) {
                Map<String, Object> mapping = new LinkedHashMap<>(Map.of("text", "$.content[0].text",
                        "inputTokens", "$.usage.input_tokens", "outputTokens", "$.usage.output_tokens"));
                mapping.put("stream", Map.of("text", "$.delta.text", "inputTokens", "$.message.usage.input_tokens",
                        "outputTokens", "$.usage.output_tokens"));
                draft.put("outputMapping", mapping);
            }
            return draft;
        }

        /** The first answers of both paths, checked against the emulator's rule and each other. */
        private Expected expect(String prompt, StreamAnswer direct, StreamAnswer gateway) {
            int tokens = options.tokens();
            String text = REPLY_PREFIX + prompt;
            int textChunks = (tokens + TOKENS_PER_CHUNK - 1) / TOKENS_PER_CHUNK;
            check("the direct stream", direct, text, tokens, textChunks);
            if (gateway != null) {
                check("Modelgate's stream", gateway, text, tokens, textChunks);
            }
            return new Expected(text, tokens, textChunks, direct.events(), gateway == null ? 0 : gateway.events());
        }

        private static void check(String what, StreamAnswer answer, String text, int tokens, int textChunks) {
            if (!answer.text().equals(text)) {
                throw new IllegalStateException(what + " carried other text than the emulator's answer: \""
                        + answer.text() + "\"");
            }
            if (answer.textChunks() != textChunks || answer.outputTokens() != tokens) {
                throw new IllegalStateException(what + " carried " + answer.textChunks() + " chunks with text and "
                        + answer.outputTokens() + " output tokens, not " + textChunks + " and " + tokens);
            }
        }

        private void checkEach(StreamAnswer answer, int events) {
            if (!answer.text().equals(expected.text()) || answer.textChunks() != expected.textChunks()
                    || answer.outputTokens() != expected.tokens() || answer.events() != events) {
                throw new IllegalStateException("an answer of " + answer.textChunks() + " text chunks, "
                        + answer.events() + " events, " + answer.outputTokens() + " tokens"
                        + (answer.text().equals(expected.text()) ? "" : ", other text"));
            }
        }

        private Level level(int callers, StreamPath direct, StreamPath gateway, ServerProcess server,
                            ModelgateApi asOperator) throws IOException, InterruptedException {
            warm(direct, callers, options.warmup(), server);
            progress(String.format("measuring %s at %d callers (%d s)", direct.label(), callers,
                    options.window().toSeconds()));
            Duration ownBefore = ownCpuTime();
            Optional<Duration> ownJitBefore = ownJitCpuTime();
            StreamLoad.Measurement directRun = StreamLoad.run(direct, callers, options.window(), options.maxStreams(),
                    a -> checkEach(a, expected.directEvents()));
            Duration directCpu = ownCpuTime().minus(ownBefore);
            Optional<Duration> directJit = since(ownJitBefore, ownJitCpuTime());
            if (!options.throughModelgate()) {
                return new Level(directRun, Optional.empty(), directCpu, directJit, Duration.ZERO, Optional.empty(),
                        Duration.ZERO, Optional.empty(), Optional.empty());
            }
            warm(gateway, callers, options.warmup(), server);
            Optional<Long> allocatedBefore = allocatedAfterFullGc(server, asOperator);
            progress(String.format("measuring %s at %d callers (%d s)", gateway.label(), callers,
                    options.window().toSeconds()));
            Duration serverBefore = server.cpuTime();
            Optional<Duration> jitBefore = server.jitCpuTime();
            ownBefore = ownCpuTime();
            ownJitBefore = ownJitCpuTime();
            StreamLoad.Measurement gatewayRun = StreamLoad.run(gateway, callers, options.window(),
                    options.maxStreams(), a -> checkEach(a, expected.gatewayEvents()));
            Duration gatewayCpu = ownCpuTime().minus(ownBefore);
            Optional<Duration> gatewayJit = since(ownJitBefore, ownJitCpuTime());
            Duration serverCpu = server.cpuTime().minus(serverBefore);
            Optional<Duration> jitCpu = since(jitBefore, server.jitCpuTime());
            Optional<Long> allocatedAfter = allocatedAfterFullGc(server, asOperator);
            Optional<Long> allocated = allocatedBefore.flatMap(before -> allocatedAfter.map(after -> after - before));
            return new Level(directRun, Optional.of(gatewayRun), directCpu, directJit, gatewayCpu, gatewayJit,
                    serverCpu, jitCpu, allocated);
        }

        private void warm(StreamPath path, int callers, Duration duration, ServerProcess server) {
            if (!duration.isZero()) {
                progress(String.format("warming up %s at %d callers (%d s)", path.label(), callers, duration.toSeconds()));
                Optional<Duration> jitBefore = server.jitCpuTime();
                StreamLoad.Measurement run = StreamLoad.run(path, callers, duration, options.maxStreams(), a -> {
                });
                if (run.errors() > 0) {
                    progress(String.format("  %d of %d streams failed while warming up, first: %s", run.errors(),
                            run.errors() + run.streams(), run.firstError()));
                }
                jitBefore.flatMap(before -> server.jitCpuTime().map(after -> after.minus(before))).ifPresent(jit ->
                        progress(String.format("  Modelgate's JIT compilers used %.2f s of CPU meanwhile", jit.toMillis() / 1e3)));
            }
        }

        /**
         * Holds {@code --held-streams} streams open through Modelgate, each past its first delta and far from its
         * end (the emulator sends a chunk every {@link #HELD_CHUNK_GAP}), and reads the server between a reading
         * without them and one with them; the callers read each event as it comes, so Modelgate is never held up by
         * them.
         */
        private Held hold(GatewayStreamPath gateway, ServerProcess server, ModelgateApi asOperator) throws Exception {
            int streams = options.heldStreams();
            progress("reading Modelgate's heap without streams, then with " + streams + " held open");
            JvmReading before = JvmReading.take(server, asOperator);
            long rssBefore = rss(server);
            List<GatewayStreamPath.Held> open = new ArrayList<>(streams);
            try {
                try (ExecutorService openers = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<GatewayStreamPath.Held>> opening = new ArrayList<>(streams);
                    for (int i = 0; i < streams; i++) {
                        opening.add(openers.submit(gateway::hold));
                    }
                    for (Future<GatewayStreamPath.Held> stream : opening) {
                        open.add(stream.get(60, TimeUnit.SECONDS));
                    }
                }
                for (GatewayStreamPath.Held stream : open) {
                    if (!stream.firstDelta().await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("a held stream got no delta within 60 s");
                    }
                }
                Map<String, String> meters = streamMeters(asOperator);
                JvmReading during = JvmReading.take(server, asOperator);
                long rssDuring = rss(server);
                int stillOpen = (int) open.stream().filter(s -> s.reader().isAlive()).count();
                return new Held(streams, stillOpen, before, during, rssBefore, rssDuring, meters);
            } finally {
                for (GatewayStreamPath.Held stream : open) {
                    stream.close();
                }
            }
        }
    }

    /** Every {@code modelgate.stream.*} meter the server has, with its measurements, as text. */
    private static Map<String, String> streamMeters(ModelgateApi asOperator) throws IOException, InterruptedException {
        Map<String, String> meters = new LinkedHashMap<>();
        for (String name : asOperator.metricNames()) {
            if (name.startsWith("modelgate.stream")) {
                Optional<JsonNode> meter = asOperator.metric(name);
                meters.put(name, meter.map(m -> m.path("measurements").toString()).orElse("(gone)"));
            }
        }
        return meters;
    }

    /**
     * The bytes the server has allocated in its young generation so far, as Micrometer's
     * {@code jvm.gc.memory.allocated} counts them (at each collection, the young generation's growth since the last),
     * right after a full collection so that the count is up to date. Empty when the server has no such meter.
     */
    private static Optional<Long> allocatedAfterFullGc(ServerProcess server, ModelgateApi asOperator)
            throws IOException, InterruptedException {
        JvmReading.jcmd(server.pid(), "GC.run");
        Thread.sleep(300); // the counter is updated by a GC notification, delivered on its own thread
        Optional<JsonNode> meter = asOperator.metric("jvm.gc.memory.allocated");
        if (meter.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode measurement : meter.get().path("measurements")) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                return Optional.of(Math.round(measurement.path("value").asDouble()));
            }
        }
        return Optional.empty();
    }

    /** The server's resident set size ({@code VmRSS} of {@code /proc/<pid>/status}) in bytes; -1 where unreadable. */
    private static long rss(ServerProcess server) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static Optional<Duration> ownJitCpuTime() {
        return ServerProcess.jitCpuTime(ProcessHandle.current().pid());
    }

    private static Optional<Duration> since(Optional<Duration> before, Optional<Duration> after) {
        return before.flatMap(b -> after.map(a -> a.minus(b)));
    }

    private static Duration ownCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report this process's CPU time"));
    }

    private static void progress(String line) {
        System.err.println("stream: " + line);
    }
}
