package dev.modelgate.audit;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a feature tells the audit log: who did what to which resource. The log adds the id, the time and the
 * client address ({@link AuditEvent}). {@code workspaceId} is null for what belongs to no workspace: an operator's
 * sign-in, or a failed sign-in under an unknown name.
 */
public record AuditEntry(String workspaceId, String actor, AuditAction action, String resourceType,
                         String resourceId, String resourceName, ObjectNode details) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(details, "details");
    }
}
