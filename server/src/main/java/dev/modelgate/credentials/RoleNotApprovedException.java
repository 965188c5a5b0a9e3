package dev.modelgate.credentials;

import java.util.Objects;

/**
 * Modelgate refused to assume a role the calling workspace has no approved registration of; nothing was sent to
 * STS. Its {@link #reason()} is {@link Reason#NOT_APPROVED}, so that every path that handles a failed
 * {@code AssumeRole} handles this one too; {@link #standing()} says where the role stands.
 */
public final class RoleNotApprovedException extends AssumeRoleException {

    private final RoleStanding standing;
    private final String workspaceId;

    /**
     * @param standing anything but {@link RoleStanding#APPROVED}
     */
    public RoleNotApprovedException(SessionKey key, String workspaceId, RoleStanding standing) {
        super(Reason.NOT_APPROVED, key.roleArn(), key.stsEndpoint(), null, describe(key, standing), 0, null, null);
        this.standing = Objects.requireNonNull(standing, "standing");
        this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
        if (standing == RoleStanding.APPROVED) {
            throw new IllegalArgumentException("an approved role is not refused: " + key.roleArn());
        }
    }

    /** Where the role stands for the workspace: never {@link RoleStanding#APPROVED}. */
    public RoleStanding standing() {
        return standing;
    }

    /** The workspace that asked. */
    public String workspaceId() {
        return workspaceId;
    }

    /** "is not registered for this workspace", "is waiting for a platform operator's approval", … */
    public static String describe(RoleStanding standing) {
        return switch (standing) {
            case NOT_REGISTERED -> "is not registered for this workspace";
            case PENDING -> "is registered but waiting for a platform operator's approval";
            case REJECTED -> "was rejected by a platform operator";
            case REVOKED -> "had its registration revoked";
            case APPROVED -> "is approved";
        };
    }

    private static String describe(SessionKey key, RoleStanding standing) {
        return "role " + key.roleArn() + " " + describe(standing)
                + "; Modelgate assumes only roles approved for the calling workspace";
    }
}
