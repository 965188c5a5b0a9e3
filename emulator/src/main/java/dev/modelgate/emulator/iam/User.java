package dev.modelgate.emulator.iam;

import java.util.List;

/**
 * An IAM user of the world, signing with long-term access keys.
 *
 * @param accountId  the owning account's 12-digit id
 * @param name       1 to 64 characters of letters, digits and {@code +=,.@_-}
 * @param path       {@code /} or {@code /some/path/}
 * @param accessKeys its long-term keys
 * @param policies   its permission policies (identity policies: no Principal, a Resource in each statement)
 */
public record User(String accountId, String name, String path, List<AccessKey> accessKeys,
                   List<PolicyDocument> policies) {

    public User {
        IamNames.checkAccountId("accountId", accountId);
        IamNames.checkName(name);
        IamNames.checkPath(path);
        accessKeys = List.copyOf(accessKeys);
        policies = List.copyOf(policies);
        IamNames.checkIdentityPolicies(policies);
    }

    /** {@code arn:aws:iam::<account>:user<path><name>}. */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":user" + path + name;
    }

    /** A stable {@code AIDA…} unique id (21 characters) derived from the ARN. */
    public String userId() {
        return StableIds.derive("AIDA", arn());
    }
}
