package dev.modelgate.model;

import java.util.List;
import java.util.Optional;

/**
 * Storage of external models, always scoped by workspace: a model of another workspace is indistinguishable from
 * one that does not exist.
 */
public interface ModelRepository {

    /**
     * Stores a new model (revision 1), and that revision in its history.
     *
     * @throws DuplicateModelNameException when the workspace already has a model of that name
     */
    void insert(StoredModel model);

    Optional<StoredModel> find(String workspaceId, String id);

    Optional<StoredModel> findByName(String workspaceId, String name);

    /** One page of the workspace's models, most recently updated first. */
    List<StoredModel> list(String workspaceId, int offset, int limit);

    long count(String workspaceId);

    /**
     * Replaces a model's configuration if its stored revision is still {@code expectedRevision}; the new row must
     * carry {@code expectedRevision + 1}.
     *
     * @return false when the model is gone or was changed meanwhile (a stale write is refused, not merged)
     * @throws DuplicateModelNameException when renamed to a name the workspace already uses
     */
    default boolean update(StoredModel model, long expectedRevision) {
        return update(model, expectedRevision, null);
    }

    /**
     * {@link #update(StoredModel, long)}, keeping the new revision in the model's history with {@code changesJson}
     * (the audit's diff from the revision before, JSON, or null). The live revision stays.
     */
    boolean update(StoredModel model, long expectedRevision, String changesJson);

    /** The live revision of the workspace's model that agents call {@code name}, if one is live by that name. */
    Optional<StoredModel> findLive(String workspaceId, String name);

    /** One page of the workspace's live revisions, in the order of {@link #list}. */
    List<StoredModel> listLive(String workspaceId, int offset, int limit);

    /** One revision of a model, if both exist. */
    Optional<ModelRevision> findRevision(String workspaceId, String id, long revision);

    /** One page of a model's revisions, newest first. */
    List<ModelRevision> listRevisions(String workspaceId, String id, int offset, int limit);

    long countRevisions(String workspaceId, String id);

    /**
     * Records a Test of a revision as its latest: the run's id and whether it passed. Not a configuration change.
     *
     * @return false when the model or revision is gone
     */
    boolean recordTest(String workspaceId, String id, long revision, String testRunId, boolean passed);

    /**
     * Makes {@code revision} live (agents get it, by its name) and marks it as having been live, if the model's
     * latest saved revision is still {@code expectedRevision}. Its status becomes READY when {@code revision} is the
     * latest saved one, else DRAFT (the latest is then the draft). Does not check its Test: the caller does.
     *
     * @return false when the model is gone or was changed meanwhile
     * @throws DuplicateModelNameException when another model of the workspace is live by that revision's name
     */
    boolean promote(String workspaceId, String id, long revision, long expectedRevision);

    /** Sets the inference toggle without touching the configuration or its revision; false when gone. */
    boolean setInferenceEnabled(String workspaceId, String id, boolean enabled, java.time.Instant at, String actor);

    /**
     * The model's routing ({@link ModelRouting#NONE} when it sets none, or when the model is not the workspace's), each
     * link with the linked model's current name.
     */
    ModelRouting routing(String workspaceId, String id);

    /**
     * Replaces the model's routing: {@code fallbacks} by model id in order, {@code balance} as model ids with weights
     * (the links' names are not read). Not a configuration change: the revision stays.
     *
     * @return false when the model is gone
     */
    boolean replaceRouting(String workspaceId, String id, ModelRouting routing);

    /** Deletes if the revision still matches; false when gone or changed meanwhile. */
    boolean delete(String workspaceId, String id, long expectedRevision);
}
