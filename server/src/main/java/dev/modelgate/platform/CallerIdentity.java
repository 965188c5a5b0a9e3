package dev.modelgate.platform;

import dev.modelgate.connection.PolicyDocuments;
import java.util.Objects;

/**
 * Who Modelgate is on AWS, as {@code GetCallerIdentity} answered.
 *
 * @param arn       the caller's ARN: a user, a root, or an assumed-role session
 * @param accountId the caller's 12-digit account
 */
public record CallerIdentity(String arn, String accountId) {

    public CallerIdentity {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
    }

    /** The principal a tenant role's trust policy names: the role itself for an assumed-role session. */
    public String trustPrincipalArn() {
        return PolicyDocuments.trustPrincipal(arn);
    }
}
