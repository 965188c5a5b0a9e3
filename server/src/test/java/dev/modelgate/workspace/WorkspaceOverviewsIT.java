package dev.modelgate.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Account;
import dev.modelgate.access.AccountRepository;
import dev.modelgate.access.ApiKey;
import dev.modelgate.access.ApiKeyRepository;
import dev.modelgate.access.Role;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.model.JdbcModelRepository;
import dev.modelgate.model.ModelRepository;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.model.StoredModel;
import dev.modelgate.registration.RegistrationState;
import dev.modelgate.registration.RoleRegistration;
import dev.modelgate.registration.RoleRegistrationRepository;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Operators' counts and overviews of workspaces, on H2 and on the real PostgreSQL, at a fixed time. */
class WorkspaceOverviewsIT {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant T0 = NOW.minus(Duration.ofDays(100));
    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";

    private record World(Workspace acme, Workspace globex, Workspace empty, StoredModel haiku, StoredModel draft,
                         StoredModel other, ApiKey agent, ApiKey revoked, ApiKey expired, Account admin, Account dev,
                         RoleRegistration registration) {
    }

    private static Workspace workspace(TestDatabase db, String name) {
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), name, "mg-" + name, T0);
        new WorkspaceRepository(db.jdbc()).insert(workspace);
        return workspace;
    }

    private static StoredModel model(ModelRepository models, Workspace workspace, String name, boolean live) {
        StoredModel model = new StoredModel(UUID.randomUUID().toString(), workspace.id(), name, "a model",
                "AMAZON_BEDROCK", true, ModelStatus.DRAFT, 1, ROLE, "", "us-east-1",
                "anthropic.claude-3-haiku-20240307-v1:0", "[{\"name\":\"prompt\",\"type\":\"STRING\"}]",
                "{\"prompt\": \"{{prompt}}\"}", "{\"text\":\"$.content[0].text\"}", 2_500, 45_000, T0, "alice", T0,
                "alice");
        models.insert(model);
        if (live) {
            assertThat(models.promote(workspace.id(), model.id(), 1, 1)).isTrue();
        }
        return model;
    }

    private static ApiKey key(ApiKeyRepository keys, Workspace workspace, String name, Instant expires,
                              Instant revoked) {
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), workspace.id(), name, Role.AGENT,
                "mgk_" + UUID.randomUUID().toString().substring(0, 8), "0".repeat(64), T0, "alice", expires, revoked,
                revoked == null ? null : "alice", null, null);
        keys.insert(key);
        return key;
    }

    private static Account account(AccountRepository accounts, Workspace workspace, String name, Role role) {
        Account account = new Account(UUID.randomUUID().toString(), name, "{argon2}x", role,
                workspace == null ? null : workspace.id(), 0, null, T0, "alice");
        accounts.insert(account);
        return account;
    }

    private static void call(UsageRepository usage, Workspace workspace, StoredModel model, UsageKind kind,
                             String outcome, long input, long output, Duration ago, ApiKey key) {
        UsageRecord record = UsageRecord.create(workspace.id(), model == null ? null : model.id(),
                model == null ? "a draft" : model.name(), kind, outcome, input, output, TokenSource.MAPPING, 10, null,
                NOW.minus(ago));
        // A call that succeeded costs 100 nano-USD an input token and 1,000 an output token; one that failed is unpriced.
        record = outcome.equals("OK") ? record.withCost(dev.modelgate.usage.PricingMode.ON_DEMAND,
                input * 100 + output * 1000, "shipped 2026-12-08")
                : record.withCost(dev.modelgate.usage.PricingMode.UNPRICED, null, null);
        usage.insert(key == null ? record : record.withCaller(new UsageCaller(UsageCaller.Kind.KEY, key.id(),
                key.prefix() + " (" + key.name() + ")")));
    }

    private static World world(TestDatabase db) {
        ModelRepository models = new JdbcModelRepository(db.jdbc());
        ApiKeyRepository keys = new ApiKeyRepository(db.jdbc());
        AccountRepository accounts = new AccountRepository(db.jdbc());
        UsageRepository usage = new UsageRepository(db.dataSource());
        Workspace acme = workspace(db, "acme");
        Workspace globex = workspace(db, "globex");
        Workspace empty = workspace(db, "empty");
        StoredModel haiku = model(models, acme, "haiku", true);
        StoredModel draft = model(models, acme, "draft", false);
        StoredModel other = model(models, globex, "other", true);
        ApiKey agent = key(keys, acme, "agent", null, null);
        ApiKey revoked = key(keys, acme, "revoked", null, NOW.minus(Duration.ofDays(1)));
        ApiKey expired = key(keys, acme, "expired", NOW, null);
        ApiKey globexKey = key(keys, globex, "globex-agent", NOW.plus(Duration.ofDays(1)), null);
        Account admin = account(accounts, acme, "acme-admin", Role.ADMIN);
        Account dev = account(accounts, acme, "acme-dev", Role.DEVELOPER);
        account(accounts, null, "operator", Role.OPERATOR);
        RoleRegistration registration = new RoleRegistration(UUID.randomUUID().toString(), acme.id(), "acme", ROLE,
                RegistrationState.PENDING, T0, "alice", null, null, null);
        new RoleRegistrationRepository(db.jdbc()).insert(registration);

        call(usage, acme, haiku, UsageKind.INVOKE, "OK", 10, 5, Duration.ofDays(1), agent);
        call(usage, acme, haiku, UsageKind.CHAT_COMPLETIONS, "THROTTLED", 0, 0, Duration.ofDays(2), agent);
        call(usage, acme, haiku, UsageKind.TEST, "OK", 100, 100, Duration.ofHours(1), null);
        call(usage, acme, null, UsageKind.INVOKE, "OK", 1, 1, Duration.ofDays(3), null);
        call(usage, acme, haiku, UsageKind.INVOKE, "OK", 1000, 1000, Duration.ofDays(31), revoked);
        call(usage, globex, other, UsageKind.INVOKE, "OK", 7, 7, Duration.ofDays(40), globexKey);
        return new World(acme, globex, empty, haiku, draft, other, agent, revoked, expired, admin, dev, registration);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void counts_ofEveryWorkspace_countEachOnesOwn_andOnlyAgentsCallsOfTheLast30Days(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            World w = world(db);
            WorkspaceOverviews overviews = new WorkspaceOverviews(db.jdbc(), Clock.fixed(NOW, ZoneOffset.UTC));

            WorkspaceCounts acme = new WorkspaceCounts(2, 1, 1, 2, 3, 1, NOW.minus(Duration.ofDays(1)));
            WorkspaceCounts globex = new WorkspaceCounts(1, 1, 1, 0, 0, 0, NOW.minus(Duration.ofDays(40)));
            assertThat(overviews.counts()).isEqualTo(Map.of(w.acme().id(), acme, w.globex().id(), globex));
            assertThat(overviews.counts(w.acme().id())).isEqualTo(acme);
            assertThat(overviews.counts(w.globex().id())).isEqualTo(globex);
            assertThat(overviews.counts(w.empty().id())).isEqualTo(WorkspaceCounts.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void overview_listsTheWorkspacesModelsKeysMembersAndRegistrations_withTheirUsage(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            World w = world(db);
            WorkspaceOverviews overviews = new WorkspaceOverviews(db.jdbc(), Clock.fixed(NOW, ZoneOffset.UTC));

            WorkspaceOverview overview = overviews.overview(w.acme());

            assertThat(overview).isEqualTo(new WorkspaceOverview(w.acme(), overviews.counts(w.acme().id()),
                    List.of(new WorkspaceOverview.Model(w.draft().id(), "draft", "DRAFT", 1, null, true, T0, 0, 0, 0, 0,
                                    "0.000000000", 0),
                            new WorkspaceOverview.Model(w.haiku().id(), "haiku", "READY", 1, 1L, true, T0, 2, 1, 10,
                                    5, "0.000006000", 1)),
                    List.of(keyOf(w.agent(), "ACTIVE", NOW.minus(Duration.ofDays(1))),
                            keyOf(w.expired(), "EXPIRED", null),
                            keyOf(w.revoked(), "REVOKED", NOW.minus(Duration.ofDays(31)))),
                    List.of(new WorkspaceOverview.Member(w.admin().id(), "acme-admin", "ADMIN", T0),
                            new WorkspaceOverview.Member(w.dev().id(), "acme-dev", "DEVELOPER", T0)),
                    Map.of("PENDING", 1L),
                    List.of(new WorkspaceOverview.Registration(w.registration().id(), ROLE, "PENDING", T0, null))));
            assertThat(overviews.overview(w.empty())).isEqualTo(new WorkspaceOverview(w.empty(), WorkspaceCounts.NONE,
                    List.of(), List.of(), List.of(), Map.of(), List.of()));
        }
    }

    private static WorkspaceOverview.Key keyOf(ApiKey key, String state, Instant lastUsed) {
        return new WorkspaceOverview.Key(key.id(), key.name(), key.prefix(), "AGENT", state, T0, "alice", lastUsed);
    }
}
