package dev.modelgate.credentials;

import dev.modelgate.credentials.AssumeRoleException.Reason;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Verifies a role a workspace asks to register, before it is approved: one {@code AssumeRole} with the workspace's
 * External ID must succeed, and one without it must be refused (else any workspace that learns the ARN could use the
 * role). Straight through {@link StsClients}, past the session cache and deliberately past {@link RoleApprovals}:
 * this is how a role earns its approval. The sessions STS issues are dropped at once; nothing is cached.
 */
public final class RoleVerifier {

    private static final int VERIFY_SESSION_SECONDS = 900;

    private final StsClients stsClients;

    public RoleVerifier(StsClients stsClients) {
        this.stsClients = Objects.requireNonNull(stsClients, "stsClients");
    }

    /**
     * Asks STS for {@code key}'s role with and without its External ID.
     *
     * @param workspaceId the workspace whose session name the requests carry; not blank
     * @return empty when the role lets Modelgate in with the External ID and refuses it without; otherwise why not,
     *         and whose move it is (the tenant's, the platform's, or nobody's when STS did not answer)
     */
    public Optional<RoleVerificationFailure> verify(SessionKey key, String workspaceId) {
        Objects.requireNonNull(key, "key");
        String sessionName = RoleSessionNames.forWorkspace(workspaceId);
        try {
            stsClients.client(key.stsEndpoint()).assumeRole(request -> request.roleArn(key.roleArn().arn())
                    .externalId(key.externalId().value()).roleSessionName(sessionName)
                    .durationSeconds(VERIFY_SESSION_SECONDS));
        } catch (SdkException | StsClients.PlatformCredentialsUnavailableException e) {
            return Optional.of(RoleVerificationFailure.of(AssumeRoleFailures.translate(e, key), key, true));
        }
        try {
            stsClients.client(key.stsEndpoint()).assumeRole(request -> request.roleArn(key.roleArn().arn())
                    .roleSessionName(sessionName).durationSeconds(VERIFY_SESSION_SECONDS));
            return Optional.of(RoleVerificationFailure.externalIdNotRequired(key));
        } catch (SdkException | StsClients.PlatformCredentialsUnavailableException e) {
            AssumeRoleException failure = AssumeRoleFailures.translate(e, key);
            return failure.reason() == Reason.ACCESS_DENIED ? Optional.empty()
                    : Optional.of(RoleVerificationFailure.of(failure, key, false));
        }
    }

    @Override
    public String toString() {
        return "RoleVerifier[" + stsClients + "]";
    }
}
