package dev.modelgate.model;

import java.util.List;
import java.util.Optional;

/**
 * Storage of external models, always scoped by workspace: a model of another workspace is indistinguishable from
 * one that does not exist.
 */
public interface ModelRepository {

    /**
     * Stores a new model (revision 1).
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
    boolean update(StoredModel model, long expectedRevision);

    /** Sets the inference toggle without touching the configuration or its revision; false when gone. */
    boolean setInferenceEnabled(String workspaceId, String id, boolean enabled, java.time.Instant at, String actor);

    /**
     * Marks {@code revision} of a model {@link ModelStatus#READY} (a Test of that revision passed). Not a
     * configuration change: the revision stays.
     *
     * @return false when the model is gone or is no longer at {@code revision} (a Test of an older revision proves
     *         nothing about the current one)
     */
    boolean markReady(String workspaceId, String id, long revision);

    /** Deletes if the revision still matches; false when gone or changed meanwhile. */
    boolean delete(String workspaceId, String id, long expectedRevision);
}
