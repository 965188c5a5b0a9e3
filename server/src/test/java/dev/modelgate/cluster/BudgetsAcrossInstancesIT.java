package dev.modelgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ModelgateApplication;
import dev.modelgate.budget.BudgetExceededException;
import dev.modelgate.budget.BudgetStatus;
import dev.modelgate.budget.Budgets;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Budgets with two instances of Modelgate on one PostgreSQL schema: a budget created on one is enforced by the other
 * from the invalidation on (not when its cache expires); both count the spending either records; a soft threshold
 * reached while both check at once is audited exactly once.
 */
class BudgetsAcrossInstancesIT {

    private static final String URL = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("MODELGATE_TEST_POSTGRES_USER", "postgres");

    private static String schema;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void twoInstances() throws Exception {
        schema = "mg_budgets_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
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
        return new SpringApplicationBuilder(ModelgateApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=");
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(URL);
        pg.setUser(USER);
        return pg;
    }
}
