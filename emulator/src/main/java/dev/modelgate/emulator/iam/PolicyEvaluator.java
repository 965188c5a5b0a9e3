package dev.modelgate.emulator.iam;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IAM policy evaluation as pure functions: an explicit Deny wins, otherwise an Allow is needed,
 * otherwise the request is implicitly denied.
 *
 * <p>Supported: {@code Action}/{@code NotAction} (case-insensitive, {@code *} and {@code ?}
 * wildcards), {@code Resource}/{@code NotResource} (case-sensitive wildcards), {@code Principal}/
 * {@code NotPrincipal} in trust policies, and the {@link ConditionOperator}s. Condition keys are
 * matched case-insensitively. Policy variables ({@code ${aws:username}}) are not expanded.
 */
public final class PolicyEvaluator {

    static final String ASSUME_ROLE = "sts:AssumeRole";

    private PolicyEvaluator() {
    }

    /**
     * Evaluates identity policies (their union) for one action on one resource.
     *
     * @param identityPolicies the policies; none means an implicit deny
     * @param action           e.g. {@code bedrock:InvokeModel}
     * @param resource         the resource ARN
     * @param context          condition keys and values of the request
     */
    public static Decision evaluate(List<PolicyDocument> identityPolicies, String action, String resource,
                                    Map<String, String> context) {
        return evaluateLowerCased(identityPolicies, action, resource, lowerCaseKeys(context));
    }

    /**
     * Evaluates what a caller may do: its identity policies and, for a session with session policies,
     * those as well (both must allow). The caller's {@link Principal#requestContext()} keys are added
     * to {@code context}; a key in {@code context} wins.
     */
    public static Decision evaluate(Principal caller, String action, String resource, Map<String, String> context) {
        Map<String, String> lowerCased = lowerCaseKeys(caller.requestContext(), context);
        Decision identity = evaluateLowerCased(caller.identityPolicies(), action, resource, lowerCased);
        Decision session = caller.sessionPolicies().isEmpty()
                ? Decision.ALLOW
                : evaluateLowerCased(caller.sessionPolicies(), action, resource, lowerCased);
        return both(identity, session);
    }

    /**
     * Evaluates a role's trust policy for a caller: a statement applies when its principal element
     * names the caller (exact user or session ARN, the session's role ARN, the caller's account as
     * {@code "ID"} or {@code arn:aws:iam::ID:root}, or {@code "*"}; {@code NotPrincipal} inverts),
     * its action covers {@code action} and its conditions hold.
     */
    public static Decision evaluateTrust(PolicyDocument trust, Principal caller, String action,
                                         Map<String, String> context) {
        return trust(trust, caller, action, lowerCaseKeys(caller.requestContext(), context)).decision();
    }

    /**
     * Decides {@code sts:AssumeRole} as AWS does: the trust policy must allow the caller and nothing
     * may deny it explicitly; the caller's identity (and session) policies must also allow
     * {@code sts:AssumeRole} on the role ARN — unless caller and role share an account and the trust
     * policy names the caller by its own ARN (identity policies are then not needed) or by its role's
     * ARN (then only the caller's session policies, if any, must allow). A trust policy naming the
     * account ({@code arn:aws:iam::ID:root}) or {@code "*"} always needs the identity policy.
     *
     * @param context request keys such as {@code sts:ExternalId}; the caller's own keys are added
     */
    public static Decision evaluateAssumeRole(Principal caller, Role role, Map<String, String> context) {
        Map<String, String> lowerCased = lowerCaseKeys(caller.requestContext(), context);
        TrustOutcome trust = trust(role.trustPolicy(), caller, ASSUME_ROLE, lowerCased);
        Decision identity = evaluateLowerCased(caller.identityPolicies(), ASSUME_ROLE, role.arn(), lowerCased);
        Decision session = caller.sessionPolicies().isEmpty()
                ? Decision.ALLOW
                : evaluateLowerCased(caller.sessionPolicies(), ASSUME_ROLE, role.arn(), lowerCased);
        if (trust.decision() == Decision.EXPLICIT_DENY || identity == Decision.EXPLICIT_DENY
                || session == Decision.EXPLICIT_DENY) {
            return Decision.EXPLICIT_DENY;
        }
        if (trust.decision() != Decision.ALLOW) {
            return Decision.IMPLICIT_DENY;
        }
        boolean sameAccount = caller.accountId().equals(role.accountId());
        if (sameAccount && trust.strongest() == Principals.Match.EXACT) {
            return Decision.ALLOW;
        }
        if (sameAccount && trust.strongest() == Principals.Match.ROLE) {
            return session;
        }
        return both(identity, session);
    }

    /**
     * Why {@code sts:AssumeRole} of {@code role} is refused when the caller's own policies are the only reason: the
     * trust policy allows the caller, but its identity (or session) policies, which the request needs, do not. Worded
     * as AWS's access-denied context ({@link #denialContext}), e.g. {@code " because no identity-based policy allows
     * the sts:AssumeRole action"}. Empty when the request is allowed, or when the trust policy refuses it too: then
     * the refusal stays the plain message AWS gives for every trust-side cause, so that a caller cannot tell a wrong
     * External ID from a role that does not exist.
     *
     * @param context request keys such as {@code sts:ExternalId}; the caller's own keys are added
     */
    public static Optional<String> assumeRoleCallerDenial(Principal caller, Role role, Map<String, String> context) {
        Map<String, String> lowerCased = lowerCaseKeys(caller.requestContext(), context);
        TrustOutcome trust = trust(role.trustPolicy(), caller, ASSUME_ROLE, lowerCased);
        if (trust.decision() != Decision.ALLOW) {
            return Optional.empty();
        }
        Decision identity = evaluateLowerCased(caller.identityPolicies(), ASSUME_ROLE, role.arn(), lowerCased);
        Decision session = caller.sessionPolicies().isEmpty()
                ? Decision.ALLOW
                : evaluateLowerCased(caller.sessionPolicies(), ASSUME_ROLE, role.arn(), lowerCased);
        boolean sameAccount = caller.accountId().equals(role.accountId());
        // What evaluateAssumeRole needs: an explicit deny always counts, an allow only where the trust does not suffice.
        boolean identityNeeded = !(sameAccount && (trust.strongest() == Principals.Match.EXACT
                || trust.strongest() == Principals.Match.ROLE));
        boolean sessionNeeded = !(sameAccount && trust.strongest() == Principals.Match.EXACT);
        return denialContext(identityNeeded || identity == Decision.EXPLICIT_DENY ? identity : Decision.ALLOW,
                sessionNeeded || session == Decision.EXPLICIT_DENY ? session : Decision.ALLOW, ASSUME_ROLE);
    }

    /**
     * The clause AWS appends to an access-denied message to say which type of the caller's policies refused
     * {@code action} (its "access denied error message context"): {@code " with an explicit deny in an
     * identity-based policy"}, {@code " with an explicit deny in a session policy"}, {@code " because no
     * session policy allows the <action> action"} or {@code " because no identity-based policy allows the <action>
     * action"}; empty when both decisions allow.
     */
    public static Optional<String> denialContext(Decision identity, Decision session, String action) {
        if (identity == Decision.EXPLICIT_DENY) {
            return Optional.of(" with an explicit deny in an identity-based policy");
        }
        if (session == Decision.EXPLICIT_DENY) {
            return Optional.of(" with an explicit deny in a session policy");
        }
        if (identity != Decision.ALLOW) {
            return Optional.of(" because no identity-based policy allows the " + action + " action");
        }
        if (session != Decision.ALLOW) {
            return Optional.of(" because no session policy allows the " + action + " action");
        }
        return Optional.empty();
    }

    private static Decision both(Decision first, Decision second) {
        if (first == Decision.EXPLICIT_DENY || second == Decision.EXPLICIT_DENY) {
            return Decision.EXPLICIT_DENY;
        }
        return first == Decision.ALLOW && second == Decision.ALLOW ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static Decision evaluateLowerCased(List<PolicyDocument> policies, String action, String resource,
                                               Map<String, String> context) {
        boolean allowed = false;
        for (PolicyDocument policy : policies) {
            for (Statement statement : policy.statements()) {
                if (statement.applies(action, resource, context)) {
                    if (statement.effect() == Statement.Effect.DENY) {
                        return Decision.EXPLICIT_DENY;
                    }
                    allowed = true;
                }
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static TrustOutcome trust(PolicyDocument trust, Principal caller, String action,
                                      Map<String, String> context) {
        Principals.Match strongest = Principals.Match.NONE;
        for (Statement statement : trust.statements()) {
            Principals.Match match = principalMatch(statement.principals(), caller);
            if (match == Principals.Match.NONE || !statement.applies(action, null, context)) {
                continue;
            }
            if (statement.effect() == Statement.Effect.DENY) {
                return new TrustOutcome(Decision.EXPLICIT_DENY, Principals.Match.NONE);
            }
            if (match.ordinal() > strongest.ordinal()) {
                strongest = match;
            }
        }
        return new TrustOutcome(strongest == Principals.Match.NONE ? Decision.IMPLICIT_DENY : Decision.ALLOW,
                strongest);
    }

    private static Principals.Match principalMatch(Principals principals, Principal caller) {
        if (principals == null) {
            return Principals.Match.NONE;
        }
        Principals.Match match = principals.match(caller);
        if (!principals.negated()) {
            return match;
        }
        return match == Principals.Match.NONE ? Principals.Match.ANYONE : Principals.Match.NONE;
    }

    @SafeVarargs
    private static Map<String, String> lowerCaseKeys(Map<String, String>... contexts) {
        Map<String, String> lowerCased = new HashMap<>();
        for (Map<String, String> context : contexts) {
            context.forEach((key, value) -> {
                if (value != null) {
                    lowerCased.put(key.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return lowerCased;
    }

    private record TrustOutcome(Decision decision, Principals.Match strongest) {
    }
}
