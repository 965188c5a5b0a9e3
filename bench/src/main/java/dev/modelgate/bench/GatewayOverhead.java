package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
 * <p>The server is the real jar, a child process on this JDK with an H2 file database in a temporary directory, a
 * bootstrap platform operator with a random password, and rate limits far above what the benchmark sends. Signed in
 * as the operator, the benchmark creates its workspace with an admin (random password too); signed in as that admin,
 * it gives the emulator's tenant role the trust policy that {@code GET /api/v1/platform/identity} shows (Modelgate's
 * principal with this workspace's External ID), as a tenant pastes it, registers the role (which the operator
 * approves), creates a Claude 3 Haiku model with a short template, Tests it to READY, takes the body to send directly
 * from the model's preview, so that both paths send Bedrock the same bytes, and creates the AGENT key with which the
 * measured calls invoke the model, as agents do.
 *
 * <pre>./modelgate bench gateway [--seconds 15] [--initial-warmup 60] [--warmup 10] [--concurrency 1,32] [--jfr server.jfr]</pre>
 *
 * Exits with status 1 when more than 0.1 % of the calls of any run failed.
 */
public final class GatewayOverhead {

    static final String MODEL_NAME = "bench-haiku";
    static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String TEMPLATE = "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 64, "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}";
    static final double MAX_ERROR_RATE = 0.001;
    static final String WORKSPACE = "bench";
    /**
     * Requests per second, and burst, given to the server's per-caller and per-workspace rate limits: far above what
     * 2 cores can send, so that the benchmark measures Modelgate and not its limiter.
     */
    static final long RATE_LIMIT = 1_000_000;

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
        private final Tenant tenant = Tenant.ofDefaultWorld();
        private final ModelgateApi.Account operator = ModelgateApi.Account.withRandomPassword("bench-operator");

        Run(GatewayOptions options, Path work) {
            this.options = options;
            this.work = work;
        }

        List<Level> measure() throws Exception {
            try (Emulator emulator = Emulator.builder().verifySignatures(true).build();
                 ServerProcess server = startServer(emulator.endpoint())) {
                emulator.journal().setEnabled(false);
                progress("started Modelgate (pid " + server.pid() + ", log in " + work.resolve("server.log") + ")");
                server.awaitHealthy(Duration.ofSeconds(120));
                Setup setup = setUp(server.baseUri(), emulator);
                try (InvokePath direct = DirectPath.create(emulator.endpoint(), tenant, setup.externalId(),
                        setup.preview().modelId(), setup.preview().bodyText());
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

        /** What the measured paths need from the setup; the key never appears in {@link #toString()}. */
        private record Setup(String externalId, ModelgateApi.Preview preview, String agentKey) {
            @Override
            public String toString() {
                return "Setup[externalId=" + externalId + "]";
            }
        }

        /**
         * As the platform and the tenant do: the operator creates the benchmark's workspace and its admin; the admin
         * pastes the trust policy Modelgate shows for this workspace into the tenant role and registers the role,
         * which the operator approves; the admin creates the model, Tests it to READY, previews its body and
         * creates the AGENT key for the measured calls.
         */
        private Setup setUp(URI server, Emulator emulator) throws IOException, InterruptedException {
            ModelgateApi.Account admin = ModelgateApi.Account.withRandomPassword("bench-admin");
            try (ModelgateApi asOperator = ModelgateApi.signIn(server, operator)) {
                String externalId = asOperator.createWorkspace(WORKSPACE, admin).path("workspace").path("externalId")
                        .asString();
                try (ModelgateApi asAdmin = ModelgateApi.signIn(server, admin)) {
                    ModelgateApi.Identity identity = asAdmin.platformIdentity();
                    if (!identity.externalId().equals(externalId)) {
                        throw new IllegalStateException("the admin's identity shows the External ID "
                                + identity.externalId() + ", not that of the workspace just created, " + externalId);
                    }
                    emulator.updateAssumeRolePolicy(tenant.roleArn(), identity.trustPolicy());
                    asOperator.approveRegistration(asAdmin.registerRole(tenant.roleArn()));
                    String id = asAdmin.createModel(draft()).get("id").stringValue();
                    test(asAdmin, id);
                    ModelgateApi.Preview preview = asAdmin.preview(id, Map.of("prompt", Prompts.SHORT));
                    String agentKey = asAdmin.createKey("bench-agent", "AGENT");
                    progress("set up workspace \"" + WORKSPACE + "\" (External ID " + externalId
                            + "), its model " + MODEL_NAME + " (READY) and an AGENT key");
                    return new Setup(externalId, preview, agentKey);
                }
            }
        }

        private ServerProcess startServer(URI emulator) throws IOException {
            int port;
            try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            List<String> jvm = options.jfr().map(file -> List.of("-XX:StartFlightRecording=settings=profile,filename=" + file))
                    .orElse(List.of());
            // The operator's password goes in the environment, which only this user can read, not on the command
            // line, which every user of the machine can.
            return ServerProcess.start(options.serverJar(), port, jvm,
                    List.of("--spring.datasource.url=jdbc:h2:file:" + work.resolve("modelgate"),
                            "--modelgate.aws.endpoint-override=" + emulator,
                            "--modelgate.limits.per-caller.requests-per-second=" + RATE_LIMIT,
                            "--modelgate.limits.per-caller.burst=" + RATE_LIMIT,
                            "--modelgate.limits.per-workspace.requests-per-second=" + RATE_LIMIT,
                            "--modelgate.limits.per-workspace.burst=" + RATE_LIMIT),
                    Map.of("AWS_ACCESS_KEY_ID", tenant.platformAccessKey(),
                            "AWS_SECRET_ACCESS_KEY", tenant.platformSecretKey(),
                            "MODELGATE_BOOTSTRAP_OPERATOR_USERNAME", operator.username(),
                            "MODELGATE_BOOTSTRAP_OPERATOR_PASSWORD", operator.password()),
                    work.resolve("server.log"));
        }

        private Map<String, Object> draft() {
            return Map.of("name", MODEL_NAME, "roleArn", tenant.roleArn(), "region", "us-east-1",
                    "modelReference", MODEL_ID,
                    "variables", List.of(Map.of("name", "prompt", "type", "STRING", "required", true,
                            "testValue", "Say hello.")),
                    "requestTemplate", TEMPLATE,
                    "outputMapping", Map.of("text", "$.content[0].text", "inputTokens", "$.usage.input_tokens",
                            "outputTokens", "$.usage.output_tokens"));
        }

        /** Tests the model, which a pass marks READY: what makes a model invocable. */
        private void test(ModelgateApi api, String id) throws IOException, InterruptedException {
            JsonNode run = api.test(id);
            if (!run.path("outcome").asString().equals("PASSED")) {
                throw new IllegalStateException("the model's Test did not pass: " + run);
            }
            String status = api.model(id).path("status").asString();
            if (!status.equals("READY")) {
                throw new IllegalStateException("the model is " + status + ", not READY, after its Test passed: " + run);
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
