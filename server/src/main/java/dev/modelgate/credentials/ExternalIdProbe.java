package dev.modelgate.credentials;

import dev.modelgate.credentials.AssumeRoleException.Reason;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Checks that a tenant role's trust policy requires the External ID: one {@code AssumeRole} of the role <em>without</em>
 * an External ID, straight through {@link StsClients}. A role that lets Modelgate in without it can be used by any
 * Modelgate workspace that learns its ARN (the confused-deputy problem). Nothing is cached: a session issued by the
 * probe is dropped at once, its credentials never leave this class. Like every {@code AssumeRole} of a tenant role,
 * the probe is only sent for a role approved for the workspace ({@link RoleApprovals}).
 */
public final class ExternalIdProbe {

    /** The shortest session STS issues: the probe's session is never used. */
    private static final int PROBE_SESSION_SECONDS = 900;

    /** What the probe found out. */
    public enum Result {
        /** STS refused the role without an External ID ({@code AccessDenied}): the trust policy requires one. */
        REQUIRED,
        /** STS issued a session without an External ID: the trust policy does not require one. */
        NOT_REQUIRED,
        /** STS could not be asked (throttled, unavailable, …): unknown. */
        UNKNOWN
    }

    private final StsClients stsClients;
    private final RoleApprovals approvals;

    /**
     * @param approvals the roles the probe may be sent for
     */
    public ExternalIdProbe(StsClients stsClients, RoleApprovals approvals) {
        this.stsClients = Objects.requireNonNull(stsClients, "stsClients");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
    }

    /**
     * Asks STS for a session of {@code key}'s role without the External ID, at {@code key}'s STS endpoint, named as
     * the workspace's sessions are.
     *
     * @param key         the role and STS endpoint (its External ID is deliberately not sent)
     * @param workspaceId the workspace whose session name the request carries; not blank
     * @throws RoleNotApprovedException when the role is not approved for the workspace; nothing is sent to STS
     */
    public Result check(SessionKey key, String workspaceId) {
        Objects.requireNonNull(key, "key");
        String sessionName = RoleSessionNames.forWorkspace(workspaceId);
        approvals.requireApproved(key, workspaceId);
        try {
            stsClients.client(key.stsEndpoint()).assumeRole(request -> request
                    .roleArn(key.roleArn().arn())
                    .roleSessionName(sessionName)
                    .durationSeconds(PROBE_SESSION_SECONDS));
            return Result.NOT_REQUIRED;
        } catch (SdkException | StsClients.PlatformCredentialsUnavailableException e) {
            return AssumeRoleFailures.translate(e, key).reason() == Reason.ACCESS_DENIED ? Result.REQUIRED
                    : Result.UNKNOWN;
        }
    }

    @Override
    public String toString() {
        return "ExternalIdProbe[" + stsClients + "]";
    }
}
