package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A statement's {@code Principal} (or, when {@code negated}, {@code NotPrincipal}).
 *
 * @param anyone   true for {@code "Principal": "*"}
 * @param byType   the principals by type ({@code AWS}, {@code Service}, {@code Federated},
 *                 {@code CanonicalUser}), each value as written (an {@code AWS} value may be
 *                 {@code "*"}, an account id, an account root ARN, a user or role ARN or an assumed-role
 *                 session ARN)
 * @param negated  true for {@code NotPrincipal}
 */
public record Principals(boolean anyone, Map<String, List<String>> byType, boolean negated) {

    public Principals {
        byType = Map.copyOf(byType);
        byType.values().forEach(Objects::requireNonNull);
    }

    /** How strongly this principal element names a caller; {@link Match#NONE} if it does not. */
    Match match(Principal caller) {
        Match best = anyone ? Match.ANYONE : Match.NONE;
        for (String value : byType.getOrDefault("AWS", List.of())) {
            Match match = matchAws(value, caller);
            if (match.ordinal() > best.ordinal()) {
                best = match;
            }
        }
        return best;
    }

    private static Match matchAws(String value, Principal caller) {
        if (value.equals("*")) {
            return Match.ANYONE;
        }
        if (value.equals(caller.accountId()) || value.equals("arn:aws:iam::" + caller.accountId() + ":root")) {
            return Match.ACCOUNT;
        }
        if (value.equals(caller.arn())) {
            return Match.EXACT;
        }
        if (caller instanceof Principal.RoleSession session && value.equals(session.role().arn())) {
            return Match.ROLE;
        }
        return Match.NONE;
    }

    /** How a principal element names a caller, weakest first. */
    enum Match {
        /** Not at all. */
        NONE,
        /** Through {@code "*"}. */
        ANYONE,
        /** Through its account ({@code "ID"} or {@code arn:aws:iam::ID:root}): the account delegates to its identity policies. */
        ACCOUNT,
        /** Through the ARN of the role whose session the caller is. */
        ROLE,
        /** Through the caller's own ARN (the user, or the assumed-role session). */
        EXACT
    }
}
