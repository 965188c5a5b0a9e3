package dev.modelgate.credentials;

import java.util.Objects;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials for calling AWS in a tenant's account: sessions of the role the tenant registered, assumed with the
 * workspace's External ID, kept while they are fresh and renewed before they expire.
 *
 * <p>Implementations are thread-safe, and callers may block: a call that needs a new session waits for
 * {@code AssumeRole}, and concurrent calls for one key wait for the same {@code AssumeRole}.
 */
public interface TenantCredentials {

    /**
     * A session of {@code key}'s role that is not expired and not about to expire: the cached one, or a new one
     * assumed now (named after {@code workspaceId}, so that the tenant's CloudTrail shows which workspace called).
     *
     * @param key         the role, External ID and STS endpoint
     * @param workspaceId the workspace the session is for; not blank
     * @return a session that is valid now
     * @throws AssumeRoleException      when STS refuses or cannot be reached; its {@link AssumeRoleException#reason()}
     *                                  says why. Failures are not cached: the next call asks STS again
     * @throws IllegalArgumentException when {@code workspaceId} is blank
     */
    TenantSession session(SessionKey key, String workspaceId);

    /**
     * Drops the session cached for {@code key}, if any, so that the next {@link #session} assumes the role anew: the
     * model's connection changed, or the tenant revoked the registration. Calls already waiting for an
     * {@code AssumeRole} in flight still get its session.
     */
    void invalidate(SessionKey key);

    /**
     * Drops every cached session whose key {@code which} accepts: all sessions of a role whose registration was
     * revoked (whatever their STS endpoint), or all sessions assumed with an External ID that was rotated away.
     */
    void invalidateIf(Predicate<SessionKey> which);

    /** Drops every cached session. */
    void invalidateAll();

    /**
     * An AWS SDK credentials provider that asks {@link #session} on each resolution, so that a client built once
     * keeps signing with a fresh session. Its {@code resolveCredentials()} throws what {@link #session} throws.
     */
    default AwsCredentialsProvider provider(SessionKey key, String workspaceId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(workspaceId, "workspaceId");
        TenantCredentials credentials = this;
        return new AwsCredentialsProvider() {
            @Override
            public AwsCredentials resolveCredentials() {
                return credentials.session(key, workspaceId).toSdkCredentials();
            }

            @Override
            public String toString() {
                return "TenantCredentialsProvider[" + key.roleArn() + " via " + key.stsEndpoint()
                        + " for workspace " + workspaceId + "]";
            }
        };
    }
}
