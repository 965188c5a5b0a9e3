package dev.modelgate.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storage of API keys over plain SQL (H2 and PostgreSQL). Every lookup but by prefix is scoped to a workspace. A key's
 * {@link ModelScope} is one column, its entries one a line (NULL: every model); it is compiled as the row is read. Its
 * own rate limit is two columns, both NULL for the configured per-caller limit; its token-per-minute limit one, NULL for none.
 */
public final class ApiKeyRepository {

    private static final String COLUMNS = "id, workspace_id, name, role, prefix, secret_hash, created_at, created_by, "
            + "expires_at, revoked_at, revoked_by, models, limit_requests_per_second, limit_burst, limit_tokens_per_minute";

    private final JdbcClient jdbc;

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKey key) {
        jdbc.sql("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(key.id(), key.workspaceId(), key.name(), key.role().name(), key.prefix(), key.secretHash(),
                        Timestamp.from(key.createdAt()), key.createdBy(), timestamp(key.expiresAt()),
                        timestamp(key.revokedAt()), key.revokedBy(),
                        key.models() == null ? null : key.models().stored(),
                        key.limits() == null ? null : key.limits().requestsPerSecond(),
                        key.limits() == null ? null : key.limits().burst(),
                        key.tokenLimit() == null ? null : key.tokenLimit().tokensPerMinute())
                .update();
    }

    /** The key of that prefix, in any workspace: what authentication looks up. */
    public Optional<ApiKey> findByPrefix(String prefix) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE prefix = ?").param(prefix)
                .query(ApiKeyRepository::key).optional();
    }

    public Optional<ApiKey> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(ApiKeyRepository::key).optional();
    }

    /** The workspace's keys, newest first. */
    public List<ApiKey> list(String workspaceId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE workspace_id = ? ORDER BY created_at DESC, id")
                .param(workspaceId).query(ApiKeyRepository::key).list();
    }

    /** Keys neither revoked nor expired at {@code now}. */
    public long countActive(String workspaceId, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE workspace_id = ? AND revoked_at IS NULL "
                        + "AND (expires_at IS NULL OR expires_at > ?)")
                .params(workspaceId, Timestamp.from(now)).query(Long.class).single();
    }

    /** Revokes the key if it is not revoked yet; answers whether this call revoked it. */
    public boolean revoke(String workspaceId, String id, Instant at, String by) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = ?, revoked_by = ? "
                        + "WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(at), by, workspaceId, id).update() == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static ApiKey key(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                Role.valueOf(rs.getString("role")), rs.getString("prefix"), rs.getString("secret_hash"),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
                instant(rs, "revoked_at"), rs.getString("revoked_by"), ModelScope.parse(rs.getString("models")),
                limits(rs), tokenLimit(rs));
    }

    private static RateLimits.TokenLimit tokenLimit(ResultSet rs) throws SQLException {
        Long tokensPerMinute = rs.getObject("limit_tokens_per_minute", Long.class);
        return tokensPerMinute == null ? null : new RateLimits.TokenLimit(tokensPerMinute);
    }

    private static RateLimits.Limit limits(ResultSet rs) throws SQLException {
        Long requestsPerSecond = rs.getObject("limit_requests_per_second", Long.class);
        Long burst = rs.getObject("limit_burst", Long.class);
        return requestsPerSecond == null ? null : new RateLimits.Limit(requestsPerSecond, burst);
    }
}
