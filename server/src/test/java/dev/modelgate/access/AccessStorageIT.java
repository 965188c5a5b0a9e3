package dev.modelgate.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.MovableClock;
import dev.modelgate.audit.JdbcAuditLog;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and API keys on the embedded H2 and on the real PostgreSQL server: what is stored (hashes only), the
 * schema's rules, and lockout expiring with time (a clock the test moves).
 */
class AccessStorageIT {


    private record Setup(Accounts accounts, ApiKeys keys, String workspace, MovableClock clock, TestDatabase db) {
    }

    private static Setup setup(TestDatabase db) {
        return setup(db, new DelegatingPasswordEncoder("argon2",
                Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8())));
    }

    private static Setup setup(TestDatabase db, PasswordEncoder passwords) {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
        String workspace = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(workspace, "w-" + workspace, "mg-" + workspace,
                clock.instant()));
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        JdbcAuditLog audit = new JdbcAuditLog(db.jdbc(), tools.jackson.databind.json.JsonMapper.builder().build(), clock);
        Accounts accounts = new Accounts(new AccountRepository(db.jdbc()), passwords, audit, transactions,
                clock, new Accounts.SignInPolicy(3, Duration.ofMinutes(15)));
        return new Setup(accounts, new ApiKeys(new ApiKeyRepository(db.jdbc()), audit, transactions, clock),
                workspace, clock, db);
    }

    @org.junit.jupiter.api.Test
    void keys_lookupTtlNotPositive_isRefusedNamingTheProperty() {
        try (TestDatabase db = TestDatabase.create(Engine.H2)) {
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
            MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
            JdbcAuditLog audit = new JdbcAuditLog(db.jdbc(), tools.jackson.databind.json.JsonMapper.builder().build(),
                    clock);
            for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
                assertThatThrownBy(() -> new ApiKeys(new ApiKeyRepository(db.jdbc()), audit, transactions, clock,
                        dev.modelgate.cluster.Invalidations.local(), ttl))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("modelgate.keys.lookup-ttl must be positive, got " + ttl);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void create_takenUsername_costsWhatAFreeOneCosts_onePasswordHashEach(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            CountingEncoder counting = new CountingEncoder();
            AtomicInteger hashes = counting.encodes;
            Setup s = setup(db, counting);
            int before = hashes.get();

            s.accounts().create("operator", "a long secret passphrase", Role.OPERATOR, null, "test");
            int free = hashes.get() - before;
            assertThatThrownBy(() -> s.accounts().create("operator", "another secret passphrase", Role.OPERATOR,
                    null, "test")).isInstanceOf(InvalidInputException.class).hasMessageContaining("is taken");
            int taken = hashes.get() - before - free;

            assertThat(free).isEqualTo(1);
            assertThat(taken).as("the taken name is not answered before the hash a free one costs").isEqualTo(free);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signIn_lockedAccountWithAWrongPassword_answersAndCostsAsAnUnknownName(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            CountingEncoder counting = new CountingEncoder();
            Setup s = setup(db, counting);
            s.accounts().create("bob", "a long secret passphrase", Role.ADMIN, s.workspace(), "test");
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> s.accounts().signIn("bob", "wrong")).isInstanceOfSatisfying(
                        SignInException.class, e -> assertThat(e.lockedUntil()).as("the locking failure too").isNull());
            }

            int before = counting.matches.get();
            SignInException locked = catchThrowableOfType(SignInException.class,
                    () -> s.accounts().signIn("bob", "still wrong"));
            int lockedCost = counting.matches.get() - before;
            SignInException unknown = catchThrowableOfType(SignInException.class,
                    () -> s.accounts().signIn("nobody", "still wrong"));
            int unknownCost = counting.matches.get() - before - lockedCost;

            assertThat(locked.getMessage()).isEqualTo(unknown.getMessage());
            assertThat(locked.lockedUntil()).isNull();
            assertThat(lockedCost).isEqualTo(unknownCost).isEqualTo(1);
            assertThatThrownBy(() -> s.accounts().signIn("bob", "a long secret passphrase")).isInstanceOfSatisfying(
                    SignInException.class, e -> assertThat(e.lockedUntil()).isNotNull());
        }
    }

    /** Argon2id, counting what it computes: the cost of a path in hashes, not in milliseconds. */
    private static final class CountingEncoder implements PasswordEncoder {

        final AtomicInteger encodes = new AtomicInteger();
        final AtomicInteger matches = new AtomicInteger();
        private final PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

        @Override
        public String encode(CharSequence raw) {
            encodes.incrementAndGet();
            return argon2.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            matches.incrementAndGet();
            return argon2.matches(raw, encoded);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void workspaceMember_namedLikeAnAccountElsewhere_isCreatedInTheWorkspacesNamespace(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            s.accounts().create("operator", "a long secret passphrase", Role.OPERATOR, null, "test");
            String namespace = Accounts.namespace(s.workspace());

            Account member = s.accounts().addWorkspaceMember(s.workspace(), "Operator", "the member's passphrase",
                    Role.DEVELOPER, "admin");

            assertThat(member.username()).isEqualTo("operator." + namespace);
            assertThat(member.workspaceId()).isEqualTo(s.workspace());
            assertThat(s.accounts().findByUsername("operator").orElseThrow().role()).isEqualTo(Role.OPERATOR);
            assertThat(s.accounts().signIn("operator." + namespace, "the member's passphrase").workspaceId())
                    .isEqualTo(s.workspace());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void account_isStoredWithAnArgon2idHashOnly_andSignsIn(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);

            Account account = s.accounts().create("Alice@Example.com", "a long secret passphrase", Role.DEVELOPER,
                    s.workspace(), "test");

            Map<String, Object> row = db.jdbc().sql("SELECT * FROM accounts WHERE id = ?").param(account.id())
                    .query().singleRow();
            assertThat(row.get(engine == Engine.H2 ? "USERNAME" : "username")).isEqualTo("alice@example.com");
            assertThat(String.valueOf(row.get(engine == Engine.H2 ? "PASSWORD_HASH" : "password_hash")))
                    .startsWith("{argon2}$argon2id$").doesNotContain("a long secret passphrase");
            assertThat(s.accounts().signIn("ALICE@example.com", "a long secret passphrase"))
                    .isEqualTo(new Caller(Caller.Kind.ACCOUNT, account.id(), "alice@example.com", Role.DEVELOPER,
                            s.workspace(), null, null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lockout_endsAfterItsTime(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            s.accounts().create("bob", "a long secret passphrase", Role.ADMIN, s.workspace(), "test");

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> s.accounts().signIn("bob", "wrong")).isInstanceOf(SignInException.class);
            }
            Instant lockedUntil = s.clock().instant().plus(Duration.ofMinutes(15));
            assertThatThrownBy(() -> s.accounts().signIn("bob", "a long secret passphrase"))
                    .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.lockedUntil())
                            .isEqualTo(lockedUntil));
            s.clock().advance(Duration.ofMinutes(15));

            assertThat(s.accounts().signIn("bob", "a long secret passphrase").name()).isEqualTo("bob");
            assertThat(s.accounts().findByUsername("bob").orElseThrow().failedSignIns()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void schema_refusesAnOperatorInAWorkspace_andAMemberWithout(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            AccountRepository repository = new AccountRepository(db.jdbc());
            Instant now = s.clock().instant();

            assertThatThrownBy(() -> repository.insert(new Account(UUID.randomUUID().toString(), "op", "{argon2}x",
                    Role.OPERATOR, s.workspace(), 0, null, now, "test")))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> repository.insert(new Account(UUID.randomUUID().toString(), "dev", "{argon2}x",
                    Role.DEVELOPER, null, 0, null, now, "test")))
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void key_isStoredAsAHash_authenticates_andExpiresWithTime(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            Instant expiry = s.clock().instant().plus(1, ChronoUnit.DAYS);

            ApiKeys.Created created = s.keys().create(s.workspace(), "agent", Role.AGENT, expiry, "test");

            String secret = created.token().substring(13);
            String stored = db.jdbc().sql("SELECT secret_hash FROM api_keys WHERE id = ?").param(created.key().id())
                    .query(String.class).single();
            assertThat(stored).isEqualTo(ApiKeys.sha256(created.token())).doesNotContain(secret);
            ApiKeys.Check check = s.keys().authenticate(created.token());
            assertThat(check.outcome()).isEqualTo(ApiKeys.Outcome.VALID);
            assertThat(check.key().caller()).isEqualTo(new Caller(Caller.Kind.KEY, created.key().id(),
                    created.key().prefix() + " (agent)", Role.AGENT, s.workspace(), null, null));
            assertThat(s.keys().authenticate(created.token().substring(0, 13) + "x".repeat(43)).outcome())
                    .isEqualTo(ApiKeys.Outcome.UNKNOWN);
            s.clock().advance(Duration.ofDays(1));
            assertThat(s.keys().authenticate(created.token()).outcome()).isEqualTo(ApiKeys.Outcome.EXPIRED);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void scopedKey_isStoredOneEntryALine_andReadBackCompiled_throughAuthentication(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);

            ApiKeys.Created created = s.keys().create(s.workspace(), "support bot", Role.AGENT, null,
                    java.util.List.of("haiku", "support-*", "haiku"), "test");

            String stored = db.jdbc().sql("SELECT models FROM api_keys WHERE id = ?").param(created.key().id())
                    .query(String.class).single();
            assertThat(stored).isEqualTo("haiku\nsupport-*");
            ApiKey read = new ApiKeyRepository(db.jdbc()).find(s.workspace(), created.key().id()).orElseThrow();
            assertThat(read.models()).isEqualTo(ModelScope.of(java.util.List.of("haiku", "support-*")));
            Caller caller = s.keys().authenticate(created.token()).key().caller();
            assertThat(caller.models().entries()).containsExactly("haiku", "support-*");
            assertThat(caller.mayCall("support-eu")).isTrue();
            assertThat(caller.mayCall("sonnet")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unscopedKey_storesNull_andMayCallEveryModel(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);

            ApiKeys.Created created = s.keys().create(s.workspace(), "any", Role.AGENT, null, "test");

            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM api_keys WHERE id = ? AND models IS NULL")
                    .param(created.key().id()).query(Long.class).single()).isEqualTo(1L);
            ApiKey read = new ApiKeyRepository(db.jdbc()).list(s.workspace()).getFirst();
            assertThat(read.models()).isNull();
            assertThat(read.caller().mayCall("anything")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void keyWithItsOwnLimit_isStoredInTwoColumns_andReadBackThroughAuthentication(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);

            ApiKeys.Created created = s.keys().create(s.workspace(), "fast bot", Role.AGENT, null, null,
                    new ApiKeys.RequestedLimits(5L, 10L), "test");

            Map<String, Object> row = db.jdbc().sql("SELECT limit_requests_per_second AS rate, limit_burst AS burst "
                    + "FROM api_keys WHERE id = ?").param(created.key().id()).query().singleRow();
            assertThat(row.get(engine == Engine.H2 ? "RATE" : "rate")).isEqualTo(5L);
            assertThat(row.get(engine == Engine.H2 ? "BURST" : "burst")).isEqualTo(10L);
            ApiKey read = new ApiKeyRepository(db.jdbc()).find(s.workspace(), created.key().id()).orElseThrow();
            assertThat(read.limits()).isEqualTo(new RateLimits.Limit(5, 10));
            assertThat(s.keys().authenticate(created.token()).key().caller().limits())
                    .isEqualTo(new RateLimits.Limit(5, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void keyWithoutALimit_storesNulls_andReadsBackNull(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);

            ApiKeys.Created created = s.keys().create(s.workspace(), "plain", Role.AGENT, null, "test");

            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM api_keys WHERE id = ? AND limit_requests_per_second IS NULL "
                    + "AND limit_burst IS NULL").param(created.key().id()).query(Long.class).single()).isEqualTo(1L);
            assertThat(new ApiKeyRepository(db.jdbc()).list(s.workspace()).getFirst().limits()).isNull();
            assertThat(s.keys().authenticate(created.token()).key().caller().limits()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void schema_refusesHalfALimit_andAZeroOne(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            String id = s.keys().create(s.workspace(), "plain", Role.AGENT, null, "test").key().id();

            assertThatThrownBy(() -> db.jdbc().sql("UPDATE api_keys SET limit_requests_per_second = 5 WHERE id = ?")
                    .param(id).update()).isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> db.jdbc().sql("UPDATE api_keys SET limit_requests_per_second = 0, "
                    + "limit_burst = 1 WHERE id = ?").param(id).update())
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }
}
