package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A model's routing in the repository, on the embedded H2 and on the real PostgreSQL server. */
class JdbcModelRoutingIT {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    private static String workspace(TestDatabase db, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, name, "mg-" + id.substring(0, 8), T0));
        return id;
    }

    private static StoredModel model(String workspaceId, String name) {
        return new StoredModel(UUID.randomUUID().toString(), workspaceId, name, "a model", "AMAZON_BEDROCK", true,
                ModelStatus.DRAFT, 1, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess", "", "us-east-1",
                "anthropic.claude-3-haiku-20240307-v1:0", "[]", "{}", "{\"text\":\"$.content[0].text\"}",
                2_500, 45_000, T0, "alice", T0, "alice");
    }

    private static ModelRouting.Link link(StoredModel model, int weight) {
        return new ModelRouting.Link(model.id(), "ignored", weight);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void replaceRouting_roundTripsInOrder_byCurrentName_andReplacesWhole(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String workspace = workspace(db, "acme");
            StoredModel a = model(workspace, "a");
            StoredModel b = model(workspace, "b");
            StoredModel c = model(workspace, "c");
            List.of(a, b, c).forEach(repository::insert);

            assertThat(repository.routing(workspace, a.id())).isEqualTo(ModelRouting.NONE);
            assertThat(repository.replaceRouting(workspace, a.id(), new ModelRouting(List.of(link(c, 0), link(b, 0)),
                    List.of(link(a, 3), link(b, 1))))).isTrue();

            assertThat(repository.routing(workspace, a.id())).isEqualTo(new ModelRouting(
                    List.of(new ModelRouting.Link(c.id(), "c", 0), new ModelRouting.Link(b.id(), "b", 0)),
                    List.of(new ModelRouting.Link(a.id(), "a", 3), new ModelRouting.Link(b.id(), "b", 1))));
            assertThat(repository.replaceRouting(workspace, a.id(), new ModelRouting(List.of(link(b, 0)), List.of())))
                    .isTrue();
            assertThat(repository.routing(workspace, a.id())).isEqualTo(new ModelRouting(
                    List.of(new ModelRouting.Link(b.id(), "b", 0)), List.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deletingALinkedModel_dropsItsLinks_andDeletingTheModelDropsItsRouting(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String workspace = workspace(db, "acme");
            StoredModel a = model(workspace, "a");
            StoredModel b = model(workspace, "b");
            StoredModel c = model(workspace, "c");
            List.of(a, b, c).forEach(repository::insert);
            repository.replaceRouting(workspace, a.id(), new ModelRouting(List.of(link(b, 0), link(c, 0)), List.of()));

            assertThat(repository.delete(workspace, b.id(), 1)).isTrue();
            assertThat(repository.routing(workspace, a.id()).fallbacks()).extracting(ModelRouting.Link::name)
                    .containsExactly("c");
            assertThat(repository.delete(workspace, a.id(), 1)).isTrue();
            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM model_routes").query(Long.class).single()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void routing_ofAnotherWorkspacesModel_isNone_andCannotBeReplaced(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            ModelRepository repository = new JdbcModelRepository(db.jdbc());
            String mine = workspace(db, "acme");
            String theirs = workspace(db, "other");
            StoredModel a = model(mine, "a");
            StoredModel b = model(mine, "b");
            List.of(a, b).forEach(repository::insert);
            repository.replaceRouting(mine, a.id(), new ModelRouting(List.of(link(b, 0)), List.of()));

            assertThat(repository.routing(theirs, a.id())).isEqualTo(ModelRouting.NONE);
            assertThat(repository.replaceRouting(theirs, a.id(), ModelRouting.NONE)).isFalse();
            assertThat(repository.routing(mine, a.id()).fallbacks()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cachedRouting_isReadAgainAfterAWrite_soARenamedLinkShowsItsNewName(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            JdbcModelRepository jdbc = new JdbcModelRepository(db.jdbc());
            CachingModelRepository repository = new CachingModelRepository(jdbc);
            String workspace = workspace(db, "acme");
            StoredModel a = model(workspace, "a");
            StoredModel b = model(workspace, "b");
            List.of(a, b).forEach(repository::insert);
            repository.replaceRouting(workspace, a.id(), new ModelRouting(List.of(link(b, 0)), List.of()));
            assertThat(repository.routing(workspace, a.id()).fallbacks().getFirst().name()).isEqualTo("b");

            // Behind the cache's back: still served from it.
            db.jdbc().sql("DELETE FROM model_routes").update();
            assertThat(repository.routing(workspace, a.id()).fallbacks()).hasSize(1);

            StoredModel renamed = new StoredModel(b.id(), workspace, "b2", "a model", "AMAZON_BEDROCK", true,
                    ModelStatus.DRAFT, 2, b.roleArn(), "", "us-east-1", b.modelReference(), "[]", "{}",
                    b.outputMappingJson(), 2_500, 45_000, T0, "alice", T0, "alice");
            assertThat(repository.update(renamed, 1)).isTrue();
            assertThat(repository.routing(workspace, a.id())).isEqualTo(ModelRouting.NONE);
        }
    }
}
