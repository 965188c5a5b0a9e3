package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.regex.Pattern;

/** The naming rules IAM applies to users, roles and paths, checked with messages naming the rule. */
final class IamNames {

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]*/");

    private IamNames() {
    }

    static void checkAccountId(String field, String id) {
        if (id == null) {
            throw new InvalidWorldException(field, "is required");
        }
        if (!StableIds.ACCOUNT_ID.matcher(id).matches()) {
            throw new InvalidWorldException(field, "must be 12 digits, got \"" + id + "\"");
        }
    }

    static void checkName(String name) {
        if (name == null) {
            throw new InvalidWorldException("name", "is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidWorldException("name",
                    "must be 1 to 64 characters of letters, digits and +=,.@_-, got \"" + name + "\"");
        }
    }

    static void checkPath(String path) {
        if (path == null) {
            throw new InvalidWorldException("path", "is required");
        }
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw new InvalidWorldException("path",
                    "must be \"/\" or start and end with \"/\" with printable ASCII between (at most 512 characters), got \""
                            + path + "\"");
        }
    }

    /** Checks each permission policy follows the identity-policy rules, naming it by index. */
    static void checkIdentityPolicies(List<PolicyDocument> policies) {
        for (int i = 0; i < policies.size(); i++) {
            try {
                policies.get(i).requireIdentityPolicy();
            } catch (MalformedPolicyException e) {
                throw new InvalidWorldException(InvalidWorldException.join("policies[" + i + "]", e.path()), e.rule());
            }
        }
    }
}
