package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ModelgateApplication;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.registration.TestApprovals;
import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An instance stopping (its context closed, as SIGTERM does) while calls and streams run, on PostgreSQL (a schema of
 * its own) against the emulator: readiness refuses traffic, new API requests are answered 503 {@code shutting-down}
 * with {@code Retry-After} (on a kept-alive connection and on a new one), the calls and streams in flight finish, and
 * every answered call's usage record is in the database once the instance has stopped; what still runs at the end of
 * the grace is cut, answered {@code shutting-down}, recorded, and the instance stops without waiting for it.
 */
class GracefulShutdownIT {

    private static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_USER", "postgres");
    private static final String EXTERNAL_ID = "mg-demo-workspace-external-id";
    private static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String INVOKE = "/api/v1/models/haiku/invoke";
    private static final Map<String, Object> CALL = Map.of("variables", Map.of("prompt", "Say hello."));
    private static final Map<String, Object> STREAM = Map.of("variables", Map.of("prompt", "Say hello."),
            "stream", true);

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private String schema;
    private ConfigurableApplicationContext instance;
    private int port;
    private String token;
    private Api api;
    private String modelId;

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @BeforeEach
    void schema() throws Exception {
        schema = "mg_shutdown_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        sql("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws Exception {
        aws.emulator().faults().clearLatency();
        if (instance != null) {
            instance.close();
        }
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void stopping_refusesNewRequestsWithRetryAfter_finishesTheCallAndStreamInFlight_andStoresTheirUsage()
            throws Exception {
        start("--modelgate.shutdown.grace=PT60S", "--modelgate.shutdown.retry-after=PT7S");
        // The call answers after 4 s; the stream's chunks come 700 ms apart (8 chunks, about 5 s).
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(4_000, 0, 50, 700));
        try (KeptAlive connection = new KeptAlive(port)) {
            assertThat(connection.send("GET", "/api/v1/models", token).status()).isEqualTo(200);
            CompletableFuture<Api.Reply> call = CompletableFuture.supplyAsync(() -> api.post(INVOKE, CALL));
            try (EventStream stream = api.stream(INVOKE, STREAM)) {
                assertThat(stream.next().type()).isEqualTo("delta");
                RequestDrain drain = instance.getBean(RequestDrain.class);
                Awaitility.await("the call and the stream in flight").atMost(Duration.ofSeconds(10))
                        .until(() -> drain.inFlight() == 2);

                CompletableFuture<Void> stopped = stopOnAnotherThread();
                Awaitility.await("draining").atMost(Duration.ofSeconds(10)).until(drain::draining);

                KeptAlive.Answer refused = connection.send("GET", "/api/v1/models", token);
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(refused.header("Retry-After")).isEqualTo("7");
                assertThat(refused.header("Connection")).isEqualTo("close");
                assertThat(Api.canonical(Api.parse(refused.body()))).isEqualTo(Api.canonical(Api.problem(503,
                        "shutting-down", "Shutting down", "this instance is stopping and takes no new requests; send "
                                + "the request again in 7 s (another instance takes it)", "/api/v1/models")));
                Api.Reply fresh = new Api(port, HttpClient.Redirect.NEVER).withKey(token).post(INVOKE, CALL);
                assertThat(fresh.status()).isEqualTo(503);
                assertThat(fresh.header("Retry-After")).isEqualTo("7");
                assertThat(fresh.json().get("type").stringValue())
                        .isEqualTo("https://modelgate.dev/problems/shutting-down");
                Api.Reply chat = new Api(port, HttpClient.Redirect.NEVER).withKey(token).post("/v1/chat/completions",
                        Map.of("model", "haiku", "messages", List.of(Map.of("role", "user", "content", "Hi"))));
                assertThat(chat.status()).isEqualTo(503);
                assertThat(chat.header("retry-after-ms")).isEqualTo("7000");
                assertThat(chat.json().get("error").get("code").stringValue()).isEqualTo("shutting_down");
                Api.Reply readiness = api.anonymous().get("/actuator/health/readiness");
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(readiness.json().get("status").stringValue()).isEqualTo("OUT_OF_SERVICE");
                assertThat(api.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);

                List<EventStream.Event> rest = stream.rest();
                assertThat(rest.getLast().type()).isEqualTo("done");
                assertThat(rest.getLast().data().get("outcome").stringValue()).isEqualTo("OK");
                Api.Reply answered = call.get(30, TimeUnit.SECONDS);
                assertThat(answered.status()).as(answered.body()).isEqualTo(200);
                assertThat(answered.json().get("outcome").stringValue()).isEqualTo("OK");
                stopped.get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(usageOutcomes()).containsExactlyInAnyOrder("OK", "OK");
    }

    @Test
    void aCallAndAStreamStillRunningAtTheEndOfTheGrace_areCutAnsweredShuttingDownAndRecorded_andTheInstanceStops()
            throws Exception {
        start("--modelgate.shutdown.grace=PT1S", "--modelgate.shutdown.retry-after=PT3S");
        // The call would answer after 60 s; the stream's chunks come 2 s apart (its first text in the third).
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(60_000, 0, 10, 2_000));
        CompletableFuture<Api.Reply> call = CompletableFuture.supplyAsync(() -> api.post(INVOKE, CALL));
        try (EventStream stream = api.stream(INVOKE, STREAM)) {
            assertThat(stream.next().type()).isEqualTo("delta");
            RequestDrain drain = instance.getBean(RequestDrain.class);
            Awaitility.await("the call and the stream in flight").atMost(Duration.ofSeconds(10))
                    .until(() -> drain.inFlight() == 2);

            CompletableFuture<Void> stopped = stopOnAnotherThread();

            List<EventStream.Event> rest = stream.rest();
            EventStream.Event last = rest.getLast();
            assertThat(last.type()).isEqualTo("error");
            assertThat(last.data().get("code").stringValue()).isEqualTo("shutting-down");
            assertThat(last.data().get("status").intValue()).isEqualTo(503);
            assertThat(last.data().get("detail").stringValue()).contains("cut in step STREAM");
            // Stopped long before the call could have been answered: the grace, then the cut.
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(call).as("the cut call was answered before the instance stopped").isDone();
        }

        Api.Reply cut = call.get();
        assertThat(cut.status()).as(cut.body()).isEqualTo(503);
        assertThat(cut.header("Retry-After")).isEqualTo("3");
        assertThat(cut.header("Content-Type")).isEqualTo("application/problem+json");
        ObjectNode expected = Api.problem(503, "shutting-down", "Shutting down", "this instance is stopping, and the "
                + "call was still running at the end of its grace period; it was cut in step ATTEMPT (1 attempt made)",
                INVOKE);
        expected.put("attempts", 1);
        assertThat(Api.canonical(cut.json())).isEqualTo(Api.canonical(expected));
        List<Map<String, Object>> usage = usageRecords();
        assertThat(usage).extracting(r -> r.get("outcome")).containsExactly("SHUTTING_DOWN", "SHUTTING_DOWN");
        // What the stream delivered before the cut: the input tokens of its first chunk; the output never came.
        assertThat(usage).anySatisfy(r -> assertThat(r.get("input_tokens")).isNotNull());
        assertThat(usage).allSatisfy(r -> assertThat(r.get("output_tokens")).isNull());
    }

    @Test
    void usageRecordsBufferedWhileTheDatabaseFailed_areWrittenAsTheInstanceStops_beforeItsPoolCloses()
            throws Exception {
        // The retry thread waits 10 minutes before its first try: only stopping writes the buffer here.
        start("--modelgate.usage.retry-initial-backoff=PT10M", "--modelgate.usage.retry-max-backoff=PT10M");
        sql("ALTER TABLE " + schema + ".usage_records RENAME TO usage_records_away");
        Api.Reply answered = api.post(INVOKE, CALL);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(instance.getBean(JdbcUsageRecorder.class).buffered()).isEqualTo(1);
        sql("ALTER TABLE " + schema + ".usage_records_away RENAME TO usage_records");

        instance.close();

        assertThat(usageRecords()).singleElement().satisfies(r -> {
            assertThat(r.get("outcome")).isEqualTo("OK");
            assertThat(r.get("request_id")).isEqualTo(answered.json().get("requestId").stringValue());
        });
    }

    /** Starts an instance on the schema with a Ready model "haiku" (streamable) and an admin key of its workspace. */
    @Test
    void aTestRunStillStreamingAtTheEndOfTheGrace_isCut_itsStreamStageSayingModelgateStopped() throws Exception {
        start("--modelgate.shutdown.grace=PT1S", "--modelgate.shutdown.retry-after=PT3S");
        // The non-streamed answer comes at once; the stream's chunks 2 s apart, some 16 s in all.
        aws.emulator().faults().setLatency(HAIKU, Latency.ofMillis(0, 0, 10, 2_000));
        CompletableFuture<Api.Reply> test = CompletableFuture.supplyAsync(
                () -> api.post(Api.MODELS + "/" + modelId + "/test", "{}"));
        Awaitility.await("the Test's stream").atMost(Duration.ofSeconds(10))
                .until(() -> !aws.emulator().journal().ofOperation("InvokeModelWithResponseStream").isEmpty());

        CompletableFuture<Void> stopped = stopOnAnotherThread();

        Api.Reply answered = test.get(30, TimeUnit.SECONDS);
        stopped.get(30, TimeUnit.SECONDS);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode run = answered.json();
        assertThat(run.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(run.get("failedStage").stringValue()).isEqualTo("STREAM");
        assertThat(run.get("diagnosisCode").stringValue()).isEqualTo("shutting-down");
        JsonNode streamed = null;
        for (JsonNode stage : run.get("stages")) {
            streamed = stage.get("stage").stringValue().equals("STREAM") ? stage : streamed;
        }
        assertThat(streamed).isNotNull();
        assertThat(streamed.get("diagnosis").get("title").stringValue()).isEqualTo("Modelgate stopped during the Test");
        assertThat(streamed.get("chunkCount").intValue()).isLessThan(8);
        assertThat(usageOutcomes()).containsExactlyInAnyOrder("OK", "shutting-down");
    }

    private void start(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=",
                "--modelgate.aws.endpoint-override=" + aws.endpoint(),
                "--modelgate.bedrock.retry.base-delay=PT0.001S",
                "--modelgate.bedrock.retry.max-delay=PT0.005S"));
        args.addAll(List.of(more));
        instance = new SpringApplicationBuilder(ModelgateApplication.class).run(args.toArray(String[]::new));
        port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), "default", EXTERNAL_ID, Instant.now());
        instance.getBean(WorkspaceRepository.class).insert(workspace);
        TestApprovals.approveWorld(instance.getBean(JdbcClient.class), workspace.id(), aws.emulator().world());
        token = instance.getBean(ApiKeys.class).create(workspace.id(), "test-admin", Role.ADMIN, null, "test").token();
        api = new Api(port, HttpClient.Redirect.NEVER).withKey(token);
        Api.Reply created = api.post(Api.MODELS, StreamingInvokeIT.streamed("haiku", TENANT_ROLE));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        modelId = created.json().get("id").stringValue();
        assertThat(instance.getBean(ExternalModels.class).markReady(workspace.id(), modelId, 1)).isTrue();
    }

    /** Closes the instance's context on a thread of its own, as the JVM's shutdown hook does on SIGTERM. */
    private CompletableFuture<Void> stopOnAnotherThread() {
        ConfigurableApplicationContext stopping = instance;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread.ofPlatform().name("shutdown-hook").start(() -> {
            try {
                stopping.close();
                stopped.complete(null);
            } catch (RuntimeException e) {
                stopped.completeExceptionally(e);
            }
        });
        return stopped;
    }

    private List<String> usageOutcomes() throws Exception {
        return usageRecords().stream().map(r -> (String) r.get("outcome")).toList();
    }

    /** The schema's usage records, oldest first, read over a connection of the test's own. */
    private List<Map<String, Object>> usageRecords() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT outcome, input_tokens, output_tokens, request_id FROM " + schema
                     + ".usage_records ORDER BY occurred_at")) {
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("outcome", rows.getString("outcome"));
                row.put("input_tokens", rows.getObject("input_tokens"));
                row.put("output_tokens", rows.getObject("output_tokens"));
                row.put("request_id", rows.getString("request_id"));
                records.add(row);
            }
        }
        return records;
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(URL);
        pg.setUser(USER);
        return pg;
    }

    /** One HTTP/1.1 connection kept alive across requests, as a load balancer or an agent's client keeps it. */
    private static final class KeptAlive implements AutoCloseable {

        record Answer(int status, Map<String, String> headers, String body) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        }

        private final int port;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        KeptAlive(int port) throws IOException {
            this.port = port;
            this.socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        Answer send(String method, String path, String token) throws IOException {
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + token + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String[] status = line().split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Answer(Integer.parseInt(status[1]), headers, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed mid-answer");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
