package dev.modelgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ModelgateApplication;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.budget.BudgetExceededException;
import dev.modelgate.budget.BudgetStatus;
import dev.modelgate.budget.Budgets;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.credentials.RoleStanding;
import dev.modelgate.model.CachingModelRepository;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.model.StoredModel;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.RegistrationState;
import dev.modelgate.registration.RoleRegistration;
import dev.modelgate.registration.RoleRegistrationRepository;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of Modelgate on one PostgreSQL schema (the machine's, as in production): what one changes, the other
 * sees on its next request, not when its cache expires. Each instance keeps looked-up keys for 10 minutes here, so
 * that only an invalidation can explain what the other does. A budget created on one is enforced by the other from
 * the invalidation on; both count the spending either records; a soft threshold reached while both check at once is
 * audited exactly once.
 */
class TwoInstancesIT {

    private static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_USER", "postgres");

    private static String schema;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void twoInstances() throws Exception {
        schema = "mg_cluster_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = dataSource().getConnection()) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        a = instance();
        b = instance();
        Awaitility.await("both instances listening").atMost(Duration.ofSeconds(30))
                .until(() -> a.getBean(Invalidations.class).listening() && b.getBean(Invalidations.class).listening());
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        try (Connection c = dataSource().getConnection()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void keyRevokedOnOne_isRefusedOnTheOther_atTheInvalidation_notAtItsExpiry() throws Exception {
        String workspaceId = workspace();
        ApiKeys.Created key = a.getBean(ApiKeys.class).create(workspaceId, "developer", Role.DEVELOPER, null, "test");
        assertThat(b.getBean(ApiKeys.class).authenticate(key.token()).outcome()).isEqualTo(ApiKeys.Outcome.VALID);
        assertThat(get(b, "/api/v1/models", key.token())).isEqualTo(200); // B now keeps the key for 10 minutes
        CompletableFuture<String> heard = new CompletableFuture<>();
        b.getBean(Invalidations.class).subscribe(ApiKeys.INVALIDATION_TOPIC, prefix -> {
            if (prefix.equals(key.key().prefix())) {
                heard.complete(prefix);
            }
        });

        a.getBean(ApiKeys.class).revoke(workspaceId, key.key().id(), "test");

        assertThat(heard.get(30, TimeUnit.SECONDS)).isEqualTo(key.key().prefix());
        assertThat(b.getBean(ApiKeys.class).authenticate(key.token()).outcome()).isEqualTo(ApiKeys.Outcome.REVOKED);
        assertThat(get(b, "/api/v1/models", key.token())).isEqualTo(401);
    }

    @Test
    void modelPromotedOnOne_isServedByTheOther_atTheInvalidation() throws Exception {
        String workspaceId = workspace();
        CachingModelRepository onA = a.getBean(CachingModelRepository.class);
        CachingModelRepository onB = b.getBean(CachingModelRepository.class);
        StoredModel draft = new StoredModel(UUID.randomUUID().toString(), workspaceId, "haiku", "a model",
                "AMAZON_BEDROCK", true, ModelStatus.DRAFT, 1, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess",
                "", "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0", "[{\"name\":\"prompt\",\"type\":\"STRING\"}]",
                "{\"prompt\": \"{{prompt}}\"}", "{\"text\":\"$.content[0].text\"}", 2_500, 45_000, Instant.now(),
                "alice", Instant.now(), "alice");
        CompletableFuture<String> inserted = heardOnB(CachingModelRepository.INVALIDATION_TOPIC);
        onA.insert(draft);
        inserted.get(30, TimeUnit.SECONDS);
        assertThat(onB.findLive(workspaceId, "haiku")).as("nothing live yet; B keeps that").isEmpty();
        CompletableFuture<String> promoted = heardOnB(CachingModelRepository.INVALIDATION_TOPIC);

        assertThat(onA.promote(workspaceId, draft.id(), 1, 1)).isTrue();

        promoted.get(30, TimeUnit.SECONDS);
        assertThat(onB.findLive(workspaceId, "haiku")).get().extracting(StoredModel::id, StoredModel::revision)
                .containsExactly(draft.id(), 1L);
    }

    @Test
    void routingReplacedOnOne_isReadByTheOther_atTheInvalidation() throws Exception {
        String workspaceId = workspace();
        CachingModelRepository onA = a.getBean(CachingModelRepository.class);
        CachingModelRepository onB = b.getBean(CachingModelRepository.class);
        StoredModel primary = model(workspaceId, "primary");
        StoredModel fallback = model(workspaceId, "fallback");
        CompletableFuture<String> inserted = heardOnB(CachingModelRepository.INVALIDATION_TOPIC);
        onA.insert(primary);
        onA.insert(fallback);
        inserted.get(30, TimeUnit.SECONDS);
        assertThat(onB.routing(workspaceId, primary.id())).as("no routing yet; B keeps that")
                .isEqualTo(dev.modelgate.model.ModelRouting.NONE);
        CompletableFuture<String> replaced = heardOnB(CachingModelRepository.INVALIDATION_TOPIC);

        assertThat(onA.replaceRouting(workspaceId, primary.id(), new dev.modelgate.model.ModelRouting(
                java.util.List.of(new dev.modelgate.model.ModelRouting.Link(fallback.id(), "fallback", 0)),
                java.util.List.of()))).isTrue();

        replaced.get(30, TimeUnit.SECONDS);
        assertThat(onB.routing(workspaceId, primary.id()).fallbacks())
                .extracting(dev.modelgate.model.ModelRouting.Link::name).containsExactly("fallback");
    }

    private static StoredModel model(String workspaceId, String name) {
        return new StoredModel(UUID.randomUUID().toString(), workspaceId, name, "a model",
                "AMAZON_BEDROCK", true, ModelStatus.DRAFT, 1, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess",
                "", "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0", "[{\"name\":\"prompt\",\"type\":\"STRING\"}]",
                "{\"prompt\": \"{{prompt}}\"}", "{\"text\":\"$.content[0].text\"}", 2_500, 45_000, Instant.now(),
                "alice", Instant.now(), "alice");
    }

    @Test
    void registrationRevokedOnOne_isRefusedByTheOther_atTheInvalidation_notAtItsExpiry() throws Exception {
        String workspaceId = workspace();
        RoleArn role = RoleArn.parse("arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
        String id = UUID.randomUUID().toString();
        a.getBean(RoleRegistrationRepository.class).insert(new RoleRegistration(id, workspaceId, null, role.arn(),
                RegistrationState.APPROVED, Instant.now(), "admin", Instant.now(), "operator", null));
        RegistrationApprovals onB = b.getBean(RegistrationApprovals.class);
        assertThat(onB.standing(workspaceId, role)).isEqualTo(RoleStanding.APPROVED); // B keeps it for 30 s
        CompletableFuture<String> heard = new CompletableFuture<>();
        b.getBean(Invalidations.class).subscribe(RegistrationApprovals.INVALIDATION_TOPIC, key -> {
            if (key.equals(workspaceId + " " + role.arn())) {
                heard.complete(key);
            }
        });

        a.getBean(RoleRegistrations.class).revoke(workspaceId, id, "admin", "no longer used");

        heard.get(30, TimeUnit.SECONDS);
        assertThat(onB.standing(workspaceId, role)).isEqualTo(RoleStanding.REVOKED);
    }

    @Test
    void priceSetOnOne_isInEffectOnTheOther_atTheInvalidation_notAtItsExpiry() throws Exception {
        String workspaceId = workspace();
        String model = "amazon.nova-micro-v1:0";
        dev.modelgate.pricing.PriceBook onB = b.getBean(dev.modelgate.pricing.PriceBook.class);
        assertThat(onB.price(workspaceId, model, "us-east-1", Instant.now()).orElseThrow().level())
                .as("B keeps the overrides it read").isEqualTo("SHIPPED");
        CompletableFuture<String> heard = heardOnB(dev.modelgate.pricing.PriceBook.INVALIDATION_TOPIC);

        a.getBean(dev.modelgate.pricing.PriceBook.class).set(workspaceId, model, "us-east-1",
                dev.modelgate.model.RequestOptions.ServiceTier.DEFAULT,
                new dev.modelgate.pricing.Price(new java.math.BigDecimal("0.01"), new java.math.BigDecimal("0.02"),
                        null, null, null, "new"), "operator");

        heard.get(30, TimeUnit.SECONDS);
        assertThat(onB.price(workspaceId, model, "us-east-1", Instant.now()).orElseThrow())
                .extracting(p -> p.level(), p -> p.price().input())
                .containsExactly("WORKSPACE", new java.math.BigDecimal("0.01"));
    }

    /** Completes with the first key of {@code topic} B hears from now on (B's caches heard it first). */
    private static CompletableFuture<String> heardOnB(String topic) {
        CompletableFuture<String> heard = new CompletableFuture<>();
        b.getBean(Invalidations.class).subscribe(topic, heard::complete);
        return heard;
    }

    @Test
    void anInvalidation_runsOnceOnEachInstance_andIsNotEchoedToItsPublisher() throws Exception {
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> onA = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> onB = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<String> bHeardA = new CompletableFuture<>();
        CompletableFuture<String> aHeardB = new CompletableFuture<>();
        a.getBean(Invalidations.class).subscribe("echo-topic", key -> {
            onA.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            if (key.equals("from-b")) {
                aHeardB.complete(key);
            }
        });
        b.getBean(Invalidations.class).subscribe("echo-topic", key -> {
            onB.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            if (key.equals("from-a")) {
                bHeardA.complete(key);
            }
        });

        a.getBean(Invalidations.class).publish("echo-topic", "from-a");
        assertThat(onA.get("from-a")).as("run on A by publish itself").hasValue(1);
        bHeardA.get(30, TimeUnit.SECONDS);
        // Sent after A's, so A's listening connection gets A's own message first: had A run it again, it would have
        // done so before it hears B's.
        b.getBean(Invalidations.class).publish("echo-topic", "from-b");
        aHeardB.get(30, TimeUnit.SECONDS);

        assertThat(onA.get("from-a")).hasValue(1);
        assertThat(onA.get("from-b")).hasValue(1);
        assertThat(onB.get("from-a")).hasValue(1);
        assertThat(onB.get("from-b")).hasValue(1);
    }

    private static String workspace() {
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), "cluster-" + UUID.randomUUID(),
                ExternalId.generate(new SecureRandom()).value(), Instant.now());
        a.getBean(WorkspaceRepository.class).insert(workspace);
        return workspace.id();
    }

    private static int get(ConfigurableApplicationContext instance, String path, String token) throws Exception {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void budgetCreatedOnOne_isEnforcedByBoth_andItsThresholdAuditedOnce() throws Exception {
        String workspaceId = UUID.randomUUID().toString();
        a.getBean(WorkspaceRepository.class).insert(new Workspace(workspaceId, "budgets-" + workspaceId,
                ExternalId.generate(new SecureRandom()).value(), Instant.now()));
        Budgets onA = a.getBean(Budgets.class);
        Budgets onB = b.getBean(Budgets.class);
        assertThat(onB.check(workspaceId, null, null)).as("no budgets yet; B keeps that for a minute").isEmpty();
        CompletableFuture<String> heard = new CompletableFuture<>();
        b.getBean(Invalidations.class).subscribe(Budgets.INVALIDATION_TOPIC, key -> {
            if (key.equals(workspaceId)) {
                heard.complete(key);
            }
        });

        String id = onA.create(workspaceId, new Budgets.Draft("WORKSPACE", null, null, "TOKENS", "DAY",
                java.math.BigDecimal.valueOf(100), java.math.BigDecimal.TEN),
                "admin").budget().id();
        heard.get(30, TimeUnit.SECONDS);
        spend(workspaceId, 12);

        List<List<BudgetStatus>> warnings = checkAtOnce(workspaceId, onA, onB, 20);

        assertThat(warnings).allSatisfy(w -> assertThat(w).singleElement()
                .satisfies(s -> assertThat(s.spent()).isEqualTo(12)));
        assertThat(a.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM audit_events WHERE workspace_id = ? "
                        + "AND action = 'BUDGET_THRESHOLD_REACHED' AND resource_id = ?").params(workspaceId, id)
                .query(Long.class).single()).isEqualTo(1);

        spend(workspaceId, 88);
        assertThatThrownBy(() -> onA.check(workspaceId, null, null)).isInstanceOf(BudgetExceededException.class);
        assertThatThrownBy(() -> onB.check(workspaceId, null, null)).isInstanceOf(BudgetExceededException.class);
    }

    /** Half the checks on each instance, all released at once. */
    private static List<List<BudgetStatus>> checkAtOnce(String workspaceId, Budgets onA, Budgets onB, int count)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<BudgetStatus>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            for (int i = 0; i < count; i++) {
                Budgets on = i % 2 == 0 ? onA : onB;
                futures.add(pool.submit(() -> {
                    start.await();
                    return on.check(workspaceId, null, null);
                }));
            }
            start.countDown();
            List<List<BudgetStatus>> results = new ArrayList<>();
            for (Future<List<BudgetStatus>> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /** Adds {@code tokens} to today's rollup of the workspace, as a recorded call does. */
    private static void spend(String workspaceId, long tokens) {
        a.getBean(JdbcClient.class).sql("INSERT INTO usage_daily (workspace_id, utc_day, model_id, model_name, kind, "
                        + "revision, caller_kind, caller_id, caller_name, calls, succeeded, input_tokens, output_tokens, "
                        + "cache_read_tokens, cache_write_tokens, unknown_tokens, last_at) VALUES (?, ?, ?, 'm', "
                        + "'INVOKE', 0, '', '', '', 1, 1, ?, 0, 0, 0, 0, CURRENT_TIMESTAMP)")
                .params(workspaceId, LocalDate.now(ZoneOffset.UTC).toEpochDay(), UUID.randomUUID().toString(), tokens)
                .update();
    }

    private static ConfigurableApplicationContext instance() {
        // Arguments, not default properties: application.yaml's own values would win over those.
        return new SpringApplicationBuilder(ModelgateApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=",
                "--modelgate.keys.lookup-ttl=PT10M");
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(URL);
        pg.setUser(USER);
        return pg;
    }
}
