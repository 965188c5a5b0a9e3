package dev.modelgate.audit;

import java.util.List;
import java.util.Optional;

/**
 * The append-only record of changes. There is deliberately no way to change or delete an event.
 *
 * <p>{@link #append} joins the caller's transaction: callers make the change and append its event in one
 * transaction, so that a change that fails leaves no event and an event that cannot be written undoes the change.
 */
public interface AuditLog {

    /**
     * Appends an event, stamped with the log's clock and the client address of the current request, if any.
     *
     * @return the event as stored
     */
    AuditEvent append(AuditEntry entry);

    /** One page of the workspace's events matching the query, newest first. */
    List<AuditEvent> find(AuditQuery query);

    /** How many events match the query (ignoring its offset and limit). */
    long count(AuditQuery query);

    /** The event of that id in any workspace, or the platform's own: for platform operators only. */
    Optional<AuditEvent> find(String id);

    /** The workspace's event of that id; another workspace's is as absent as none. */
    Optional<AuditEvent> find(String workspaceId, String id);
}
