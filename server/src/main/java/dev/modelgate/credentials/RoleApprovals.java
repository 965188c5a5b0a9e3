package dev.modelgate.credentials;

import dev.modelgate.connection.RoleArn;

/**
 * Which roles a workspace may have Modelgate assume: the gate in front of every {@code AssumeRole}
 * ({@link ApprovedRoleCredentials}, {@link ExternalIdProbe}). Implementations answer from the current registrations:
 * a change of a registration is seen by the next call.
 */
@FunctionalInterface
public interface RoleApprovals {

    /**
     * Where {@code roleArn} stands for {@code workspaceId}.
     *
     * @return {@link RoleStanding#APPROVED} only when a platform operator (or automatic verification) approved the
     *         workspace's registration of exactly this role, and it has not been revoked since
     */
    RoleStanding standing(String workspaceId, RoleArn roleArn);

    /**
     * Throws unless {@code key}'s role is approved for {@code workspaceId}.
     *
     * @throws RoleNotApprovedException when it is not; nothing has been sent to STS
     */
    default void requireApproved(SessionKey key, String workspaceId) {
        RoleStanding standing = standing(workspaceId, key.roleArn());
        if (standing != RoleStanding.APPROVED) {
            throw new RoleNotApprovedException(key, workspaceId, standing);
        }
    }
}
