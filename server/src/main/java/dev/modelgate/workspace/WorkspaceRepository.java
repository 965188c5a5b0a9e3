package dev.modelgate.workspace;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of workspaces over plain SQL (H2 and PostgreSQL). */
public final class WorkspaceRepository {

    private final JdbcClient jdbc;

    public WorkspaceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Workspace workspace) {
        jdbc.sql("INSERT INTO workspaces (id, name, external_id, created_at) VALUES (?, ?, ?, ?)")
                .params(workspace.id(), workspace.name(), workspace.externalId(), Timestamp.from(workspace.createdAt()))
                .update();
    }

    public Optional<Workspace> find(String id) {
        return jdbc.sql("SELECT id, name, external_id, created_at FROM workspaces WHERE id = ?").param(id)
                .query((rs, row) -> new Workspace(rs.getString("id"), rs.getString("name"), rs.getString("external_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** Every workspace, by name. */
    public List<Workspace> list() {
        return jdbc.sql("SELECT id, name, external_id, created_at FROM workspaces ORDER BY name")
                .query((rs, row) -> new Workspace(rs.getString("id"), rs.getString("name"), rs.getString("external_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    public Optional<Workspace> findByName(String name) {
        return jdbc.sql("SELECT id, name, external_id, created_at FROM workspaces WHERE name = ?").param(name)
                .query((rs, row) -> new Workspace(rs.getString("id"), rs.getString("name"), rs.getString("external_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** The workspace's External IDs: the current one and the one a rotation in progress would switch to. */
    public Optional<WorkspaceExternalIds> externalIds(String id) {
        return jdbc.sql("SELECT id, external_id, pending_external_id, rotation_started_at FROM workspaces WHERE id = ?")
                .param(id).query((rs, row) -> {
                    Timestamp started = rs.getTimestamp("rotation_started_at");
                    return new WorkspaceExternalIds(rs.getString("id"), rs.getString("external_id"),
                            rs.getString("pending_external_id"), started == null ? null : started.toInstant());
                }).optional();
    }

    /**
     * Starts a rotation to {@code pending}, unless one is in progress.
     *
     * @return whether it started
     */
    public boolean startRotation(String id, String pending, Instant at) {
        return jdbc.sql("UPDATE workspaces SET pending_external_id = ?, rotation_started_at = ? "
                + "WHERE id = ? AND pending_external_id IS NULL").params(pending, Timestamp.from(at), id).update() == 1;
    }

    /**
     * Makes the pending External ID current, if it is still {@code pending}.
     *
     * @return whether it did
     */
    public boolean confirmRotation(String id, String pending) {
        return jdbc.sql("UPDATE workspaces SET external_id = pending_external_id, pending_external_id = NULL, "
                + "rotation_started_at = NULL WHERE id = ? AND pending_external_id = ?").params(id, pending)
                .update() == 1;
    }

    /**
     * Drops the pending External ID, if there is one.
     *
     * @return whether there was
     */
    public boolean cancelRotation(String id) {
        return jdbc.sql("UPDATE workspaces SET pending_external_id = NULL, rotation_started_at = NULL "
                + "WHERE id = ? AND pending_external_id IS NOT NULL").param(id).update() == 1;
    }
}
