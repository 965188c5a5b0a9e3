package dev.modelgate.credentials;

/**
 * Where a role stands for a workspace, as far as assuming it goes: only {@link #APPROVED} lets Modelgate ask STS for
 * a session.
 */
public enum RoleStanding {
    /** A platform operator approved the workspace's registration of the role. */
    APPROVED,
    /** The workspace never registered the role. */
    NOT_REGISTERED,
    /** Registered, waiting for a platform operator's decision (or for automatic verification to pass). */
    PENDING,
    /** A platform operator rejected the registration. */
    REJECTED,
    /** The registration was approved once and has been revoked. */
    REVOKED
}
