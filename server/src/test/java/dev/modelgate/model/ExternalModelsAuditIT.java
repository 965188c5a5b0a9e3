package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditEvent;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.audit.AuditQuery;
import dev.modelgate.audit.JdbcAuditLog;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.preset.Presets;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model change and its audit event are one transaction, on H2 and on PostgreSQL: when the event cannot be
 * written, the change is undone; when the change fails, no event is written.
 */
class ExternalModelsAuditIT {

    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    private final JsonMapper json = JsonMapper.builder().build();

    /** The real log, made to fail on demand. */
    private static final class Failing implements AuditLog {
        private final AuditLog log;
        final AtomicBoolean failing = new AtomicBoolean();

        Failing(AuditLog log) {
            this.log = log;
        }

        @Override
        public AuditEvent append(AuditEntry entry) {
            AuditEvent event = log.append(entry);
            if (failing.get()) {
                throw new IllegalStateException("audit storage is down");
            }
            return event;
        }

        @Override
        public List<AuditEvent> find(AuditQuery query) {
            return log.find(query);
        }

        @Override
        public long count(AuditQuery query) {
            return log.count(query);
        }

        @Override
        public Optional<AuditEvent> find(String workspaceId, String id) {
            return log.find(workspaceId, id);
        }

        @Override
        public Optional<AuditEvent> find(String id) {
            return log.find(id);
        }
    }

    private record Setup(ExternalModels models, Failing audit, ModelRepository repository, String workspace,
                         ModelRevisions revisions) {

        long events() {
            return audit.count(new AuditQuery(workspace, null, null, null, Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z"), 0, 100));
        }
    }

    private Setup setup(TestDatabase db) {
        String workspace = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(workspace, "demo", "mg-" + workspace.substring(0, 8),
                Instant.now()));
        ModelRepository repository = new JdbcModelRepository(db.jdbc());
        Failing audit = new Failing(new JdbcAuditLog(db.jdbc(), json, Clock.systemUTC()));
        // Microseconds, as the databases store them: a model read back equals the one saved.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
        ExternalModels models = new ExternalModels(repository, json, clock, ConnectionListener.NONE,
                audit, new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        return new Setup(models, audit, repository, workspace,
                new ModelRevisions(models, repository, json, clock, audit, transactions));
    }

    private static ModelDraft draft(String name) {
        return Presets.builtIn().forFamily("ANTHROPIC_CLAUDE").orElseThrow().draft(name, ROLE, null, "us-east-1", HAIKU);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void auditFails_eachChangeIsUndone(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            StoredModel saved = s.models().create(s.workspace(), draft("haiku"), "alice").stored();
            s.audit().failing.set(true);

            assertThatThrownBy(() -> s.models().create(s.workspace(), draft("sonnet"), "alice"))
                    .hasMessage("audit storage is down");
            assertThatThrownBy(() -> s.models().update(s.workspace(), saved.id(), 1, draft("renamed"), "alice"))
                    .hasMessage("audit storage is down");
            assertThatThrownBy(() -> s.models().setInferenceEnabled(s.workspace(), saved.id(), false, "alice"))
                    .hasMessage("audit storage is down");
            assertThatThrownBy(() -> s.models().delete(s.workspace(), saved.id(), 1, "alice"))
                    .hasMessage("audit storage is down");

            assertThat(s.repository().findByName(s.workspace(), "sonnet")).isEmpty();
            assertThat(s.repository().find(s.workspace(), saved.id())).contains(saved);
            assertThat(s.events()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promoteAndRollback_areAuditedWithTheLiveRevisionBeforeAndAfter_andUndoneWhenTheAuditFails(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            String id = s.models().create(s.workspace(), draft("haiku"), "alice").stored().id();
            s.models().recordTest(s.workspace(), id, 1, "run-1", true, true);
            s.models().update(s.workspace(), id, 1, draft("haiku-2"), "alice");
            s.models().recordTest(s.workspace(), id, 2, "run-2", true, false);

            s.audit().failing.set(true);
            assertThatThrownBy(() -> s.revisions().promote(s.workspace(), id, 2, "bob"))
                    .hasMessage("audit storage is down");
            assertThat(s.repository().find(s.workspace(), id).orElseThrow().liveRevision()).isEqualTo(1L);
            s.audit().failing.set(false);

            s.revisions().promote(s.workspace(), id, 2, "bob");
            s.revisions().rollback(s.workspace(), id, 2, 1, "carol");

            assertThat(s.repository().find(s.workspace(), id).orElseThrow().liveRevision()).isEqualTo(1L);
            List<AuditEvent> events = s.audit().find(new AuditQuery(s.workspace(), null, null, null, Instant.EPOCH,
                    Instant.parse("2100-01-01T00:00:00Z"), 0, 2));
            assertThat(events).extracting(AuditEvent::action)
                    .containsExactly(AuditAction.MODEL_ROLLED_BACK, AuditAction.MODEL_PROMOTED);
            assertThat(events.get(0).details()).isEqualTo(json.readTree(
                    "{\"toRevision\": 1, \"liveRevision\": {\"before\": 2, \"after\": 1}}"));
            assertThat(events.get(1).details()).isEqualTo(json.readTree(
                    "{\"liveRevision\": {\"before\": 1, \"after\": 2}, \"testRunId\": \"run-2\"}"));
            assertThat(events.get(0).actor()).isEqualTo("carol");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promote_toANameAnotherModelIsLiveBy_isADuplicateName_andAPassingTestLeavesItADraft(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            String first = s.models().create(s.workspace(), draft("chat"), "alice").stored().id();
            s.models().recordTest(s.workspace(), first, 1, "run-1", true, true);
            s.models().update(s.workspace(), first, 1, draft("chat-old"), "alice");
            String second = s.models().create(s.workspace(), draft("chat"), "alice").stored().id();

            assertThat(s.models().recordTest(s.workspace(), second, 1, "run-2", true, true)).isFalse();
            assertThatThrownBy(() -> s.revisions().promote(s.workspace(), second, 1, "bob"))
                    .isInstanceOf(DuplicateModelNameException.class);

            assertThat(s.models().live(s.workspace(), "chat").orElseThrow().id()).isEqualTo(first);
            assertThat(s.repository().find(s.workspace(), second).orElseThrow().liveRevision()).isNull();
            assertThat(s.repository().findRevision(s.workspace(), second, 1).orElseThrow().passed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void changeFails_noEventIsWritten(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            Setup s = setup(db);
            StoredModel saved = s.models().create(s.workspace(), draft("haiku"), "alice").stored();
            s.models().create(s.workspace(), draft("sonnet"), "alice");

            assertThatThrownBy(() -> s.models().create(s.workspace(), draft("haiku"), "alice"))
                    .isInstanceOf(DuplicateModelNameException.class);
            assertThatThrownBy(() -> s.models().update(s.workspace(), saved.id(), 1, draft("sonnet"), "alice"))
                    .isInstanceOf(DuplicateModelNameException.class);
            assertThatThrownBy(() -> s.models().delete(s.workspace(), saved.id(), 5, "alice"))
                    .hasMessageContaining("changed since revision 5");

            assertThat(s.events()).isEqualTo(2);
            assertThat(s.repository().find(s.workspace(), saved.id())).contains(saved);
        }
    }
}
