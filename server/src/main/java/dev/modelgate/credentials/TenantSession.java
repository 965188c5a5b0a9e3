package dev.modelgate.credentials;

import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Temporary credentials of a tenant's role, as {@code AssumeRole} issued them. {@link #toString()} shows the access
 * key ID, the assumed-role ARN and the expiration, never the secret access key or the session token.
 *
 * @param accessKeyId     the session's access key ID ({@code ASIA…})
 * @param secretAccessKey the session's secret access key
 * @param sessionToken    the session token that goes with it
 * @param expiration      when STS stops accepting the session
 * @param assumedRoleArn  the session's ARN, {@code arn:aws:sts::<account>:assumed-role/<role>/<session name>}
 * @param requestId       STS's request ID of the {@code AssumeRole} that issued it (the tenant's CloudTrail shows it),
 *                        or null when unknown
 */
public record TenantSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                            String assumedRoleArn, String requestId) {

    public TenantSession {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(assumedRoleArn, "assumedRoleArn");
    }

    /** A session whose {@code AssumeRole} request ID is not known. */
    public TenantSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                         String assumedRoleArn) {
        this(accessKeyId, secretAccessKey, sessionToken, expiration, assumedRoleArn, null);
    }

    /** The session name, the last part of {@link #assumedRoleArn()} ({@code modelgate-<workspace id>}). */
    public String sessionName() {
        return assumedRoleArn.substring(assumedRoleArn.lastIndexOf('/') + 1);
    }

    /** Whether STS no longer accepts the session at {@code now}: its expiration is not after it. */
    public boolean expiredAt(Instant now) {
        return !expiration.isAfter(now);
    }

    /** The session as the AWS SDK's credentials, expiration included. */
    public AwsSessionCredentials toSdkCredentials() {
        return AwsSessionCredentials.builder()
                .accessKeyId(accessKeyId)
                .secretAccessKey(secretAccessKey)
                .sessionToken(sessionToken)
                .expirationTime(expiration)
                .build();
    }

    /**
     * A provider that always answers this very session. For one call; a client that outlives the session should use
     * {@link TenantCredentials#provider} instead, which refreshes.
     */
    public AwsCredentialsProvider toSdkProvider() {
        return StaticCredentialsProvider.create(toSdkCredentials());
    }

    @Override
    public String toString() {
        return "TenantSession[accessKeyId=" + accessKeyId + ", assumedRoleArn=" + assumedRoleArn
                + ", expiration=" + expiration + "]";
    }
}
