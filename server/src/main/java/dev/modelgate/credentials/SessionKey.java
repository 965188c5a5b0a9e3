package dev.modelgate.credentials;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import java.util.Objects;

/**
 * What one cached tenant session is assumed for: the tenant's role, the workspace's External ID that role's trust
 * policy requires, and the STS endpoint the tenant chose. Two models of a workspace that share all three share a
 * session. Holds no secret.
 *
 * @param roleArn     the role Modelgate assumes
 * @param externalId  the workspace's External ID, sent as {@code ExternalId}
 * @param stsEndpoint the STS endpoint the {@code AssumeRole} goes to (and whose Region it is signed for)
 */
public record SessionKey(RoleArn roleArn, ExternalId externalId, StsEndpoint stsEndpoint) {

    public SessionKey {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
    }
}
