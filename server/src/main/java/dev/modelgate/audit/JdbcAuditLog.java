package dev.modelgate.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log in table {@code audit_events}, over plain SQL that runs on H2 and PostgreSQL alike. Its
 * {@link JdbcClient} joins a Spring-managed transaction when one is active. Only INSERT and SELECT: no statement
 * here changes or deletes an event.
 */
public final class JdbcAuditLog implements AuditLog {

    private static final String COLUMNS = "id, workspace_id, occurred_at, actor, source, action, resource_type, "
            + "resource_id, resource_name, details";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param json writes and reads the events' details; its read limits must allow what the details wrap (the request
     *             bodies' limits do not: details nest a request's values deeper)
     */
    public JdbcAuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public AuditEvent append(AuditEntry entry) {
        AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), entry.workspaceId(), clock.instant(),
                entry.actor(), ClientAddress.current().orElse(null), entry.action(), entry.resourceType(),
                entry.resourceId(), entry.resourceName(), entry.details());
        String details = json.writeValueAsString(event.details());
        if (details.length() > AuditEvent.MAX_DETAILS) {
            throw new IllegalStateException("audit details of " + event.action() + " take " + details.length()
                    + " characters; at most " + AuditEvent.MAX_DETAILS + " can be stored");
        }
        jdbc.sql("INSERT INTO audit_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(event.id(), event.workspaceId(), Timestamp.from(event.occurredAt()), event.actor(),
                        event.source(), event.action().name(), event.resourceType(), event.resourceId(),
                        event.resourceName(), details)
                .update();
        return event;
    }

    @Override
    public List<AuditEvent> find(AuditQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, params);
        params.add(query.limit());
        params.add(query.offset());
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events" + where
                        + " ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?")
                .params(params).query(this::map).list();
    }

    @Override
    public long count(AuditQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, params);
        return jdbc.sql("SELECT COUNT(*) FROM audit_events" + where).params(params).query(Long.class).single();
    }

    @Override
    public Optional<AuditEvent> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events WHERE id = ?").param(id).query(this::map).optional();
    }

    @Override
    public Optional<AuditEvent> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_events WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(this::map).optional();
    }

    private static String where(AuditQuery query, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE occurred_at >= ? AND occurred_at < ?");
        params.add(Timestamp.from(query.from()));
        params.add(Timestamp.from(query.to()));
        if (query.workspaceId() != null) {
            where.append(" AND workspace_id = ?");
            params.add(query.workspaceId());
        }
        if (query.action() != null) {
            where.append(" AND action = ?");
            params.add(query.action().name());
        }
        if (query.resourceId() != null) {
            where.append(" AND resource_id = ?");
            params.add(query.resourceId());
        }
        if (query.actor() != null) {
            where.append(" AND actor = ?");
            params.add(query.actor());
        }
        return where.toString();
    }

    private AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getString("id"), rs.getString("workspace_id"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"), rs.getString("source"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("resource_type"),
                rs.getString("resource_id"), rs.getString("resource_name"),
                (ObjectNode) json.readTree(rs.getString("details")));
    }
}
