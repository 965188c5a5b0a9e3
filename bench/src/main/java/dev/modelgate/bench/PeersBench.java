package dev.modelgate.bench;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Modelgate beside its peers, in one run against one upstream: the emulator as a process of its own
 * ({@link PeersEmulator}, SigV4 signatures verified), and in front of it, for the same ~250-byte Claude Messages body,
 * <ol>
 *   <li>nothing: wrk replays a request signed once with a session of the tenant's role (the floor);</li>
 *   <li>nginx as a reverse proxy (keep-alive upstream pool), the same signed request;</li>
 *   <li>Portkey's open-source gateway, its Bedrock InvokeModel pass-through and its chat completions route (which
 *       calls Converse), signing with the same session, passed in its {@code x-portkey-aws-*} headers;</li>
 *   <li>Modelgate's invoke endpoint with an AGENT key, on H2 and on PostgreSQL, and its OpenAI-compatible
 *       {@code /v1/chat/completions} on a Converse model; and Modelgate's streamed invoke against a direct
 *       InvokeModelWithResponseStream (time to first token).</li>
 * </ol>
 * Each gateway runs pinned to core 1, wrk, the emulator and this process on core 0; everything binds 127.0.0.1. It
 * measures latency at concurrency 1 (every request's own time, not wrk's corrected percentiles), requests/s and the
 * gateway's CPU time per request at the higher concurrencies, and the memory each gateway holds per request in flight
 * against a slow upstream; writes a Markdown report and a chart to {@code --out} and prints where.
 *
 * <pre>./modelgate bench peers [--quick] [options: {@link PeersOptions#USAGE}]</pre>
 *
 * Exits with status 1 when any measured request failed or the run passed its time limit, 2 for a bad option.
 */
public final class PeersBench {

    static final String TEMPLATE_MODEL = "peers-haiku";
    static final String CONVERSE_MODEL = "peers-haiku-converse";
    static final String MODEL_ID = BenchGateway.MODEL_ID;
    static final String MODEL_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke";
    static final String TEMPLATE = "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 64, "
            + "\"system\": \"Answer in plain text, briefly.\", "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}";
    static final String PROMPT = "Summarize this ticket in two sentences: the CSV export button does nothing on "
            + "Safari 17 since Tuesday.";
    /**
     * The JVM options Modelgate runs with here: the ones the README recommends for production on one or two cores
     * (Modelgate is pinned to one here), "Running against real AWS", JVM flags.
     */
    static final List<String> MODELGATE_JVM = List.of("-XX:+UseSerialGC", "-Xms512m", "-Xmx1g",
            "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=128m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    static final String REPLY = "Modelgate emulator reply to";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PeersBench() {
    }

    /** One measured path: what wrk sends where, and the gateway process whose CPU and memory are read (0: none). */
    record Target(String label, String gateway, String url, Supplier<Map<String, String>> headers, String body,
                  long pid) {
    }

    /** A Modelgate server set up for the run. */
    record Modelgate(String name, ServerProcess server, String externalId, String agentKey, String templateModelId) {
    }

    public static void main(String[] args) throws Exception {
        // Direct and nginx requests carry the Host they were signed for; the JDK client sends it only when allowed.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        PeersOptions options;
        try {
            options = PeersOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Thread watchdog = Thread.ofPlatform().daemon().name("peers-time-limit").start(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(options.maxMinutes()));
                System.err.println("peers: the run passed its limit of " + options.maxMinutes()
                        + " minutes; stopping every child");
                System.exit(1); // the shutdown hooks stop the children
            } catch (InterruptedException done) {
                // the run ended in time
            }
        });
        Path work = Files.createTempDirectory("modelgate-peers-");
        int status;
        try (PeersProcesses processes = new PeersProcesses()) {
            status = new PeersBench.Run(options, work, processes).run();
        } catch (Exception | Error e) {
            System.err.println("peers: failed; logs stay in " + work);
            throw e;
        } finally {
            watchdog.interrupt();
        }
        System.exit(status);
    }

    static void progress(String line) {
        System.err.println("peers: " + line);
    }

    private static final class Run {
        private final PeersOptions options;
        private final Path work;
        private final PeersProcesses processes;
        private final PeersWrk wrk;
        private final ArrayNode trustStatements = JSON.createArrayNode();
        private final Instant started = Instant.now();
        private Process emulator;
        private BufferedReader emulatorOut;
        private Writer emulatorIn;
        private URI endpoint;

        Run(PeersOptions options, Path work, PeersProcesses processes) {
            this.options = options;
            this.work = work;
            this.processes = processes;
            this.wrk = new PeersWrk(options.wrk(), processes, work);
        }

        int run() throws Exception {
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            progress(String.format("about %d s of load in all (time limit %d min); work folder %s", estimateSeconds(),
                    options.maxMinutes(), work));
            startEmulator();
            String schema = "mg_peers_" + Long.toString(System.currentTimeMillis(), 36);
            ModelgateApi.Account operator = ModelgateApi.Account.withRandomPassword("peers-operator");
            ServerProcess h2 = startModelgate("h2", List.of("--spring.datasource.url=jdbc:h2:file:" + work.resolve("h2")),
                    operator);
            ServerProcess pg = null;
            if (options.postgres()) {
                psql("CREATE SCHEMA " + schema);
                String url = options.postgresUrl() + (options.postgresUrl().contains("?") ? "&" : "?")
                        + "currentSchema=" + schema;
                pg = startModelgate("pg", List.of("--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + options.postgresUser(), "--spring.datasource.password="),
                        operator);
            }
            try {
                return measure(h2, pg, operator, loadBefore);
            } finally {
                h2.close();
                if (pg != null) {
                    pg.close();
                    psql("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }

        private int measure(ServerProcess h2Server, ServerProcess pgServer, ModelgateApi.Account operator,
                            double loadBefore) throws Exception {
            h2Server.awaitHealthy(Duration.ofSeconds(180));
            Modelgate h2 = setUp("Modelgate H2", h2Server, operator, "peers-h2");
            Modelgate pg = null;
            if (pgServer != null) {
                pgServer.awaitHealthy(Duration.ofSeconds(180));
                pg = setUp("Modelgate PostgreSQL", pgServer, operator, "peers-pg");
            }
            String body;
            try (ModelgateApi asAdmin = ModelgateApi.signIn(h2Server.baseUri(), admin("peers-h2"))) {
                body = asAdmin.preview(h2.templateModelId(), Map.of("prompt", PROMPT)).bodyText();
            }
            progress("the InvokeModel body is " + body.getBytes(StandardCharsets.UTF_8).length + " bytes");
            AwsSessionCredentials session;
            try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
                session = DirectPath.tenantSession(endpoint, Tenant.ofDefaultWorld(), h2.externalId(), http);
            }
            String emulatorHost = endpoint.getHost() + ":" + endpoint.getPort();
            Supplier<Map<String, String>> signed = () -> sign(session, body);

            Process nginx = startNginx();
            Process portkey = startPortkey(emulatorHost);
            String portkeyListeners = awaitListening(portkeyPort, portkey.pid(), "Portkey");

            Map<String, String> portkeyHeaders = new LinkedHashMap<>();
            portkeyHeaders.put("Content-Type", "application/json");
            portkeyHeaders.put("x-portkey-provider", "bedrock");
            portkeyHeaders.put("x-portkey-custom-host", endpoint.toString());
            portkeyHeaders.put("x-portkey-aws-access-key-id", session.accessKeyId());
            portkeyHeaders.put("x-portkey-aws-secret-access-key", session.secretAccessKey());
            portkeyHeaders.put("x-portkey-aws-session-token", session.sessionToken());
            portkeyHeaders.put("x-portkey-aws-region", "us-east-1");
            String chatBody = JSON.writeValueAsString(Map.of("model", MODEL_ID, "max_tokens", 64,
                    "messages", List.of(Map.of("role", "user", "content", PROMPT))));
            String invokeBody = JSON.writeValueAsString(Map.of("variables", Map.of("prompt", PROMPT)));

            String portkeyUrl = "http://127.0.0.1:" + portkeyPort;
            List<Target> targets = new ArrayList<>();
            targets.add(new Target("direct (signed once, replayed)", "none", endpoint + MODEL_PATH, signed, body, 0));
            targets.add(new Target("nginx hop", "nginx", "http://127.0.0.1:" + nginxPort + MODEL_PATH, signed, body,
                    nginx.pid()));
            targets.add(new Target("Portkey InvokeModel pass-through", "Portkey",
                    portkeyUrl + "/v1/model/" + MODEL_ID + "/invoke", () -> portkeyHeaders, body, portkey.pid()));
            targets.add(new Target("Portkey chat completions → Converse", "Portkey", portkeyUrl + "/v1/chat/completions",
                    () -> portkeyHeaders, chatBody, portkey.pid()));
            for (Modelgate mg : pg == null ? List.of(h2) : List.of(h2, pg)) {
                Map<String, String> agent = Map.of("Content-Type", "application/json", "Accept", "application/json",
                        "Authorization", "Bearer " + mg.agentKey());
                String base = mg.server().baseUri().toString();
                targets.add(new Target(mg.name() + " invoke", mg.name(), base + "/api/v1/models/" + TEMPLATE_MODEL
                        + "/invoke", () -> agent, invokeBody, mg.server().pid()));
                if (mg == h2) {
                    targets.add(new Target(mg.name() + " /v1/chat/completions → Converse", mg.name(),
                            base + "/v1/chat/completions", () -> agent,
                            JSON.writeValueAsString(ChatCompletionsPath.body(CONVERSE_MODEL, PROMPT, false)),
                            mg.server().pid()));
                }
            }
            for (Target target : targets) {
                check(target);
            }
            progress("every path answered 200 with the emulator's reply");

            PeersReport report = new PeersReport(options, body.getBytes(StandardCharsets.UTF_8).length, targets,
                    versions(), portkeyListeners);
            warmUp(targets, h2, pg);
            try (StreamPath directStream = DirectStreamPath.create(endpoint, Tenant.ofDefaultWorld(), h2.externalId(),
                    MODEL_ID, body);
                 StreamPath gatewayStream = new GatewayStreamPath("Modelgate H2 invoke stream",
                         h2.server().baseUri(), h2.agentKey(), TEMPLATE_MODEL,
                         Map.of("variables", Map.of("prompt", PROMPT)))) {
                if (options.streamSeconds() > 0) {
                    StreamLoad.run(directStream, 1, Duration.ofSeconds(options.peerWarmupSeconds()), 1_000_000, a -> { });
                    StreamLoad.run(gatewayStream, 1, Duration.ofSeconds(options.peerWarmupSeconds()), 1_000_000, a -> { });
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    List<Target> order = new ArrayList<>(targets);
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (Target target : order) {
                        measureRound(report, target, round);
                    }
                    if (options.streamSeconds() > 0) {
                        for (StreamPath path : round % 2 == 0 ? List.of(gatewayStream, directStream)
                                : List.of(directStream, gatewayStream)) {
                            progress(String.format("round %d: %s, streamed at concurrency 1 (%d s)", round,
                                    path.label(), options.streamSeconds()));
                            report.stream(path.label(), StreamLoad.run(path, 1,
                                    Duration.ofSeconds(options.streamSeconds()), 1_000_000,
                                    answer -> {
                                        if (!answer.text().startsWith(REPLY)) {
                                            throw new IllegalStateException("streamed: " + answer.text());
                                        }
                                    }));
                        }
                    }
                }
            }
            for (Target target : List.of(targets.get(1), targets.get(2), targets.get(4))) {
                for (int held : options.holds()) {
                    hold(report, target, held);
                }
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Path written = report.write(options.out(), started, Duration.between(started, Instant.now()), loadBefore,
                    loadAfter);
            System.out.println("peers: the report is " + written.toAbsolutePath() + " and its chart "
                    + PeersReport.chartOf(written).toAbsolutePath());
            System.out.print(Files.readString(written));
            long errors = report.errors();
            if (errors > 0) {
                System.err.println("peers: " + errors + " requests failed; see the report");
                return 1;
            }
            return 0;
        }

        // ---- the emulator -----------------------------------------------------------------------------------

        private void startEmulator() throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String classpath = Path.of(PeersBench.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .toString();
            emulator = processes.startPiped(List.of("taskset", "-c", "0", java, "-Xmx1g", "-cp", classpath,
                    PeersEmulator.class.getName()), work.resolve("emulator.log"));
            emulatorOut = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
            emulatorIn = new OutputStreamWriter(emulator.getOutputStream(), StandardCharsets.UTF_8);
            String line = emulatorOut.readLine();
            if (line == null || !line.startsWith("endpoint ")) {
                throw new IllegalStateException("the emulator did not start: " + line + "; see "
                        + work.resolve("emulator.log"));
            }
            endpoint = URI.create(line.substring("endpoint ".length()));
            progress("started the emulator (pid " + emulator.pid() + ", signatures verified) at " + endpoint);
        }

        /** Adds {@code trustPolicy}'s statements to the tenant role's trust policy: every workspace set up is trusted. */
        private void trust(String trustPolicy) throws IOException {
            JsonNode policy = JSON.readTree(trustPolicy);
            policy.path("Statement").forEach(trustStatements::add);
            ObjectNode merged = JSON.createObjectNode();
            merged.put("Version", policy.path("Version").asString("2012-10-17"));
            merged.set("Statement", trustStatements);
            String encoded = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(merged));
            emulatorIn.write("trust " + Tenant.ofDefaultWorld().roleArn() + " " + encoded + "\n");
            emulatorIn.flush();
            String answer = emulatorOut.readLine();
            if (!"ok".equals(answer)) {
                throw new IllegalStateException("the emulator refused the trust policy: " + answer);
            }
        }

        // ---- Modelgate --------------------------------------------------------------------------------------

        private ServerProcess startModelgate(String name, List<String> database, ModelgateApi.Account operator)
                throws IOException {
            int port = freePort();
            Tenant tenant = Tenant.ofDefaultWorld();
            List<String> arguments = new ArrayList<>(database);
            arguments.addAll(List.of("--modelgate.aws.endpoint-override=" + endpoint,
                    "--modelgate.limits.per-caller.requests-per-second=" + BenchGateway.RATE_LIMIT,
                    "--modelgate.limits.per-caller.burst=" + BenchGateway.RATE_LIMIT,
                    "--modelgate.limits.per-workspace.requests-per-second=" + BenchGateway.RATE_LIMIT,
                    "--modelgate.limits.per-workspace.burst=" + BenchGateway.RATE_LIMIT));
            ServerProcess server = ServerProcess.start(List.of("taskset", "-c", "1"), options.serverJar(), port,
                    MODELGATE_JVM, arguments,
                    Map.of("AWS_ACCESS_KEY_ID", tenant.platformAccessKey(),
                            "AWS_SECRET_ACCESS_KEY", tenant.platformSecretKey(),
                            "MODELGATE_BOOTSTRAP_OPERATOR_USERNAME", operator.username(),
                            "MODELGATE_BOOTSTRAP_OPERATOR_PASSWORD", operator.password()),
                    work.resolve("modelgate-" + name + ".log"));
            progress("started Modelgate " + name + " (pid " + server.pid() + ", core 1, " + String.join(" ", MODELGATE_JVM)
                    + ", log " + server.log() + ")");
            return server;
        }

        private final Map<String, ModelgateApi.Account> admins = new LinkedHashMap<>();

        private ModelgateApi.Account admin(String workspace) {
            return admins.computeIfAbsent(workspace, w -> ModelgateApi.Account.withRandomPassword(w + "-admin"));
        }

        /**
         * As an operator and a workspace's admin set Modelgate up: the workspace, the trust policy Modelgate shows
         * added to the tenant role's, the role registered and approved, a template model (with a stream mapping) and a
         * Converse model Tested to READY, and an AGENT key.
         */
        private Modelgate setUp(String name, ServerProcess server, ModelgateApi.Account operator, String workspace)
                throws IOException, InterruptedException {
            try (ModelgateApi asOperator = ModelgateApi.signIn(server.baseUri(), operator)) {
                String externalId = asOperator.createWorkspace(workspace, admin(workspace)).path("workspace")
                        .path("externalId").asString();
                try (ModelgateApi asAdmin = ModelgateApi.signIn(server.baseUri(), admin(workspace))) {
                    trust(asAdmin.platformIdentity().trustPolicy());
                    asOperator.approveRegistration(asAdmin.registerRole(Tenant.ofDefaultWorld().roleArn()));
                    Map<String, Object> template = draft(TEMPLATE_MODEL);
                    template.put("requestTemplate", TEMPLATE);
                    Map<String, Object> mapping = new LinkedHashMap<>(Map.of("text", "$.content[0].text",
                            "inputTokens", "$.usage.input_tokens", "outputTokens", "$.usage.output_tokens"));
                    mapping.put("stream", Map.of("text", "$.delta.text", "inputTokens", "$.message.usage.input_tokens",
                            "outputTokens", "$.usage.output_tokens"));
                    template.put("outputMapping", mapping);
                    String templateId = asAdmin.createModel(template).get("id").stringValue();
                    test(asAdmin, templateId);
                    Map<String, Object> converse = draft(CONVERSE_MODEL);
                    converse.put("api", "CONVERSE");
                    converse.put("converse", Map.of("inferenceConfig", Map.of("maxTokens", 64)));
                    test(asAdmin, asAdmin.createModel(converse).get("id").stringValue());
                    String key = asAdmin.createKey("peers-agent", "AGENT");
                    progress("set up " + name + ": workspace " + workspace + ", models " + TEMPLATE_MODEL + " and "
                            + CONVERSE_MODEL + " READY, an AGENT key");
                    return new Modelgate(name, server, externalId, key, templateId);
                }
            }
        }

        private static Map<String, Object> draft(String name) {
            return new LinkedHashMap<>(Map.of("name", name, "roleArn", Tenant.ofDefaultWorld().roleArn(),
                    "region", "us-east-1", "modelReference", MODEL_ID,
                    "variables", List.of(Map.of("name", "prompt", "type", "STRING", "required", true,
                            "testValue", "Say hello."))));
        }

        private static void test(ModelgateApi api, String id) throws IOException, InterruptedException {
            JsonNode run = api.test(id);
            if (!run.path("outcome").asString().equals("PASSED")) {
                throw new IllegalStateException("the model's Test did not pass: " + run);
            }
        }

        // ---- nginx and Portkey -------------------------------------------------------------------------------

        private int nginxPort;
        private int portkeyPort;

        private Process startNginx() throws IOException, InterruptedException {
            nginxPort = freePort();
            Path prefix = Files.createDirectories(work.resolve("nginx"));
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
            String conf = """
                    daemon off;
                    master_process on;
                    worker_processes 1;
                    worker_rlimit_nofile 20000;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 16384; }
                    http {
                      access_log off;
                      client_body_temp_path %1$s/temp/client;
                      proxy_temp_path %1$s/temp/proxy;
                      fastcgi_temp_path %1$s/temp/fastcgi;
                      uwsgi_temp_path %1$s/temp/uwsgi;
                      scgi_temp_path %1$s/temp/scgi;
                      upstream emulator { server %2$s; keepalive 128; }
                      server {
                        listen 127.0.0.1:%3$d backlog=511;
                        keepalive_requests 1000000;
                        location / {
                          proxy_pass http://emulator;
                          proxy_http_version 1.1;
                          proxy_set_header Connection "";
                          proxy_set_header Host $http_host;
                          proxy_read_timeout 300s;
                        }
                      }
                    }
                    """.formatted(prefix, endpoint.getHost() + ":" + endpoint.getPort(), nginxPort);
            Path file = prefix.resolve("nginx.conf");
            Files.writeString(file, conf);
            Process nginx = processes.start(List.of("taskset", "-c", "1", options.nginx().toString(), "-p",
                    prefix.toString(), "-c", file.toString()), prefix, Map.of(), prefix.resolve("logs/stdout.log"));
            awaitListening(nginxPort, nginx.pid(), "nginx");
            progress("started nginx (pid " + nginx.pid() + ", core 1) on 127.0.0.1:" + nginxPort);
            return nginx;
        }

        private Process startPortkey(String upstreamHost) throws IOException {
            portkeyPort = freePort();
            Path gateway = options.portkeyDir().resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
            if (!Files.isRegularFile(gateway)) {
                throw new IllegalStateException("no Portkey gateway at " + gateway
                        + "; ./modelgate bench peers installs it (npm install @portkey-ai/gateway@1.15.2)");
            }
            Process node = processes.start(List.of("taskset", "-c", "1", "node", "--expose-gc",
                    "-r", options.preloads().resolve("loopback.cjs").toString(),
                    "-r", options.preloads().resolve("portkey-fixes.cjs").toString(),
                    gateway.toString(), "--port=" + portkeyPort, "--headless"), options.portkeyDir(),
                    Map.of("PORTKEY_DIR", options.portkeyDir().toString(), "PORTKEY_SIGNED_HOST", upstreamHost,
                            "PORTKEY_MEMORY_FILE", work.resolve("portkey-memory.json").toString(),
                            "NODE_ENV", "production"),
                    work.resolve("portkey.log"));
            progress("started Portkey 1.15.2 (pid " + node.pid() + ", core 1) on 127.0.0.1:" + portkeyPort);
            return node;
        }

        /**
         * Waits until {@code port} accepts connections; then checks, with {@code ss -ltnp}, that the process listens on
         * 127.0.0.1 only, and answers the lines ss gave for it.
         */
        private String awaitListening(int port, long pid, String what) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(what + " did not listen on 127.0.0.1:" + port + " within 60 s");
                    }
                    Thread.sleep(100);
                }
            }
            String listening = processes.run(List.of("ss", "-Hltnp"), 10);
            List<String> own = listening.lines().filter(l -> l.contains("pid=" + pid + ",")).toList();
            List<String> exposed = own.stream().filter(l -> !l.split("\\s+")[3].startsWith("127.0.0.1:")).toList();
            if (!exposed.isEmpty()) {
                throw new IllegalStateException(what + " listens beyond loopback: " + exposed);
            }
            return own.stream().map(l -> String.join(" ", java.util.Arrays.copyOfRange(l.split("\\s+"), 0, 5)))
                    .reduce((a, b) -> a + "; " + b).orElse("(ss shows no listener for pid " + pid + ")");
        }

        // ---- measuring --------------------------------------------------------------------------------------

        private void check(Target target) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()))
                    .POST(HttpRequest.BodyPublishers.ofString(target.body())).timeout(Duration.ofSeconds(30));
            target.headers().get().forEach(request::header);
            try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains(REPLY)) {
                    throw new IllegalStateException(target.label() + " answered " + response.statusCode() + ": "
                            + response.body());
                }
            }
        }

        private void warmUp(List<Target> targets, Modelgate h2, Modelgate pg) throws IOException, InterruptedException {
            int busiest = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(32);
            for (Target target : targets) {
                long sameProcess = targets.stream().filter(t -> t.pid() == target.pid()).count();
                boolean jvm = target.pid() == h2.server().pid() || (pg != null && target.pid() == pg.server().pid());
                int seconds = jvm ? (int) Math.max(1, options.warmupSeconds() / sameProcess) : options.peerWarmupSeconds();
                if (seconds == 0) {
                    continue;
                }
                progress(String.format("warming up %s (%d s at %d connections)", target.label(), seconds, busiest));
                PeersWrk.Result warm = wrk.run(target.url(), target.headers().get(), target.body(), busiest, seconds,
                        10, false);
                if (warm.errors() > 0) {
                    progress(String.format("  %d errors while warming up %s (%s)", warm.errors(), target.label(),
                            warm.socketErrorLine()));
                }
            }
        }

        private void measureRound(PeersReport report, Target target, int round) throws IOException, InterruptedException {
            progress(String.format("round %d: %s at concurrency 1 (%d s)", round, target.label(), options.c1Seconds()));
            report.latency(target, wrk.run(target.url(), target.headers().get(), target.body(), 1,
                    options.c1Seconds(), 10, true));
            for (int connections : options.concurrency()) {
                progress(String.format("round %d: %s at concurrency %d (%d s)", round, target.label(), connections,
                        options.seconds()));
                double cpuBefore = target.pid() == 0 ? 0 : PeersProcesses.cpuSeconds(target.pid());
                PeersWrk.Result result = wrk.run(target.url(), target.headers().get(), target.body(), connections,
                        options.seconds(), 10, false);
                double cpu = target.pid() == 0 ? Double.NaN : PeersProcesses.cpuSeconds(target.pid()) - cpuBefore;
                report.throughput(target, connections, result, cpu);
            }
        }

        /**
         * Holds {@code held} requests open through {@code target} against an upstream that answers after
         * {@code --hold-latency-ms}: reads the gateway's RSS (and a JVM's live heap after a full GC) idle and while
         * they are held, how many connections it held, its listen queue, and the machine's listen overflows.
         */
        private void hold(PeersReport report, Target target, int held) throws Exception {
            int latencyMs = options.holdLatencyMs();
            int port = URI.create(target.url()).getPort();
            long idleHeap = liveHeap(target);
            long idleRss = PeersProcesses.rssBytes(target.pid());
            Map<String, Long> netBefore = listenCounters();
            setLatency(latencyMs);
            try {
                // Each request, on a connection of its own, is held by the upstream for latencyMs; they start at an
                // even pace over half of it (4,096 against 20 s: about 410 a second, within what one core serves
                // every gateway here), so that all are held at the reading, 2 s before the first answers. Then the
                // latency is cleared (a held request keeps the latency it arrived with).
                Duration ramp = Duration.ofMillis(latencyMs / 2);
                progress(String.format("holding %d requests through %s (upstream latency %d ms, started over %d s)",
                        held, target.gateway(), latencyMs, ramp.toSeconds()));
                long readAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(latencyMs - 2_000);
                CompletableFuture<PeersHold.Result> run = CompletableFuture.supplyAsync(() -> {
                    try {
                        return PeersHold.run(target.url(), target.headers().get(), target.body(), held, ramp,
                                Duration.ofMillis(latencyMs + 60_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
                int maxQueue = 0;
                while (System.nanoTime() < readAt) {
                    maxQueue = Math.max(maxQueue, listenQueue(port));
                    Thread.sleep(100);
                }
                int established = establishedTo(port);
                long heap = liveHeap(target);
                long rss = PeersProcesses.rssBytes(target.pid());
                clearLatency();
                PeersHold.Result result = run.get();
                Map<String, Long> netAfter = listenCounters();
                report.hold(target, held, established, idleRss, rss, idleHeap, heap, result, maxQueue,
                        netAfter.get("TcpExtListenOverflows") - netBefore.get("TcpExtListenOverflows"),
                        netAfter.get("TcpExtListenDrops") - netBefore.get("TcpExtListenDrops"));
            } finally {
                clearLatency();
            }
        }

        /**
         * The gateway's live heap after a full collection: for Modelgate the total of {@code jcmd <pid>
         * GC.class_histogram} (which collects first), for Portkey V8's {@code heapUsed + external} after
         * {@code gc()} (the preload's SIGUSR2 handler); -1 for nginx.
         */
        private long liveHeap(Target target) throws IOException, InterruptedException {
            if (target.gateway().startsWith("Modelgate")) {
                return jvmLiveHeap(target.pid());
            }
            if (!target.gateway().equals("Portkey")) {
                return -1;
            }
            Path file = work.resolve("portkey-memory.json");
            Files.deleteIfExists(file);
            processes.run(List.of("kill", "-USR2", Long.toString(target.pid())), 10);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(file)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Portkey's process wrote no memory reading within 30 s");
                }
                Thread.sleep(50);
            }
            JsonNode usage = JSON.readTree(Files.readString(file));
            return usage.path("heapUsed").asLong() + usage.path("external").asLong();
        }

        /** Live heap after a full collection: the total of {@code jcmd <pid> GC.class_histogram} (which collects first). */
        private static long jvmLiveHeap(long pid) throws IOException, InterruptedException {
            String histogram = JvmReading.jcmd(pid, "GC.class_histogram");
            for (String line : histogram.split("\n")) {
                if (line.startsWith("Total")) {
                    String[] fields = line.strip().split("\\s+");
                    return Long.parseLong(fields[2]);
                }
            }
            throw new IllegalStateException("no Total line in the class histogram");
        }

        private int listenQueue(int port) throws IOException, InterruptedException {
            String out = processes.run(List.of("ss", "-Hltn", "sport = :" + port), 10);
            return out.lines().map(l -> l.strip().split("\\s+")).filter(f -> f.length > 2)
                    .mapToInt(f -> Integer.parseInt(f[1])).max().orElse(0);
        }

        private int establishedTo(int port) throws IOException, InterruptedException {
            String out = processes.run(List.of("ss", "-Htn", "state", "established", "sport = :" + port), 10);
            return (int) out.lines().filter(l -> !l.isBlank()).count();
        }

        private Map<String, Long> listenCounters() throws IOException, InterruptedException {
            String out = processes.run(List.of("nstat", "-asz", "TcpExtListenOverflows", "TcpExtListenDrops"), 10);
            Map<String, Long> counters = new LinkedHashMap<>(Map.of("TcpExtListenOverflows", 0L, "TcpExtListenDrops", 0L));
            out.lines().map(l -> l.strip().split("\\s+")).filter(f -> f.length >= 2 && counters.containsKey(f[0]))
                    .forEach(f -> counters.put(f[0], Long.parseLong(f[1])));
            return counters;
        }

        private void setLatency(int ms) throws IOException, InterruptedException {
            control("PUT", "/_emulator/latency", "{\"fixedMs\": " + ms + "}");
        }

        private void clearLatency() throws IOException, InterruptedException {
            control("DELETE", "/_emulator/latency", null);
        }

        private void control(String method, String path, String body) throws IOException, InterruptedException {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                            + response.body());
                }
            }
        }

        // ---- odds and ends ------------------------------------------------------------------------------------

        /**
         * The headers of InvokeModel with {@code body}, signed now with {@code session} for the emulator (Host
         * included): valid for the emulator's 5-minute window, so signed again before each wrk run.
         */
        private Map<String, String> sign(AwsSessionCredentials session, String body) {
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create(endpoint + MODEL_PATH))
                    .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json").build();
            Map<String, List<String>> headers = AwsV4HttpSigner.create().sign(r -> r
                            .identity(AwsSessionCredentialsIdentity.create(session.accessKeyId(),
                                    session.secretAccessKey(), session.sessionToken()))
                            .request(request)
                            .payload(ContentStreamProvider.fromUtf8String(body))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                    .request().headers();
            Map<String, String> flat = new LinkedHashMap<>();
            headers.forEach((name, values) -> flat.put(name, String.join(",", values)));
            return flat;
        }

        private void psql(String statement) throws IOException, InterruptedException {
            URI url = URI.create(options.postgresUrl().substring("jdbc:".length()));
            String database = url.getPath().substring(1);
            processes.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", url.getHost(), "-p",
                    Integer.toString(url.getPort() < 0 ? 5432 : url.getPort()), "-U", options.postgresUser(), "-d",
                    database, "-c", statement), 60);
        }

        private Map<String, String> versions() throws IOException, InterruptedException {
            Map<String, String> versions = new LinkedHashMap<>();
            versions.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            versions.put("node", processes.run(List.of("node", "--version"), 10).strip());
            versions.put("nginx", processes.run(List.of(options.nginx().toString(), "-v"), 10).strip());
            versions.put("wrk", processes.run(List.of(options.wrk().toString(), "-v"), 10, true).lines().findFirst()
                    .orElse("?").strip());
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
            long cores = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor"))
                    .count();
            versions.put("machine", cores + " cores (" + cpu + "), Linux " + System.getProperty("os.version"));
            return versions;
        }

        private long estimateSeconds() {
            int paths = options.postgres() ? 7 : 6;
            long windows = (long) options.rounds() * paths * (options.c1Seconds() + 1
                    + (long) (options.seconds() + 1) * options.concurrency().size());
            long streams = options.streamSeconds() == 0 ? 0 : 2L * options.rounds() * options.streamSeconds()
                    + 2L * options.peerWarmupSeconds();
            long warm = options.warmupSeconds() * (options.postgres() ? 2L : 1L) + 4L * options.peerWarmupSeconds();
            long holds = 3L * options.holds().stream().mapToLong(h -> options.holdLatencyMs() * 3 / 2000 + 6).sum();
            return 60 + windows + streams + warm + holds; // 60: starting and setting up the servers
        }

        private static int freePort() throws IOException {
            try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                return free.getLocalPort();
            }
        }
    }
}
