package dev.modelgate.audit;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a feature tells the audit log: who did what to which resource. The log adds the id, the time and the
 * client address ({@link AuditEvent}).
 */
public record AuditEntry(String workspaceId, String actor, AuditAction action, String resourceType,
                         String resourceId, String resourceName, ObjectNode details) {

    public AuditEntry {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(details, "details");
    }
}
