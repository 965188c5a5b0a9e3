package dev.modelgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Modelgate adds to an InvokeModel call: the same request, against the same in-process emulator (signatures
 * verified, no injected latency), straight through the SDK and through Modelgate's invoke endpoint, at each
 * concurrency, reported as a Markdown table (latency p50/p90/p99/max, calls per second, the added latency at p50 and
 * p99, and the server's CPU time per call).
 *
 * <p>The server and its setup are {@link BenchGateway}'s: the real jar as a child process, a workspace whose
 * approved tenant role Modelgate assumes, a Claude 3 Haiku model with a short template Tested to READY, and the AGENT
 * key with which the measured calls invoke it, as agents do. The body sent directly is the model's preview, so that
 * both paths send Bedrock the same bytes.
 *
 * <pre>./modelgate bench gateway [--seconds 15] [--initial-warmup 60] [--warmup 10] [--concurrency 1,32] [--jfr server.jfr]</pre>
 *
 * Exits with status 1 when more than 0.1 % of the calls of any run failed.
 */
public final class GatewayOverhead {

    static final String MODEL_NAME = "bench-haiku";
    static final double MAX_ERROR_RATE = 0.001;

    private GatewayOverhead() {
    }

    /**
     * The two paths measured at one concurrency, and the CPU time used during their windows: by this JVM (the callers
     * and the emulator) in each, and by the server in the gateway's, of which by its JIT compilers.
     */
    record Level(LoadRun.Measurement direct, LoadRun.Measurement gateway, Duration directCpu, Duration gatewayCpu,
                 Duration serverCpu, Optional<Duration> serverJitCpu) {
    }

    public static void main(String[] args) throws Exception {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("modelgate-bench-");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Run run = new Run(options, work);
        List<Level> levels;
        try {
            levels = run.measure();
        } catch (Exception | Error e) {
            System.err.println("GatewayOverhead failed; the server's log and database stay in " + work);
            throw e;
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.print(GatewayReport.markdown(options, levels, loadBefore, loadAfter));
        deleteTree(work);
        List<String> failed = levels.stream().flatMap(l -> Stream.of(l.direct(), l.gateway()))
                .filter(m -> m.errorRate() > MAX_ERROR_RATE)
                .map(m -> String.format("%s at %d callers: %d errors (%.3f %%), first: %s", m.label(), m.callers(),
                        m.errors(), 100 * m.errorRate(), m.firstError()))
                .toList();
        if (!failed.isEmpty()) {
            System.err.println("more than " + 100 * MAX_ERROR_RATE + " % of calls failed:\n  " + String.join("\n  ", failed));
            System.exit(1);
        }
    }

    /** One benchmark run: the server and the emulator it talks to, set up, measured and stopped. */
    private static final class Run {
        private final GatewayOptions options;
        private final Path work;

        Run(GatewayOptions options, Path work) {
            this.options = options;
            this.work = work;
        }

        List<Level> measure() throws Exception {
            List<String> jvm = options.jfr().map(file -> List.of("-XX:StartFlightRecording=settings=profile,filename=" + file))
                    .orElse(List.of());
            try (BenchGateway bench = BenchGateway.start(options.serverJar(), work, jvm, List.of(),
                    GatewayOverhead::progress)) {
                ServerProcess server = bench.server();
                BenchGateway.Setup setup = bench.setUp(bench.draft(MODEL_NAME, Map.of()), GatewayOverhead::progress);
                ModelgateApi.Preview preview;
                try (ModelgateApi asAdmin = bench.signInAsAdmin()) {
                    // The body to send directly, from the model's preview: both paths send Bedrock the same bytes.
                    preview = asAdmin.preview(setup.modelId(), Map.of("prompt", Prompts.SHORT));
                }
                try (InvokePath direct = DirectPath.create(bench.emulator().endpoint(), bench.tenant(),
                        setup.externalId(), preview.modelId(), preview.bodyText());
                     InvokePath gateway = new GatewayPath(server.baseUri(), setup.agentKey(), MODEL_NAME,
                             Prompts.SHORT)) {
                    String directText = direct.call();
                    String gatewayText = gateway.call();
                    if (!directText.equals(gatewayText)) {
                        throw new IllegalStateException("the two paths got different answers: direct \"" + directText
                                + "\", Modelgate \"" + gatewayText + "\"");
                    }
                    int busiest = options.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
                    warm(direct, busiest, options.initialWarmup(), server);
                    warm(gateway, busiest, options.initialWarmup(), server);
                    List<Level> levels = new ArrayList<>();
                    for (int callers : options.concurrency()) {
                        levels.add(level(callers, direct, gateway, server));
                    }
                    return levels;
                }
            }
        }

        private Level level(int callers, InvokePath direct, InvokePath gateway, ServerProcess server) {
            warm(direct, callers, options.warmup(), server);
            warm(gateway, callers, options.warmup(), server);
            progress(String.format("measuring %s at %d callers (%d s)", direct.label(), callers,
                    options.window().toSeconds()));
            Duration ownBefore = ownCpuTime();
            LoadRun.Measurement directRun = LoadRun.run(direct, callers, options.window(), options.maxCalls());
            Duration directCpu = ownCpuTime().minus(ownBefore);
            progress(String.format("measuring %s at %d callers (%d s)", gateway.label(), callers,
                    options.window().toSeconds()));
            Duration serverBefore = server.cpuTime();
            Optional<Duration> jitBefore = server.jitCpuTime();
            ownBefore = ownCpuTime();
            LoadRun.Measurement gatewayRun = LoadRun.run(gateway, callers, options.window(), options.maxCalls());
            Duration gatewayCpu = ownCpuTime().minus(ownBefore);
            Duration serverCpu = server.cpuTime().minus(serverBefore);
            Optional<Duration> jitCpu = jitBefore.flatMap(before -> server.jitCpuTime().map(after -> after.minus(before)));
            return new Level(directRun, gatewayRun, directCpu, gatewayCpu, serverCpu, jitCpu);
        }

        private void warm(InvokePath path, int callers, Duration duration, ServerProcess server) {
            if (!duration.isZero()) {
                progress(String.format("warming up %s at %d callers (%d s)", path.label(), callers, duration.toSeconds()));
                Optional<Duration> jitBefore = server.jitCpuTime();
                LoadRun.run(path, callers, duration, options.maxCalls());
                jitBefore.flatMap(before -> server.jitCpuTime().map(after -> after.minus(before))).ifPresent(jit ->
                        progress(String.format("  Modelgate's JIT compilers used %.2f s of CPU meanwhile", jit.toMillis() / 1e3)));
            }
        }
    }

    private static Duration ownCpuTime() {
        return ProcessHandle.current().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report this process's CPU time"));
    }

    private static void progress(String line) {
        System.err.println("gateway: " + line);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
