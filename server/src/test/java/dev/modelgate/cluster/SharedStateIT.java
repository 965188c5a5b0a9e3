package dev.modelgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ModelgateApplication;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.config.ClusterConfiguration;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of Modelgate on one PostgreSQL schema and one Redis (a server of this test's own, which it stops and
 * starts), as behind a load balancer that is not sticky: the rate limits hold for both together, a console session
 * made on one is good on the other, and with Redis gone both keep serving. The instances' clock stands still, so no
 * token comes back during a test: a limit's burst is all a caller gets, whichever instance it reaches.
 */
class SharedStateIT {

    private static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_USER", "postgres");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPERATOR = "cluster-operator";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static String schema;
    private static RedisServer redis;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void twoInstances() throws Exception {
        schema = "mg_shared_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = dataSource().getConnection()) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        redis = RedisServer.start();
        Tenants.useSystemPlatformCredentials();
        // Started together on the empty schema, as replicas are: both migrate it (one waits for the other's Flyway
        // lock) and both find no operator yet and create the bootstrap one (one insert wins).
        CompletableFuture<ConfigurableApplicationContext> first = CompletableFuture.supplyAsync(SharedStateIT::instance);
        CompletableFuture<ConfigurableApplicationContext> second = CompletableFuture.supplyAsync(SharedStateIT::instance);
        a = first.get(120, TimeUnit.SECONDS);
        b = second.get(120, TimeUnit.SECONDS);
    }

    @Test
    void instancesStartedTogether_onAnEmptyDatabase_bothStart_withOneBootstrapOperator() {
        assertThat(a.isRunning()).isTrue();
        assertThat(b.isRunning()).isTrue();
        assertThat(b.getBean(Accounts.class).findByUsername(OPERATOR)).get()
                .satisfies(operator -> assertThat(operator.role()).isEqualTo(Role.OPERATOR));
        assertThat(a.getBean(Accounts.class).anyOperator()).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        Tenants.clearSystemPlatformCredentials();
        if (redis != null) {
            redis.close();
        }
        try (Connection c = dataSource().getConnection()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @BeforeEach
    void bothShareRedis() {
        Awaitility.await("both instances on Redis").atMost(Duration.ofSeconds(30))
                .until(() -> redisHealth(a).equals("UP") && redisHealth(b).equals("UP"));
    }

    @Test
    void aLimitOfTenPerSecond_holdsAcrossBothInstances() throws Exception {
        String token = key(workspace());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(send(i % 2 == 0 ? a : b, "GET", "/api/v1/models", "Authorization", "Bearer " + token)
                    .statusCode());
        }

        assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(10);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isEqualTo(20);
        assertThat(statuses.subList(0, 10)).containsOnly(200);
        assertThat(shared(a)).isEqualTo(1.0);
    }

    @Test
    void aConsoleSession_madeOnOne_isGoodOnTheOther_andEndsOnBoth() throws Exception {
        String workspaceId = workspace();
        String username = "member-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String password = "Correct-Horse-" + UUID.randomUUID();
        a.getBean(Accounts.class).create(username, password, Role.ADMIN, workspaceId, "test");

        String csrf = cookie(send(a, "GET", "/api/v1/session"), "XSRF-TOKEN");
        HttpResponse<String> signedIn = sendBody(a, "POST", "/api/v1/session",
                JSON.writeValueAsString(java.util.Map.of("username", username, "password", password)),
                "Content-Type", "application/json", "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String cookies = "MODELGATE_SESSION=" + cookie(signedIn, "MODELGATE_SESSION") + "; XSRF-TOKEN="
                + cookie(signedIn, "XSRF-TOKEN");
        String newCsrf = cookie(signedIn, "XSRF-TOKEN");

        HttpResponse<String> onB = send(b, "GET", "/api/v1/session", "Cookie", cookies);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(JSON.readTree(onB.body()).get("name").stringValue()).isEqualTo(username);
        assertThat(send(b, "GET", "/api/v1/models", "Cookie", cookies).statusCode()).isEqualTo(200);

        assertThat(send(b, "DELETE", "/api/v1/session", "Cookie", cookies, "X-XSRF-TOKEN", newCsrf).statusCode())
                .isEqualTo(204);

        assertThat(send(a, "GET", "/api/v1/session", "Cookie", cookies).statusCode())
                .as("signed out on B, so on A too").isEqualTo(401);
    }

    @Test
    void redisStopped_bothInstancesKeepServing_eachLimitingOnItsOwn_andSayWhy() throws Exception {
        String token = key(workspace());
        try {
            redis.stop();

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(send(i % 2 == 0 ? a : b, "GET", "/api/v1/models", "Authorization", "Bearer " + token)
                        .statusCode());
            }
            assertThat(statuses.stream().filter(s -> s == 200).count()).as("ten on each instance: " + statuses)
                    .isEqualTo(20);

            HttpResponse<String> readiness = send(a, "GET", "/actuator/health/readiness");
            assertThat(readiness.statusCode()).as("still in the load balancer's rotation: " + readiness.body()).isEqualTo(200);
            JsonNode ready = JSON.readTree(readiness.body());
            assertThat(ready.get("status").stringValue()).isEqualTo("DEGRADED");
            assertThat(ready.get("components").get("redis").get("status").stringValue()).isEqualTo("DEGRADED");
            assertThat(shared(a)).isZero();
            assertThat(shared(b)).isZero();
        } finally {
            redis.startAgain();
        }
        Awaitility.await("both instances back on Redis").atMost(Duration.ofSeconds(30))
                .until(() -> redisHealth(a).equals("UP") && redisHealth(b).equals("UP"));
        assertThat(shared(a)).isEqualTo(1.0);
        assertThat(send(a, "GET", "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private static String redisHealth(ConfigurableApplicationContext instance) throws Exception {
        JsonNode health = JSON.readTree(send(instance, "GET", "/actuator/health/readiness").body());
        return health.get("components").get("redis").get("status").stringValue();
    }

    private static double shared(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class).get(ClusterConfiguration.SHARED_LIMITS).gauge().value();
    }

    private static String workspace() {
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), "shared-" + UUID.randomUUID(),
                ExternalId.generate(new SecureRandom()).value(), Instant.now());
        a.getBean(WorkspaceRepository.class).insert(workspace);
        return workspace.id();
    }

    private static String key(String workspaceId) {
        return a.getBean(ApiKeys.class).create(workspaceId, "agent", Role.DEVELOPER, null, "test").token();
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path,
                                             String... headers) throws Exception {
        return sendBody(instance, method, path, null, headers);
    }

    private static HttpResponse<String> sendBody(ConfigurableApplicationContext instance, String method, String path,
                                                 String body, String... headers) throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
    }

    private static ConfigurableApplicationContext instance() {
        // Arguments, not default properties: application.yaml's own values would win over those.
        return new SpringApplicationBuilder(ModelgateApplication.class, FrozenClock.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=",
                "--modelgate.aws.endpoint-override=" + aws.endpoint(),
                "--modelgate.redis.url=" + redis.url(),
                "--modelgate.redis.key-prefix=" + schema + ":",
                "--modelgate.redis.retry-after=PT0.5S",
                "--modelgate.bootstrap.operator.username=" + OPERATOR,
                "--modelgate.bootstrap.operator.password=Operator-Password-" + schema,
                "--modelgate.limits.per-caller.requests-per-second=10",
                "--modelgate.limits.per-caller.burst=10",
                "--modelgate.limits.per-workspace.requests-per-second=1000",
                "--modelgate.limits.per-workspace.burst=1000");
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(URL);
        pg.setUser(USER);
        return pg;
    }

    /** A clock that stands still: no bucket refills while the test runs. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FrozenClock {

        @Bean
        @Primary
        Clock frozenClock() {
            return Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
        }
    }
}
