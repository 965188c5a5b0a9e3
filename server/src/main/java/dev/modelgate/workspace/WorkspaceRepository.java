package dev.modelgate.workspace;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
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
}
