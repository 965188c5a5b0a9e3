package dev.modelgate.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storage of role registrations over plain SQL (H2 and PostgreSQL). Every workspace-side lookup filters by the
 * workspace's id, so another workspace's registration is as absent as none. State changes are conditional on the
 * state the caller read ({@code WHERE state = ?}): of two concurrent decisions, one wins and the other finds it
 * changed.
 */
public final class RoleRegistrationRepository {

    private static final String SELECT = "SELECT r.id, r.workspace_id, w.name AS workspace_name, r.role_arn, r.state, "
            + "r.requested_at, r.requested_by, r.decided_at, r.decided_by, r.note FROM role_registrations r "
            + "JOIN workspaces w ON w.id = r.workspace_id ";

    private final JdbcClient jdbc;

    public RoleRegistrationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new registration.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the workspace has one of that role already
     */
    public void insert(RoleRegistration r) {
        jdbc.sql("INSERT INTO role_registrations (id, workspace_id, role_arn, state, requested_at, requested_by, "
                        + "decided_at, decided_by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.workspaceId(), r.roleArn(), r.state().name(), Timestamp.from(r.requestedAt()),
                        r.requestedBy(), timestamp(r.decidedAt()), r.decidedBy(), r.note())
                .update();
    }

    /** The workspace's registration of that id. */
    public Optional<RoleRegistration> find(String workspaceId, String id) {
        return jdbc.sql(SELECT + "WHERE r.workspace_id = ? AND r.id = ?").params(workspaceId, id)
                .query(RoleRegistrationRepository::read).optional();
    }

    /** Any workspace's registration of that id: for the platform operator. */
    public Optional<RoleRegistration> find(String id) {
        return jdbc.sql(SELECT + "WHERE r.id = ?").param(id).query(RoleRegistrationRepository::read).optional();
    }

    /** The workspace's registration of that role, in whatever state. */
    public Optional<RoleRegistration> findByRole(String workspaceId, String roleArn) {
        return jdbc.sql(SELECT + "WHERE r.workspace_id = ? AND r.role_arn = ?").params(workspaceId, roleArn)
                .query(RoleRegistrationRepository::read).optional();
    }

    /** Where the workspace's registration of that role is; empty when it has none. */
    public Optional<RegistrationState> state(String workspaceId, String roleArn) {
        return jdbc.sql("SELECT state FROM role_registrations WHERE workspace_id = ? AND role_arn = ?")
                .params(workspaceId, roleArn).query((rs, row) -> RegistrationState.valueOf(rs.getString(1)))
                .optional();
    }

    /** The workspace's registrations, most recently requested first. */
    public List<RoleRegistration> list(String workspaceId) {
        return jdbc.sql(SELECT + "WHERE r.workspace_id = ? ORDER BY r.requested_at DESC, r.id").param(workspaceId)
                .query(RoleRegistrationRepository::read).list();
    }

    /** Every workspace's registrations, in {@code state} when given, oldest request first (a queue to work on). */
    public List<RoleRegistration> listAll(RegistrationState state) {
        if (state == null) {
            return jdbc.sql(SELECT + "ORDER BY r.requested_at, r.id").query(RoleRegistrationRepository::read).list();
        }
        return jdbc.sql(SELECT + "WHERE r.state = ? ORDER BY r.requested_at, r.id").param(state.name())
                .query(RoleRegistrationRepository::read).list();
    }

    /**
     * Records a decision: {@code from} → {@code to}, if the registration is still in {@code from}.
     *
     * @return whether it was (false: its state changed meanwhile)
     */
    public boolean decide(String id, RegistrationState from, RegistrationState to, Instant at, String by, String note) {
        return jdbc.sql("UPDATE role_registrations SET state = ?, decided_at = ?, decided_by = ?, note = ? "
                        + "WHERE id = ? AND state = ?")
                .params(to.name(), Timestamp.from(at), by, note, id, from.name()).update() == 1;
    }

    /**
     * Puts a REJECTED or REVOKED registration back to PENDING as a new request, if it is still in {@code from}.
     *
     * @return whether it was
     */
    public boolean requestAgain(String id, RegistrationState from, Instant at, String by) {
        return jdbc.sql("UPDATE role_registrations SET state = 'PENDING', requested_at = ?, requested_by = ?, "
                        + "decided_at = NULL, decided_by = NULL, note = NULL WHERE id = ? AND state = ?")
                .params(Timestamp.from(at), by, id, from.name()).update() == 1;
    }

    /** Replaces the note of a PENDING registration (why automatic verification failed). */
    public boolean notePending(String id, String note) {
        return jdbc.sql("UPDATE role_registrations SET note = ? WHERE id = ? AND state = 'PENDING'")
                .params(note, id).update() == 1;
    }

    private static RoleRegistration read(ResultSet rs, int row) throws SQLException {
        return new RoleRegistration(rs.getString("id"), rs.getString("workspace_id"), rs.getString("workspace_name"),
                rs.getString("role_arn"), RegistrationState.valueOf(rs.getString("state")), instant(rs, "requested_at"),
                rs.getString("requested_by"), instant(rs, "decided_at"), rs.getString("decided_by"),
                rs.getString("note"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
