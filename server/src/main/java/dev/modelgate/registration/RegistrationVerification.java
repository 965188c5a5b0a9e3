package dev.modelgate.registration;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.RoleVerificationFailure;
import dev.modelgate.credentials.RoleVerifier;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.util.Objects;
import java.util.Optional;

/**
 * Automatic verification of a requested registration: the role must let Modelgate in with the workspace's current
 * External ID, and refuse it without one ({@link RoleVerifier}), at the platform's STS endpoint.
 */
public final class RegistrationVerification {

    private final RoleVerifier verifier;
    private final WorkspaceRepository workspaces;
    private final StsEndpoint stsEndpoint;

    /**
     * @param stsEndpoint where the verifying {@code AssumeRole} goes (Modelgate's own Region)
     */
    public RegistrationVerification(RoleVerifier verifier, WorkspaceRepository workspaces, StsEndpoint stsEndpoint) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    }

    /** Empty when the role passes; otherwise why it does not, and who must fix what. */
    Optional<RoleVerificationFailure> failure(RoleRegistration registration) {
        Workspace workspace = workspaces.find(registration.workspaceId()).orElseThrow(() -> new IllegalStateException(
                "registration " + registration.id() + " names a workspace that does not exist"));
        SessionKey key = new SessionKey(RoleArn.parse(registration.roleArn()), ExternalId.of(workspace.externalId()),
                stsEndpoint);
        return verifier.verify(key, workspace.id());
    }
}
