package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A model's revisions and live pointer, on the embedded H2 and on the real PostgreSQL server. */
class JdbcModelRevisionsIT {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static String workspace(TestDatabase db, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, name, "mg-" + id.substring(0, 8), T0));
        return id;
    }

    private static StoredModel model(String workspaceId, String name) {
        return new StoredModel(UUID.randomUUID().toString(), workspaceId, name, "first", "AMAZON_BEDROCK", true,
                ModelStatus.DRAFT, 1, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", "", "us-east-1",
                "anthropic.claude-3-haiku-20240307-v1:0", "[{\"name\":\"prompt\",\"type\":\"STRING\"}]",
                "{\"prompt\": \"{{prompt}}\"}", "{\"text\":\"$.content[0].text\"}", 2_500, 45_000, T0, "alice", T0,
                "alice");
    }

    /** The next revision of {@code m}: another name and description, saved by bob a minute later. */
    private static StoredModel next(StoredModel m, String name, String description) {
        return new StoredModel(m.id(), m.workspaceId(), name, description, m.provider(), m.inferenceEnabled(),
                ModelStatus.DRAFT, m.revision() + 1, m.roleArn(), m.stsEndpoint(), m.region(), m.modelReference(),
                m.variablesJson(), m.requestTemplate(), m.outputMappingJson(), m.connectTimeoutMillis(),
                m.totalTimeoutMillis(), m.createdAt(), m.createdBy(), m.updatedAt().plusSeconds(60), "bob",
                m.requestOptionsJson(), m.api(), m.converseJson(), m.chatJson(), m.liveRevision());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDraftSavedOverALiveRevision_leavesTheLiveOneServedByItsName_untilTheDraftIsPromoted(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel v1 = model(workspace(db, "acme"), "haiku");
            repository.insert(v1);
            assertThat(repository.findLive(v1.workspaceId(), "haiku")).isEmpty();
            assertThat(repository.promote(v1.workspaceId(), v1.id(), 1, 1)).isTrue();
            StoredModel live1 = v1.withLive(1L);
            assertThat(repository.findLive(v1.workspaceId(), "haiku")).contains(live1);

            StoredModel v2 = next(live1, "haiku-2", "second");
            assertThat(repository.update(v2, 1, "{\"name\":{\"before\":\"haiku\",\"after\":\"haiku-2\"}}")).isTrue();

            StoredModel head = repository.find(v1.workspaceId(), v1.id()).orElseThrow();
            assertThat(head).isEqualTo(v2);
            assertThat(head.status()).isEqualTo(ModelStatus.DRAFT);
            assertThat(head.liveRevision()).isEqualTo(1L);
            assertThat(head.draftRevision()).isEqualTo(2L);
            assertThat(repository.findLive(v1.workspaceId(), "haiku")).contains(live1);
            assertThat(repository.findLive(v1.workspaceId(), "haiku-2")).isEmpty();
            assertThat(repository.listLive(v1.workspaceId(), 0, 10)).containsExactly(live1);

            assertThat(repository.promote(v1.workspaceId(), v1.id(), 2, 1)).isFalse();
            assertThat(repository.promote(v1.workspaceId(), v1.id(), 2, 2)).isTrue();

            StoredModel live2 = v2.withLive(2L);
            assertThat(repository.find(v1.workspaceId(), v1.id())).contains(live2);
            assertThat(live2.status()).isEqualTo(ModelStatus.READY);
            assertThat(live2.draftRevision()).isNull();
            assertThat(repository.findLive(v1.workspaceId(), "haiku")).isEmpty();
            assertThat(repository.findLive(v1.workspaceId(), "haiku-2")).contains(live2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void revisions_keepEachConfigurationWithItsChangesAndLatestTest_newestFirst(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel v1 = model(workspace(db, "acme"), "haiku");
            repository.insert(v1);
            assertThat(repository.recordTest(v1.workspaceId(), v1.id(), 1, "run-1", true)).isTrue();
            assertThat(repository.promote(v1.workspaceId(), v1.id(), 1, 1)).isTrue();
            StoredModel v2 = next(v1.withLive(1L), "haiku", "second");
            repository.update(v2, 1, "{\"description\":{\"before\":\"first\",\"after\":\"second\"}}");
            assertThat(repository.recordTest(v1.workspaceId(), v1.id(), 2, "run-2", false)).isTrue();

            assertThat(repository.countRevisions(v1.workspaceId(), v1.id())).isEqualTo(2);
            assertThat(repository.listRevisions(v1.workspaceId(), v1.id(), 0, 10)).containsExactly(
                    new ModelRevision(v2.withLive(null), "{\"description\":{\"before\":\"first\",\"after\":\"second\"}}",
                            "run-2", "FAILED", false, true, false),
                    new ModelRevision(v1.withLive(1L), null, "run-1", "PASSED", true, false, true));
            assertThat(repository.listRevisions(v1.workspaceId(), v1.id(), 1, 10))
                    .extracting(ModelRevision::revision).containsExactly(1L);
            assertThat(repository.findRevision(v1.workspaceId(), v1.id(), 1).orElseThrow().passed()).isTrue();
            assertThat(repository.findRevision(v1.workspaceId(), v1.id(), 3)).isEmpty();
            String other = workspace(db, "globex");
            assertThat(repository.findRevision(other, v1.id(), 1)).isEmpty();
            assertThat(repository.listRevisions(other, v1.id(), 0, 10)).isEmpty();
            assertThat(repository.recordTest(other, v1.id(), 1, "run-3", false)).isFalse();

            // Going back to revision 1 (was live): live again, the draft stays, and 1 is no longer "was live" only.
            repository.promote(v1.workspaceId(), v1.id(), 2, 2);
            assertThat(repository.findRevision(v1.workspaceId(), v1.id(), 2).orElseThrow().wasLive()).isTrue();
            assertThat(repository.promote(v1.workspaceId(), v1.id(), 1, 2)).isTrue();
            StoredModel head = repository.find(v1.workspaceId(), v1.id()).orElseThrow();
            assertThat(head.liveRevision()).isEqualTo(1L);
            assertThat(head.draftRevision()).isEqualTo(2L);
            assertThat(head.status()).isEqualTo(ModelStatus.DRAFT);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promote_toANameAnotherModelIsLiveBy_isRefusedAsADuplicateName(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String acme = workspace(db, "acme");
            StoredModel a = model(acme, "chat");
            repository.insert(a);
            repository.promote(acme, a.id(), 1, 1);
            repository.update(next(a.withLive(1L), "chat-old", "renamed"), 1, null);
            StoredModel b = model(acme, "chat");
            repository.insert(b);

            assertThatThrownBy(() -> repository.promote(acme, b.id(), 1, 1))
                    .isInstanceOf(DuplicateModelNameException.class);
            assertThat(repository.findLive(acme, "chat").orElseThrow().id()).isEqualTo(a.id());
            assertThat(repository.find(acme, b.id()).orElseThrow().liveRevision()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void delete_removesTheRevisionsToo(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel v1 = model(workspace(db, "acme"), "haiku");
            repository.insert(v1);
            repository.update(next(v1, "haiku", "second"), 1, null);

            assertThat(repository.delete(v1.workspaceId(), v1.id(), 2)).isTrue();

            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM model_revisions").query(Long.class).single()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void migration_aReadyModelsRevisionIsLive_andADraftModelsIsTheDraft(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine, "15")) {
            String acme = workspace(db, "acme");
            insertV15(db, acme, "m1", "ready-one", "READY", 3);
            insertV15(db, acme, "m2", "draft-one", "DRAFT", 1);
            db.jdbc().sql("INSERT INTO test_runs (id, workspace_id, model_id, revision, model_name, outcome, "
                            + "assume_role_ms, invoke_ms, map_ms, latency_ms, role_arn, external_id, sts_endpoint, "
                            + "tested_at, actor, answer) VALUES ('t1', ?, 'm1', 3, 'ready-one', 'PASSED', 1, 1, 1, 3, "
                            + "'arn:aws:iam::222222222222:role/R', 'x', 'https://sts.amazonaws.com', ?, 'a', '{}')")
                    .params(acme, Timestamp.from(T0)).update();

            db.migrate();

            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel ready = repository.find(acme, "m1").orElseThrow();
            assertThat(ready.liveRevision()).isEqualTo(3L);
            assertThat(ready.draftRevision()).isNull();
            assertThat(repository.findLive(acme, "ready-one").orElseThrow().revision()).isEqualTo(3);
            ModelRevision readyRevision = repository.findRevision(acme, "m1", 3).orElseThrow();
            assertThat(readyRevision.testRunId()).isEqualTo("t1");
            assertThat(readyRevision.passed()).isTrue();
            assertThat(readyRevision.live()).isTrue();
            assertThat(readyRevision.wasLive()).isTrue();
            assertThat(readyRevision.model()).isEqualTo(ready);

            StoredModel draft = repository.find(acme, "m2").orElseThrow();
            assertThat(draft.liveRevision()).isNull();
            assertThat(draft.draftRevision()).isEqualTo(1L);
            assertThat(repository.findLive(acme, "draft-one")).isEmpty();
            ModelRevision draftRevision = repository.findRevision(acme, "m2", 1).orElseThrow();
            assertThat(draftRevision.draft()).isTrue();
            assertThat(draftRevision.testRunId()).isNull();
            assertThat(draftRevision.wasLive()).isFalse();
        }
    }

    private static void insertV15(TestDatabase db, String workspaceId, String id, String name, String status,
                                  long revision) {
        db.jdbc().sql("INSERT INTO external_models (id, workspace_id, name, description, provider, inference_enabled, "
                        + "status, revision, role_arn, sts_endpoint, region, model_reference, variables, "
                        + "request_template, output_mapping, created_at, created_by, updated_at, updated_by) VALUES "
                        + "(?, ?, ?, '', 'AMAZON_BEDROCK', TRUE, ?, ?, 'arn:aws:iam::222222222222:role/R', '', "
                        + "'us-east-1', 'x', '[]', '{}', '{}', ?, 'a', ?, 'a')")
                .params(id, workspaceId, name, status, revision, Timestamp.from(T0), Timestamp.from(T0)).update();
    }
}
