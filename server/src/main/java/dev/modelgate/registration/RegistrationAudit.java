package dev.modelgate.registration;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit entries of registration changes, recorded in the registration's workspace: resource type
 * {@value #RESOURCE_TYPE}, the registration's id, the role's name. Details: {@code roleArn}, {@code state}
 * ({@code {"before", "after"}}, {@code before} null for a first request), {@code note} (null when none) and, for
 * approvals, {@code automatic}.
 */
final class RegistrationAudit {

    static final String RESOURCE_TYPE = "ROLE_REGISTRATION";

    private final JsonMapper json;

    RegistrationAudit(JsonMapper json) {
        this.json = json;
    }

    AuditEntry requested(RoleRegistration after, RegistrationState before, String actor) {
        return entry(AuditAction.REGISTRATION_REQUESTED, after, before, actor);
    }

    AuditEntry decided(AuditAction action, RoleRegistration after, RegistrationState before, String actor) {
        return entry(action, after, before, actor);
    }

    private AuditEntry entry(AuditAction action, RoleRegistration after, RegistrationState before, String actor) {
        ObjectNode details = json.createObjectNode();
        details.put("roleArn", after.roleArn());
        ObjectNode state = details.putObject("state");
        state.put("before", before == null ? null : before.name());
        state.put("after", after.state().name());
        details.put("note", after.note());
        if (action == AuditAction.REGISTRATION_APPROVED) {
            details.put("automatic", RoleRegistrations.AUTOMATIC_ACTOR.equals(actor));
        }
        String roleName = after.roleArn().substring(after.roleArn().lastIndexOf('/') + 1);
        return new AuditEntry(after.workspaceId(), actor, action, RESOURCE_TYPE, after.id(), roleName, details);
    }
}
