package dev.modelgate.workspace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.access.Caller;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which workspace a request acts for and who acts: the authenticated caller's. Every lookup of the workspace's
 * resources is scoped to {@link #current()}, so another workspace's resources are as absent as nonexistent ones.
 *
 * <p>Workspaces are kept for {@link #CACHE_TTL} (each agent call needs its External ID); a confirmed External ID
 * rotation drops the workspace at once ({@link #invalidate}), here and, through the {@link Invalidations}, on every
 * other instance on the same PostgreSQL (within {@link #CACHE_TTL} at the latest).
 */
public final class WorkspaceContext {

    /** How long a workspace read from the database is kept. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    private final WorkspaceRepository repository;
    private final Supplier<Optional<Caller>> callers;
    /** The {@link Invalidations} topic of workspaces changed, by ID. */
    public static final String INVALIDATION_TOPIC = "workspace";

    private final Invalidations invalidations;
    private final Cache<String, Optional<Workspace>> workspaces = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(10_000).build();

    /**
     * @param callers the caller of the request the current thread serves (empty outside a request)
     */
    public WorkspaceContext(WorkspaceRepository repository, Supplier<Optional<Caller>> callers) {
        this(repository, callers, Invalidations.local());
    }

    /**
     * @param invalidations tells every instance of a workspace changed here, and this one of those of others
     */
    public WorkspaceContext(WorkspaceRepository repository, Supplier<Optional<Caller>> callers,
                            Invalidations invalidations) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.callers = Objects.requireNonNull(callers, "callers");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        invalidations.subscribe(INVALIDATION_TOPIC, id -> {
            if (Invalidations.EVERYTHING.equals(id)) {
                workspaces.invalidateAll();
            } else {
                workspaces.invalidate(id);
            }
        });
    }

    /** Forgets {@code workspaceId}'s cached workspace, on every instance: its External ID changed. */
    public void invalidate(String workspaceId) {
        invalidations.publish(INVALIDATION_TOPIC, workspaceId);
    }

    /** Forgets every cached workspace (for tests that change workspaces behind Modelgate's back). */
    public void invalidateAll() {
        invalidations.publish(INVALIDATION_TOPIC, Invalidations.EVERYTHING);
    }

    /**
     * The workspace of the current request's caller.
     *
     * @throws IllegalStateException when the request has no caller with a workspace; the access rules let only
     *                               workspace members and keys reach the endpoints that ask
     */
    public Workspace current() {
        Caller caller = caller();
        if (caller.workspaceId() == null) {
            throw new IllegalStateException("a " + caller.role() + " caller acts for no workspace");
        }
        return workspaces.get(caller.workspaceId(), repository::find).orElseThrow(() ->
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
