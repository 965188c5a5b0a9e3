package dev.modelgate.workspace;

import dev.modelgate.access.Caller;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which workspace a request acts for and who acts: the authenticated caller's. Every lookup of the workspace's
 * resources is scoped to {@link #current()}, so another workspace's resources are as absent as nonexistent ones.
 */
public final class WorkspaceContext {

    private final WorkspaceRepository repository;
    private final Supplier<Optional<Caller>> callers;

    /**
     * @param callers the caller of the request the current thread serves (empty outside a request)
     */
    public WorkspaceContext(WorkspaceRepository repository, Supplier<Optional<Caller>> callers) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    /**
     * The workspace of the current request's caller, read anew (its External ID may have just been rotated).
     *
     * @throws IllegalStateException when the request has no caller with a workspace; the access rules let only
     *                               workspace members and keys reach the endpoints that ask
     */
    public Workspace current() {
        Caller caller = caller();
        if (caller.workspaceId() == null) {
            throw new IllegalStateException("a " + caller.role() + " caller acts for no workspace");
        }
        return repository.find(caller.workspaceId()).orElseThrow(() ->
                new IllegalStateException("the caller's workspace " + caller.workspaceId() + " does not exist"));
    }

    /** Who acts, for created-by, updated-by and the audit log: a username, or {@code key <prefix> (<name>)}. */
    public String actor() {
        return callers.get().map(Caller::actor).orElse("modelgate");
    }

    /** The current request's caller. */
    public Caller caller() {
        return callers.get().orElseThrow(() -> new IllegalStateException("no authenticated caller on this request"));
    }
}
