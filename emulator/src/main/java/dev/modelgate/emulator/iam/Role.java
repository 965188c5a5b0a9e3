package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.Objects;

/**
 * An IAM role of the world.
 *
 * @param accountId          the owning account's 12-digit id
 * @param name               1 to 64 characters of letters, digits and {@code +=,.@_-}
 * @param path               {@code /} or {@code /some/path/}
 * @param maxSessionDuration the longest session {@code AssumeRole} may grant, in seconds: 3600 to 43200
 * @param trustPolicy        who may assume it (every statement has a Principal, none a Resource)
 * @param policies           its permission policies, which its sessions act with
 */
public record Role(String accountId, String name, String path, int maxSessionDuration, PolicyDocument trustPolicy,
                   List<PolicyDocument> policies) {

    /** IAM's default {@code MaxSessionDuration}, in seconds. */
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;
    /** The longest {@code MaxSessionDuration} IAM allows, in seconds. */
    public static final int LONGEST_MAX_SESSION_DURATION = 43200;

    public Role {
        IamNames.checkAccountId("accountId", accountId);
        IamNames.checkName(name);
        IamNames.checkPath(path);
        if (maxSessionDuration < DEFAULT_MAX_SESSION_DURATION || maxSessionDuration > LONGEST_MAX_SESSION_DURATION) {
            throw new InvalidWorldException("maxSessionDuration",
                    "must be between 3600 and 43200, got " + maxSessionDuration);
        }
        if (trustPolicy == null) {
            throw new InvalidWorldException("trustPolicy", "is required");
        }
        try {
            trustPolicy.requireTrustPolicy();
        } catch (MalformedPolicyException e) {
            throw new InvalidWorldException(InvalidWorldException.join("trustPolicy", e.path()), e.rule());
        }
        policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
        IamNames.checkIdentityPolicies(policies);
    }

    /** {@code arn:aws:iam::<account>:role<path><name>}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }

    /** A stable {@code AROA…} unique id (21 characters) derived from the ARN. */
    public String roleId() {
        return StableIds.derive("AROA", arn());
    }
}
