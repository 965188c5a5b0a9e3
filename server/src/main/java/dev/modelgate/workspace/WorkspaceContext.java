package dev.modelgate.workspace;

import dev.modelgate.connection.ExternalId;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Which workspace a request acts for. Until sign-in and API keys exist, every request acts for one configured
 * workspace, created on first use with a freshly generated External ID.
 */
public final class WorkspaceContext {

    private final WorkspaceRepository repository;
    private final String defaultName;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Workspace current;

    public WorkspaceContext(WorkspaceRepository repository, String defaultName, Clock clock) {
        this.repository = repository;
        this.defaultName = defaultName;
        this.clock = clock;
    }

    /**
     * The workspace of the current request, as stored now: its External ID changes when a rotation is confirmed.
     */
    public Workspace current() {
        Workspace workspace = current;
        if (workspace != null) {
            return repository.find(workspace.id()).orElse(workspace);
        }
        synchronized (this) {
            workspace = current;
            if (workspace == null) {
                workspace = repository.findByName(defaultName).orElseGet(this::createDefault);
                current = workspace;
            }
        }
        return workspace;
    }

    /** Who acts, for created/updated-by; a placeholder until sign-in exists. */
    public String actor() {
        return "local-user";
    }

    private Workspace createDefault() {
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), defaultName,
                ExternalId.generate(random).value(), clock.instant());
        repository.insert(workspace);
        return workspace;
    }
}
