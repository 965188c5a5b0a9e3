package dev.modelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.usage.PricingMode;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRepository;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Budgets stored and their spending read from the daily rollups, on H2 and PostgreSQL: each scope counts its own
 * calls' four token counts in its period only, never another workspace's; the soft threshold is marked once per
 * period; every statement is scoped to its workspace.
 */
class BudgetRepositoryIT {

    private static final Instant NOW = Instant.parse("2026-12-08T15:00:00Z");
    private static final String MODEL = "11111111-1111-1111-1111-111111111111";
    private static final String OTHER_MODEL = "22222222-2222-2222-2222-222222222222";
    private static final UsageCaller KEY = new UsageCaller(UsageCaller.Kind.KEY, "key-1", "mgk_aaaa1111 (ci)");
    private static final UsageCaller OTHER_KEY = new UsageCaller(UsageCaller.Kind.KEY, "key-2", "mgk_bbbb2222 (b)");
    private static final UsageCaller ACCOUNT = new UsageCaller(UsageCaller.Kind.ACCOUNT, "key-1", "alice");

    private static String workspace(JdbcClient jdbc) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(jdbc).insert(new Workspace(id, "ws-" + id.substring(0, 8), "mg-" + id.substring(0, 8),
                NOW));
        return id;
    }

    private static UsageRecord call(String workspaceId, String modelId, UsageCaller caller, String at, long input,
                                    long output, Long cacheRead, Long cacheWrite) {
        return new UsageRecord(UUID.randomUUID().toString(), workspaceId, modelId, "m", UsageKind.INVOKE, "OK", input,
                output, TokenSource.CONVERSE, 10, null, Instant.parse(at), cacheRead, cacheWrite, 1L, caller);
    }

    private static Budget budget(String workspaceId, BudgetScope scope, String target, BudgetPeriod period) {
        return new Budget(UUID.randomUUID().toString(), workspaceId, scope, target, BudgetUnit.TOKENS, period, 1_000,
                800L, NOW, "alice", NOW, "alice");
    }

    private static long spent(BudgetRepository repository, Budget budget) {
        return repository.spent(budget, budget.period().start(NOW), budget.period().end(NOW));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void spent_countsTheFourTokenCountsOfItsScope_inItsPeriodOnly_andNeverAnotherWorkspace(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String workspace = workspace(jdbc);
            String other = workspace(jdbc);
            new UsageRepository(db.dataSource()).insertAll(List.of(
                    call(workspace, MODEL, KEY, "2026-12-08T01:00:00Z", 100, 20, 5L, 3L),
                    call(workspace, OTHER_MODEL, OTHER_KEY, "2026-12-08T02:00:00Z", 10, 1, null, null),
                    call(workspace, MODEL, ACCOUNT, "2026-12-08T23:59:59.999999Z", 7, 0, null, null),
                    call(workspace, MODEL, KEY, "2026-12-07T12:00:00Z", 1_000, 0, null, null),
                    call(workspace, MODEL, KEY, "2026-11-30T23:59:59Z", 50_000, 0, null, null),
                    call(workspace, MODEL, KEY, "2027-01-01T00:00:00Z", 70_000, 0, null, null),
                    call(other, MODEL, KEY, "2026-12-08T03:00:00Z", 99_999, 0, null, null)));
            BudgetRepository repository = new BudgetRepository(jdbc);

            assertThat(spent(repository, budget(workspace, BudgetScope.WORKSPACE, "", BudgetPeriod.DAY)))
                    .isEqualTo(128 + 11 + 7);
            assertThat(spent(repository, budget(workspace, BudgetScope.WORKSPACE, "", BudgetPeriod.MONTH)))
                    .isEqualTo(128 + 11 + 7 + 1_000);
            assertThat(spent(repository, budget(workspace, BudgetScope.KEY, "key-1", BudgetPeriod.DAY)))
                    .as("an account of the same id is not the key").isEqualTo(128);
            assertThat(spent(repository, budget(workspace, BudgetScope.KEY, "key-1", BudgetPeriod.MONTH)))
                    .isEqualTo(128 + 1_000);
            assertThat(spent(repository, budget(workspace, BudgetScope.MODEL, MODEL, BudgetPeriod.DAY)))
                    .isEqualTo(128 + 7);
            assertThat(spent(repository, budget(workspace, BudgetScope.MODEL, OTHER_MODEL, BudgetPeriod.MONTH)))
                    .isEqualTo(11);
            assertThat(spent(repository, budget(workspace, BudgetScope.KEY, "key-3", BudgetPeriod.MONTH))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void usdBudget_roundTrips_andSpendsTheCallsCostInNanoUsd_unpricedCallsCountingNothing(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String workspace = workspace(jdbc);
            String other = workspace(jdbc);
            new UsageRepository(db.dataSource()).insertAll(List.of(
                    call(workspace, MODEL, KEY, "2026-12-08T01:00:00Z", 100, 20, null, null)
                            .withCost(PricingMode.ON_DEMAND, 1_250_000L, "shipped 2026-12-08"),
                    call(workspace, MODEL, KEY, "2026-12-08T02:00:00Z", 10_000, 500, null, null),
                    call(workspace, OTHER_MODEL, ACCOUNT, "2026-12-08T03:00:00Z", 1, 1, null, null)
                            .withCost(PricingMode.ON_DEMAND, 7L, "shipped 2026-12-08"),
                    call(workspace, MODEL, KEY, "2026-12-01T00:00:00Z", 1, 1, null, null)
                            .withCost(PricingMode.ON_DEMAND, 30_000_000_000L, "shipped 2026-12-08"),
                    call(other, MODEL, KEY, "2026-12-08T04:00:00Z", 1, 1, null, null)
                            .withCost(PricingMode.ON_DEMAND, 999_000_000_000L, "shipped 2026-12-08")));
            BudgetRepository repository = new BudgetRepository(jdbc);
            Budget usd = new Budget(UUID.randomUUID().toString(), workspace, BudgetScope.KEY, "key-1", BudgetUnit.USD,
                    BudgetPeriod.DAY, Budgets.MAX_USD_LIMIT_NANOS, 12_500_000_000L, NOW, "alice", NOW, "alice");
            repository.insert(usd);

            assertThat(repository.find(workspace, usd.id())).contains(usd);
            assertThat(spent(repository, usd)).as("the priced call only; the unpriced one counts 0")
                    .isEqualTo(1_250_000L);
            Budget monthly = new Budget(usd.id(), workspace, BudgetScope.WORKSPACE, "", BudgetUnit.USD,
                    BudgetPeriod.MONTH, 1, null, NOW, "alice", NOW, "bob");
            assertThat(repository.update(monthly)).isTrue();
            assertThat(repository.list(workspace)).containsExactly(monthly);
            assertThat(spent(repository, monthly)).isEqualTo(1_250_000L + 7 + 30_000_000_000L);
            assertThat(BudgetUnit.USD.format(spent(repository, monthly))).isEqualTo("30.001250007");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void markWarned_isTrueOncePerPeriod_andOnlyInItsWorkspace(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String workspace = workspace(jdbc);
            String other = workspace(jdbc);
            BudgetRepository repository = new BudgetRepository(jdbc);
            Budget budget = budget(workspace, BudgetScope.WORKSPACE, "", BudgetPeriod.DAY);
            repository.insert(budget);
            LocalDate today = LocalDate.parse("2026-12-08");

            assertThat(repository.markWarned(other, budget.id(), today)).isFalse();
            assertThat(repository.markWarned(workspace, budget.id(), today)).isTrue();
            assertThat(repository.markWarned(workspace, budget.id(), today)).isFalse();
            assertThat(repository.markWarned(workspace, budget.id(), today.plusDays(1))).isTrue();
            assertThat(repository.update(budget)).isTrue();
            assertThat(repository.markWarned(workspace, budget.id(), today.plusDays(1)))
                    .as("a replaced budget warns again").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyStatement_isScopedToItsWorkspace(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String workspace = workspace(jdbc);
            String other = workspace(jdbc);
            BudgetRepository repository = new BudgetRepository(jdbc);
            Budget budget = budget(workspace, BudgetScope.MODEL, MODEL, BudgetPeriod.MONTH);
            repository.insert(budget);
            Budget elsewhere = new Budget(budget.id(), other, BudgetScope.WORKSPACE, "", BudgetUnit.TOKENS,
                    BudgetPeriod.DAY, 5, null, NOW, "mallory", NOW, "mallory");

            assertThat(repository.find(other, budget.id())).isEmpty();
            assertThat(repository.list(other)).isEmpty();
            assertThat(repository.update(elsewhere)).isFalse();
            assertThat(repository.delete(other, budget.id())).isFalse();
            assertThat(repository.find(workspace, budget.id())).contains(budget);
            assertThat(repository.list(workspace)).containsExactly(budget);
            assertThat(repository.count(workspace)).isEqualTo(1);
            assertThat(repository.delete(workspace, budget.id())).isTrue();
            assertThat(repository.list(workspace)).isEmpty();
        }
    }
}
