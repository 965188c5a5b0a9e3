package dev.modelgate.emulator.sts;

import dev.modelgate.emulator.iam.CredentialStore;
import dev.modelgate.emulator.iam.Decision;
import dev.modelgate.emulator.iam.IssuedSession;
import dev.modelgate.emulator.iam.MalformedPolicyException;
import dev.modelgate.emulator.iam.PolicyDocument;
import dev.modelgate.emulator.iam.PolicyEvaluator;
import dev.modelgate.emulator.iam.Principal;
import dev.modelgate.emulator.iam.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code AssumeRole}: validates the request as the STS model does, authorizes it as IAM does
 * (trust policy and, unless the trust names the caller explicitly in the same account, the caller's
 * identity policies), and issues a session.
 *
 * <p>Session tags, transitive tag keys, MFA members, provided contexts and managed session policy
 * ARNs are validated and count toward {@code PackedPolicySize}, but do not affect authorization:
 * the trust policy is not asked for {@code sts:TagSession} or {@code sts:SetSourceIdentity}, and
 * managed policy ARNs do not limit the session (the world holds no managed policies). Tags are
 * offered to trust conditions as {@code aws:RequestTag/<key>}.
 */
final class AssumeRoleHandler {

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:[^:]*:[^:]*:[^:]*:.+");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/.+");
    private static final int ROLE_CHAINING_LIMIT_SECONDS = 3600;

    private final CredentialStore credentials;
    private final Clock clock;

    AssumeRoleHandler(CredentialStore credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The XML reply of a successful call; every failure is an {@link StsException}. */
    String handle(StsParameters params, Principal caller, String signingRegion, String requestId) {
        AssumeRoleInput input = AssumeRoleInput.parse(params);
        checkSemantics(input, caller);
        Optional<PolicyDocument> sessionPolicy = sessionPolicy(input.policy());
        Integer packedPolicySize = packedPolicySize(input, sessionPolicy);
        checkRegion(input.roleArn(), signingRegion);
        Role role = authorize(input, caller, signingRegion);
        if (input.duration() > role.maxSessionDuration()) {
            throw StsException.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Principal.RoleSession session = new Principal.RoleSession(role, input.roleSessionName(),
                sessionPolicy.map(List::of).orElse(List.of()), input.sourceIdentity());
        IssuedSession issued = credentials.issueSession(session, Duration.ofSeconds(input.duration()));
        return StsXml.assumeRoleResponse(issued, packedPolicySize, input.sourceIdentity(), requestId);
    }

    private static void checkSemantics(AssumeRoleInput input, Principal caller) {
        if (!ARN.matcher(input.roleArn()).matches()) {
            throw StsException.validation(input.roleArn() + " is invalid");
        }
        Set<String> tagKeys = new HashSet<>();
        for (AssumeRoleInput.Tag tag : input.tags()) {
            if (!tagKeys.add(tag.key().toLowerCase(Locale.ROOT))) {
                throw StsException.validation("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        if (caller instanceof Principal.RoleSession && input.duration() > ROLE_CHAINING_LIMIT_SECONDS) {
            throw StsException.validation(
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
    }

    private static Optional<PolicyDocument> sessionPolicy(String policy) {
        if (policy == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PolicyDocument.parse(policy).requireIdentityPolicy());
        } catch (MalformedPolicyException e) {
            throw StsException.sender(400, "MalformedPolicyDocument", e.getMessage());
        }
    }

    private static Integer packedPolicySize(AssumeRoleInput input, Optional<PolicyDocument> sessionPolicy) {
        if (sessionPolicy.isEmpty() && input.policyArns().isEmpty() && input.tags().isEmpty()) {
            return null;
        }
        int percent = PackedPolicy.percent(sessionPolicy.map(PolicyDocument::toJsonString).orElse(null),
                input.policyArns(), input.tags());
        if (percent > 100) {
            throw StsException.sender(400, "PackedPolicyTooLarge",
                    "Packed policy consumes " + percent + "% of allotted space, please use smaller policy.");
        }
        return percent;
    }

    private void checkRegion(String roleArn, String signingRegion) {
        Matcher matcher = ROLE_ARN.matcher(roleArn);
        if (signingRegion == null || !matcher.matches()) {
            return;
        }
        String accountId = matcher.group(1);
        boolean disabled = credentials.world().account(accountId)
                .map(account -> account.stsDisabledRegions().contains(signingRegion))
                .orElse(false);
        if (disabled) {
            throw StsException.sender(403, "RegionDisabledException", "STS is not activated in this region for account:"
                    + accountId + ". Your account administrator can activate STS in this region using the IAM Console.");
        }
    }

    /**
     * The role, if it exists and the caller may assume it; otherwise AccessDenied, with the same message for every
     * trust-side cause (no such role, a trust policy that does not name the caller, a condition such as the External
     * ID that does not hold). Only when the caller's own policies are the sole reason does the message add AWS's
     * access-denied context for them ({@link PolicyEvaluator#assumeRoleCallerDenial}).
     */
    private Role authorize(AssumeRoleInput input, Principal caller, String signingRegion) {
        Optional<Role> role = credentials.world().role(input.roleArn());
        Map<String, String> context = context(input, signingRegion);
        if (role.isPresent() && PolicyEvaluator.evaluateAssumeRole(caller, role.get(), context) == Decision.ALLOW) {
            return role.get();
        }
        String because = role.flatMap(r -> PolicyEvaluator.assumeRoleCallerDenial(caller, r, context)).orElse("");
        throw StsException.sender(403, "AccessDenied", "User: " + caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: " + input.roleArn() + because);
    }

    private Map<String, String> context(AssumeRoleInput input, String signingRegion) {
        Map<String, String> context = new LinkedHashMap<>();
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        context.put("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(now));
        context.put("aws:EpochTime", Long.toString(now.getEpochSecond()));
        if (signingRegion != null) {
            context.put("aws:RequestedRegion", signingRegion);
        }
        context.put("sts:RoleSessionName", input.roleSessionName());
        if (input.externalId() != null) {
            context.put("sts:ExternalId", input.externalId());
        }
        if (input.sourceIdentity() != null) {
            context.put("sts:SourceIdentity", input.sourceIdentity());
        }
        input.tags().forEach(tag -> context.put("aws:RequestTag/" + tag.key(), tag.value()));
        return context;
    }
}
