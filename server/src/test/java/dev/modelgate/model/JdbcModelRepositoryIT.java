package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The model repository on the embedded H2 and on the real PostgreSQL server. */
class JdbcModelRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static String workspace(TestDatabase db, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, name, "mg-" + id.substring(0, 8), T0));
        return id;
    }

    private static StoredModel model(String workspaceId, String name, long revision, Instant updatedAt) {
        return new StoredModel(UUID.randomUUID().toString(), workspaceId, name, "a model", "AMAZON_BEDROCK", true,
                ModelStatus.DRAFT, revision, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", "", "us-east-1",
                "anthropic.claude-3-haiku-20240307-v1:0", "[{\"name\":\"prompt\",\"type\":\"STRING\"}]",
                "{\"prompt\": \"{{prompt}}\", \"quote\": \"\\\"x\\\" ü 漢字\"}", "{\"text\":\"$.content[0].text\"}",
                2_500, 45_000, T0, "alice", updatedAt, "alice");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertThenFind_returnsEveryFieldVerbatim(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel stored = model(workspace(db, "acme"), "haiku", 1, T0);

            repository.insert(stored);

            assertThat(repository.find(stored.workspaceId(), stored.id())).contains(stored);
            assertThat(repository.findByName(stored.workspaceId(), "haiku")).contains(stored);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void converseModel_roundTripsItsApiAndDefaults_andAnUpdateCanTurnItBackIntoATemplateModel(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel template = model(workspace(db, "acme"), "chat", 1, T0);
            String converse = "{\"system\":\"You are terse. ü 漢字\",\"inferenceConfig\":{\"maxTokens\":200},"
                    + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"inputSchema\":"
                    + "{\"json\":{\"type\":\"object\"}}}}]}}";
            StoredModel stored = new StoredModel(template.id(), template.workspaceId(), "chat", "a chat model",
                    "AMAZON_BEDROCK", true, ModelStatus.DRAFT, 1, template.roleArn(), "", "us-east-1",
                    template.modelReference(), "[]", "", "null", 2_500, 45_000, T0, "alice", T0, "alice", null,
                    ModelApi.CONVERSE, converse);

            repository.insert(stored);

            assertThat(repository.find(stored.workspaceId(), stored.id())).contains(stored);
            StoredModel back = new StoredModel(stored.id(), stored.workspaceId(), "chat", "a chat model",
                    "AMAZON_BEDROCK", true, ModelStatus.DRAFT, 2, template.roleArn(), "", "us-east-1",
                    template.modelReference(), template.variablesJson(), template.requestTemplate(),
                    template.outputMappingJson(), 2_500, 45_000, T0, "alice", T0.plusSeconds(1), "bob");
            assertThat(repository.update(back, 1)).isTrue();
            assertThat(repository.find(stored.workspaceId(), stored.id())).contains(back);
            assertThat(back.api()).isEqualTo(ModelApi.INVOKE_MODEL);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void chatRule_roundTripsVerbatim_andAnUpdateCanRemoveIt(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel m = model(workspace(db, "acme"), "chat", 1, T0);
            String chat = "{\"prompt\":\"frage ü 漢字\",\"system\":null,\"stop\":\"stop\"}";
            StoredModel stored = new StoredModel(m.id(), m.workspaceId(), m.name(), m.description(), m.provider(),
                    true, ModelStatus.DRAFT, 1, m.roleArn(), "", m.region(), m.modelReference(), m.variablesJson(),
                    m.requestTemplate(), m.outputMappingJson(), 2_500, 45_000, T0, "alice", T0, "alice", null,
                    ModelApi.INVOKE_MODEL, null, chat);

            repository.insert(stored);

            assertThat(repository.find(stored.workspaceId(), stored.id())).contains(stored);
            assertThat(repository.findByName(stored.workspaceId(), "chat").orElseThrow().chatJson()).isEqualTo(chat);
            StoredModel without = new StoredModel(m.id(), m.workspaceId(), m.name(), m.description(), m.provider(),
                    true, ModelStatus.DRAFT, 2, m.roleArn(), "", m.region(), m.modelReference(), m.variablesJson(),
                    m.requestTemplate(), m.outputMappingJson(), 2_500, 45_000, T0, "alice", T0.plusSeconds(1), "bob");
            assertThat(repository.update(without, 1)).isTrue();
            assertThat(repository.find(stored.workspaceId(), stored.id()).orElseThrow().chatJson()).isNull();
            StoredModel again = new StoredModel(m.id(), m.workspaceId(), m.name(), m.description(), m.provider(),
                    true, ModelStatus.DRAFT, 3, m.roleArn(), "", m.region(), m.modelReference(), m.variablesJson(),
                    m.requestTemplate(), m.outputMappingJson(), 2_500, 45_000, T0, "alice", T0.plusSeconds(2), "bob",
                    null, ModelApi.INVOKE_MODEL, null, chat);
            assertThat(repository.update(again, 2)).isTrue();
            assertThat(repository.find(stored.workspaceId(), stored.id())).contains(again);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anApiOtherThanTheTwo_isRefusedByTheDatabase(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            new JdbcModelRepository(db.jdbc()).insert(model(workspace(db, "acme"), "chat", 1, T0));

            assertThatThrownBy(() -> db.jdbc().sql("UPDATE external_models SET api = 'OTHER'").update())
                    .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void find_inAnotherWorkspace_isEmpty(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel stored = model(workspace(db, "acme"), "haiku", 1, T0);
            String other = workspace(db, "globex");
            repository.insert(stored);

            assertThat(repository.find(other, stored.id())).isEmpty();
            assertThat(repository.findByName(other, "haiku")).isEmpty();
            assertThat(repository.list(other, 0, 10)).isEmpty();
            assertThat(repository.delete(other, stored.id(), 1)).isFalse();
            assertThat(repository.find(stored.workspaceId(), stored.id())).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insert_duplicateNameInTheWorkspace_isRefused_butAnotherWorkspaceMayUseIt(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String acme = workspace(db, "acme");
            repository.insert(model(acme, "haiku", 1, T0));

            assertThatThrownBy(() -> repository.insert(model(acme, "haiku", 1, T0)))
                    .isInstanceOf(DuplicateModelNameException.class)
                    .hasMessage("a model named \"haiku\" already exists in this workspace");
            repository.insert(model(workspace(db, "globex"), "haiku", 1, T0));
            assertThat(repository.count(acme)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void update_withTheCurrentRevision_wins_andAStaleOneIsRefused(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel v1 = model(workspace(db, "acme"), "haiku", 1, T0);
            repository.insert(v1);
            StoredModel v2 = withRevision(v1, 2, "second");
            StoredModel staleV2 = withRevision(v1, 2, "lost update");

            assertThat(repository.update(v2, 1)).isTrue();
            assertThat(repository.update(staleV2, 1)).isFalse();
            assertThat(repository.find(v1.workspaceId(), v1.id())).contains(v2);
            assertThat(repository.delete(v1.workspaceId(), v1.id(), 1)).isFalse();
            assertThat(repository.delete(v1.workspaceId(), v1.id(), 2)).isTrue();
            assertThat(repository.find(v1.workspaceId(), v1.id())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void list_pagesMostRecentlyUpdatedFirst(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String acme = workspace(db, "acme");
            for (int i = 0; i < 5; i++) {
                repository.insert(model(acme, "m" + i, 1, T0.plus(i, ChronoUnit.MINUTES)));
            }

            assertThat(repository.list(acme, 0, 2)).extracting(StoredModel::name).containsExactly("m4", "m3");
            assertThat(repository.list(acme, 2, 2)).extracting(StoredModel::name).containsExactly("m2", "m1");
            assertThat(repository.list(acme, 4, 2)).extracting(StoredModel::name).containsExactly("m0");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promote_onlyWhileTheLatestRevisionIsTheOneExpected_andWithoutChangingIt(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel stored = model(workspace(db, "acme"), "haiku", 1, T0);
            repository.insert(stored);
            assertThat(repository.update(withRevision(stored, 2, "changed"), 1)).isTrue();

            assertThat(repository.promote(stored.workspaceId(), stored.id(), 2, 1)).isFalse();
            assertThat(repository.find(stored.workspaceId(), stored.id()).orElseThrow().status()).isEqualTo(ModelStatus.DRAFT);
            assertThat(repository.promote(stored.workspaceId(), stored.id(), 2, 2)).isTrue();
            StoredModel ready = repository.find(stored.workspaceId(), stored.id()).orElseThrow();
            assertThat(ready.status()).isEqualTo(ModelStatus.READY);
            assertThat(ready.revision()).isEqualTo(2);
            assertThat(ready.liveRevision()).isEqualTo(2L);
            assertThat(ready.totalTimeoutMillis()).isEqualTo(90_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void promote_anotherWorkspacesModel_isNotTouched(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            StoredModel stored = model(workspace(db, "acme"), "haiku", 1, T0);
            repository.insert(stored);
            String other = workspace(db, "globex");

            assertThat(repository.promote(other, stored.id(), 1, 1)).isFalse();
            assertThat(repository.find(stored.workspaceId(), stored.id()).orElseThrow().status()).isEqualTo(ModelStatus.DRAFT);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void requestOptions_areStoredVerbatim_replacedByAnUpdate_andRemovedAsNull(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String options = "{\"guardrail\":{\"identifier\":\"mgdemoguard1\",\"version\":\"DRAFT\",\"trace\":true},"
                    + "\"latency\":\"optimized\",\"serviceTier\":\"flex\"}";
            StoredModel v1 = withOptions(model(workspace(db, "acme"), "haiku", 1, T0), 1, options);
            repository.insert(v1);
            assertThat(repository.find(v1.workspaceId(), v1.id())).contains(v1);
            assertThat(repository.findByName(v1.workspaceId(), "haiku").orElseThrow().requestOptionsJson())
                    .isEqualTo(options);

            StoredModel v2 = withOptions(v1, 2, "{\"serviceTier\":\"priority\"}");
            assertThat(repository.update(v2, 1)).isTrue();
            assertThat(repository.find(v1.workspaceId(), v1.id())).contains(v2);

            StoredModel v3 = withOptions(v2, 3, null);
            assertThat(repository.update(v3, 2)).isTrue();
            assertThat(repository.find(v1.workspaceId(), v1.id()).orElseThrow().requestOptionsJson()).isNull();
            assertThat(repository.list(v1.workspaceId(), 0, 10)).containsExactly(v3);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void migration_modelsSavedBeforeRequestOptions_haveNone(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine, "8")) {
            String workspaceId = workspace(db, "acme");
            db.jdbc().sql("INSERT INTO external_models (id, workspace_id, name, description, provider, "
                            + "inference_enabled, status, revision, role_arn, sts_endpoint, region, model_reference, "
                            + "variables, request_template, output_mapping, created_at, created_by, updated_at, "
                            + "updated_by) VALUES ('m1', ?, 'haiku', '', 'AMAZON_BEDROCK', TRUE, 'READY', 1, "
                            + "'arn:aws:iam::222222222222:role/R', '', 'us-east-1', 'x', '[]', '{}', '{}', ?, 'a', ?, 'a')")
                    .params(workspaceId, java.sql.Timestamp.from(T0), java.sql.Timestamp.from(T0)).update();

            db.migrate();

            StoredModel before = new JdbcModelRepository(db.jdbc()).find(workspaceId, "m1").orElseThrow();
            assertThat(before.requestOptionsJson()).isNull();
            assertThat(before.status()).isEqualTo(ModelStatus.READY);
        }
    }

    private static StoredModel withOptions(StoredModel m, long revision, String options) {
        return new StoredModel(m.id(), m.workspaceId(), m.name(), m.description(), m.provider(), m.inferenceEnabled(),
                m.status(), revision, m.roleArn(), m.stsEndpoint(), m.region(), m.modelReference(), m.variablesJson(),
                m.requestTemplate(), m.outputMappingJson(), m.connectTimeoutMillis(), m.totalTimeoutMillis(),
                m.createdAt(), m.createdBy(), m.updatedAt().plusSeconds(revision), "bob", options);
    }

    private static StoredModel withRevision(StoredModel m, long revision, String description) {
        return new StoredModel(m.id(), m.workspaceId(), m.name(), description, m.provider(), m.inferenceEnabled(),
                m.status(), revision, m.roleArn(), m.stsEndpoint(), m.region(), m.modelReference(), m.variablesJson(),
                m.requestTemplate(), m.outputMappingJson(), m.connectTimeoutMillis(), m.totalTimeoutMillis() * 2,
                m.createdAt(), m.createdBy(),
                m.updatedAt().plusSeconds(60), "bob");
    }
}
