package dev.modelgate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Storage of console accounts over plain SQL (H2 and PostgreSQL). Usernames are stored lower-case. */
public final class AccountRepository {

    private static final String COLUMNS = "id, username, password_hash, role, workspace_id, failed_sign_ins, "
            + "locked_until, created_at, created_by, password_change_required";

    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Account account) {
        jdbc.sql("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(account.id(), account.username(), account.passwordHash(), account.role().name(),
                        account.workspaceId(), account.failedSignIns(), timestamp(account.lockedUntil()),
                        Timestamp.from(account.createdAt()), account.createdBy(), account.passwordChangeRequired())
                .update();
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE username = ?").param(username)
                .query(AccountRepository::account).optional();
    }

    public Optional<Account> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = ?").param(id)
                .query(AccountRepository::account).optional();
    }

    /** The members of {@code workspaceId}, by username. */
    public List<Account> members(String workspaceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE workspace_id = ? ORDER BY username")
                .param(workspaceId).query(AccountRepository::account).list();
    }

    public boolean anyWithRole(Role role) {
        return jdbc.sql("SELECT COUNT(*) FROM accounts WHERE role = ?").param(role.name())
                .query(Long.class).single() > 0;
    }

    /** Records a sign-in attempt's outcome: the failure count and lock after a failure, zero and none after success. */
    public void updateSignInState(String id, int failedSignIns, Instant lockedUntil) {
        jdbc.sql("UPDATE accounts SET failed_sign_ins = ?, locked_until = ? WHERE id = ?")
                .params(failedSignIns, timestamp(lockedUntil), id).update();
    }

    /**
     * Sets the password hash and lifts any lock; {@code changeRequired}: whether the account must change it before
     * doing anything else (an admin set it).
     */
    public void updatePassword(String id, String passwordHash, boolean changeRequired) {
        jdbc.sql("UPDATE accounts SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL, "
                        + "password_change_required = ? WHERE id = ?")
                .params(passwordHash, changeRequired, id).update();
    }

    /** Sets a new hash of the same password (a stronger encoding); the change-required flag stays as it is. */
    public void rehashPassword(String id, String passwordHash) {
        jdbc.sql("UPDATE accounts SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
    }

    /** Deletes {@code id} if it is a member of {@code workspaceId}; answers whether it was. */
    public boolean delete(String workspaceId, String id) {
        return jdbc.sql("DELETE FROM accounts WHERE id = ? AND workspace_id = ?").params(id, workspaceId).update() == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new Account(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")), rs.getString("workspace_id"), rs.getInt("failed_sign_ins"),
                locked == null ? null : locked.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"), rs.getBoolean("password_change_required"));
    }
}
