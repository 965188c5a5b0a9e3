package dev.modelgate.registration;

import java.time.Instant;
import java.util.Objects;

/**
 * A workspace's registration of one tenant role.
 *
 * @param id            a UUID
 * @param workspaceId   the workspace that asked
 * @param workspaceName its name, for the operator's list
 * @param roleArn       the role, as AWS writes its ARN
 * @param state         where the registration is
 * @param requestedAt   when it was last requested (asking again after a rejection or revocation moves it)
 * @param requestedBy   who last requested it
 * @param decidedAt     when it was last approved, rejected or revoked; null while pending
 * @param decidedBy     who decided ({@value RoleRegistrations#AUTOMATIC_ACTOR} for automatic approval); null while
 *                      pending
 * @param note          the operator's note on the decision, or why automatic verification failed; may be null
 */
public record RoleRegistration(String id, String workspaceId, String workspaceName, String roleArn,
                               RegistrationState state, Instant requestedAt, String requestedBy, Instant decidedAt,
                               String decidedBy, String note) {

    /** The most characters of a note (column {@code note}). */
    public static final int MAX_NOTE = 2000;

    public RoleRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
        if (note != null && note.length() > MAX_NOTE) {
            note = note.substring(0, MAX_NOTE - 1) + "…";
        }
    }
}
