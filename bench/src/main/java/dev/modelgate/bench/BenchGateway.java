package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Modelgate server set up as a platform and a tenant set it up, for the load drivers ({@link GatewayOverhead},
 * {@link FaultSoak}): an in-process emulator (signatures verified, journal off) and the real server jar as a child
 * process on this JDK, with an H2 file database in {@code work}, a bootstrap platform operator with a random password
 * and rate limits far above what a driver sends.
 *
 * <p>{@link #setUp} then does what the operator and the workspace's admin do: the operator creates the workspace
 * with its admin (random password too); the admin gives the emulator's tenant role the trust policy that
 * {@code GET /api/v1/platform/identity} shows (Modelgate's principal with this workspace's External ID), as a tenant
 * pastes it, registers the role (which the operator approves), creates the model, Tests it to READY and creates the
 * AGENT key with which the drivers invoke the model, as agents do.
 */
final class BenchGateway implements AutoCloseable {

    static final String WORKSPACE = "bench";
    static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String TEMPLATE = "{\"anthropic_version\": \"bedrock-2023-05-31\", \"max_tokens\": 64, "
            + "\"messages\": [{\"role\": \"user\", \"content\": \"{{prompt}}\"}]}";
    /**
     * Requests per second, and burst, given to the server's per-caller and per-workspace rate limits: far above what
     * 2 cores can send, so that the drivers measure Modelgate and not its limiter.
     */
    static final long RATE_LIMIT = 1_000_000;

    private final Emulator emulator;
    private final ServerProcess server;
    private final Tenant tenant;
    private final ModelgateApi.Account operator;
    private final ModelgateApi.Account admin = ModelgateApi.Account.withRandomPassword("bench-admin");

    private BenchGateway(Emulator emulator, ServerProcess server, Tenant tenant, ModelgateApi.Account operator) {
        this.emulator = emulator;
        this.server = server;
        this.tenant = tenant;
        this.operator = operator;
    }

    /** What the drivers need from the setup; the key never appears in {@link #toString()}. */
    record Setup(String externalId, String modelId, String agentKey) {
        @Override
        public String toString() {
            return "Setup[externalId=" + externalId + ", modelId=" + modelId + "]";
        }
    }

    /**
     * Starts the emulator and the server ({@code java [jvmOptions] -jar serverJar … [serverArguments]}, its log in
     * {@code work/server.log}) and waits up to 120 s for it to be healthy.
     */
    static BenchGateway start(Path serverJar, Path work, List<String> jvmOptions, List<String> serverArguments,
                              Consumer<String> progress) throws IOException, InterruptedException {
        Tenant tenant = Tenant.ofDefaultWorld();
        ModelgateApi.Account operator = ModelgateApi.Account.withRandomPassword("bench-operator");
        Emulator emulator = Emulator.builder().verifySignatures(true).build();
        ServerProcess server = null;
        try {
            emulator.journal().setEnabled(false);
            server = startServer(serverJar, work, jvmOptions, serverArguments, emulator.endpoint(), tenant, operator);
            progress.accept("started Modelgate (pid " + server.pid() + ", log in " + work.resolve("server.log") + ")");
            server.awaitHealthy(Duration.ofSeconds(120));
            return new BenchGateway(emulator, server, tenant, operator);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            emulator.close();
            throw e;
        }
    }

    private static ServerProcess startServer(Path serverJar, Path work, List<String> jvmOptions,
                                             List<String> serverArguments, URI emulator, Tenant tenant,
                                             ModelgateApi.Account operator) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:file:" + work.resolve("modelgate"),
                "--modelgate.aws.endpoint-override=" + emulator,
                "--modelgate.limits.per-caller.requests-per-second=" + RATE_LIMIT,
                "--modelgate.limits.per-caller.burst=" + RATE_LIMIT,
                "--modelgate.limits.per-workspace.requests-per-second=" + RATE_LIMIT,
                "--modelgate.limits.per-workspace.burst=" + RATE_LIMIT));
        arguments.addAll(serverArguments);
        // The operator's password goes in the environment, which only this user can read, not on the command line,
        // which every user of the machine can.
        return ServerProcess.start(serverJar, port, jvmOptions, arguments,
                Map.of("AWS_ACCESS_KEY_ID", tenant.platformAccessKey(),
                        "AWS_SECRET_ACCESS_KEY", tenant.platformSecretKey(),
                        "MODELGATE_BOOTSTRAP_OPERATOR_USERNAME", operator.username(),
                        "MODELGATE_BOOTSTRAP_OPERATOR_PASSWORD", operator.password()),
                work.resolve("server.log"));
    }

    /**
     * The draft of a Claude 3 Haiku model named {@code name} with {@link #TEMPLATE}, one required {@code prompt}
     * variable and the Claude mapping; {@code timeouts} ({@code connectMillis}, {@code totalMillis}) when not empty.
     */
    Map<String, Object> draft(String name, Map<String, Object> timeouts) {
        return draft(tenant, name, timeouts);
    }

    /** As {@link #draft(String, Map)}, for {@code tenant}'s role. */
    static Map<String, Object> draft(Tenant tenant, String name, Map<String, Object> timeouts) {
        Map<String, Object> draft = new java.util.LinkedHashMap<>(Map.of("name", name, "roleArn", tenant.roleArn(),
                "region", "us-east-1", "modelReference", MODEL_ID,
                "variables", List.of(Map.of("name", "prompt", "type", "STRING", "required", true,
                        "testValue", "Say hello.")),
                "requestTemplate", TEMPLATE,
                "outputMapping", Map.of("text", "$.content[0].text", "inputTokens", "$.usage.input_tokens",
                        "outputTokens", "$.usage.output_tokens")));
        if (!timeouts.isEmpty()) {
            draft.put("timeouts", timeouts);
        }
        return draft;
    }

    /** The operator's and the admin's setup, as the class comment describes; the model is READY afterwards. */
    Setup setUp(Map<String, Object> modelDraft, Consumer<String> progress) throws IOException, InterruptedException {
        try (ModelgateApi asOperator = signInAsOperator()) {
            String externalId = asOperator.createWorkspace(WORKSPACE, admin).path("workspace").path("externalId")
                    .asString();
            try (ModelgateApi asAdmin = signInAsAdmin()) {
                ModelgateApi.Identity identity = asAdmin.platformIdentity();
                if (!identity.externalId().equals(externalId)) {
                    throw new IllegalStateException("the admin's identity shows the External ID "
                            + identity.externalId() + ", not that of the workspace just created, " + externalId);
                }
                emulator.updateAssumeRolePolicy(tenant.roleArn(), identity.trustPolicy());
                asOperator.approveRegistration(asAdmin.registerRole(tenant.roleArn()));
                String id = asAdmin.createModel(modelDraft).get("id").stringValue();
                test(asAdmin, id);
                String agentKey = asAdmin.createKey("bench-agent", "AGENT");
                progress.accept("set up workspace \"" + WORKSPACE + "\" (External ID " + externalId + "), its model "
                        + modelDraft.get("name") + " (READY) and an AGENT key");
                return new Setup(externalId, id, agentKey);
            }
        }
    }

    /**
     * A further model of the workspace (after {@link #setUp}), created from {@code modelDraft} by the admin and Tested
     * to READY; its ID.
     */
    String addModel(Map<String, Object> modelDraft) throws IOException, InterruptedException {
        try (ModelgateApi asAdmin = signInAsAdmin()) {
            String id = asAdmin.createModel(modelDraft).get("id").stringValue();
            test(asAdmin, id);
            return id;
        }
    }

    /** Tests the model, which a pass marks READY: what makes a model invocable. */
    static void test(ModelgateApi api, String id) throws IOException, InterruptedException {
        JsonNode run = api.test(id);
        if (!run.path("outcome").asString().equals("PASSED")) {
            throw new IllegalStateException("the model's Test did not pass: " + run);
        }
        String status = api.model(id).path("status").asString();
        if (!status.equals("READY")) {
            throw new IllegalStateException("the model is " + status + ", not READY, after its Test passed: " + run);
        }
    }

    /** A new console session of the platform operator. */
    ModelgateApi signInAsOperator() throws IOException, InterruptedException {
        return ModelgateApi.signIn(server.baseUri(), operator);
    }

    /** A new console session of the workspace's admin (after {@link #setUp}). */
    ModelgateApi signInAsAdmin() throws IOException, InterruptedException {
        return ModelgateApi.signIn(server.baseUri(), admin);
    }

    Emulator emulator() {
        return emulator;
    }

    ServerProcess server() {
        return server;
    }

    Tenant tenant() {
        return tenant;
    }

    /** Stops the server, then the emulator. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            emulator.close();
        }
    }
}
