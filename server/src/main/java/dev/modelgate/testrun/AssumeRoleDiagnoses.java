package dev.modelgate.testrun;

import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.RoleNotApprovedException;
import dev.modelgate.credentials.RoleStanding;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code AssumeRole} failure means and what to fix, in words for the tenant (or, where the fault is
 * Modelgate's own, for its operator).
 */
final class AssumeRoleDiagnoses {

    private static final Pattern CALLER = Pattern.compile("^User: (\\S+) is not authorized to perform: sts:AssumeRole");

    private AssumeRoleDiagnoses() {
    }

    /**
     * @param principal    Modelgate's own principal ARN (as trust policies name it), when known
     * @param lastAssumed  when a Test last assumed this role with the same External ID and STS endpoint, if ever
     */
    static Diagnosis of(AssumeRoleException e, SessionKey key, Optional<String> principal,
                        Optional<Instant> lastAssumed) {
        Diagnosis.AwsError aws = aws(e);
        return switch (e.reason()) {
            case ACCESS_DENIED -> accessDenied(e, key, principal, lastAssumed, aws);
            case REGION_DISABLED -> Diagnosis.of(ErrorCode.STS_REGION_DISABLED,
                    "STS is not activated in " + key.stsEndpoint().signingRegion().id() + " for account "
                            + key.roleArn().accountId(),
                    "STS at " + key.stsEndpoint() + " refused: the tenant account " + key.roleArn().accountId()
                            + " has deactivated STS in " + key.stsEndpoint().signingRegion().id()
                            + ". Activate it there, or choose an STS endpoint in a Region where it is active.",
                    List.of("In account " + key.roleArn().accountId() + ", open IAM → Account settings → Security "
                                    + "Token Service (STS) → Endpoints and activate " + key.stsEndpoint().signingRegion().id()
                                    + " (an administrator of that account can).",
                            "Or set the model's STS endpoint to one of a Region where STS is active, e.g. "
                                    + "https://sts.us-east-1.amazonaws.com."), aws);
            case INVALID_PLATFORM_CREDENTIALS, EXPIRED_PLATFORM_CREDENTIALS -> Diagnosis.of(
                    ErrorCode.PLATFORM_CREDENTIALS,
                    e.reason() == AssumeRoleException.Reason.EXPIRED_PLATFORM_CREDENTIALS
                            ? "Modelgate's own AWS credentials have expired" : "Modelgate's own AWS credentials were refused",
                    "This is a problem of this Modelgate installation, not of the tenant's role: "
                            + (e.errorCode().isPresent() ? "STS refused Modelgate's own credentials ("
                            + e.errorCode().get() + ": " + e.detail() + ")." : e.detail() + ".")
                            + " Nothing in the tenant account needs to change.",
                    List.of("The Modelgate operator fixes the platform's AWS credentials (found by the AWS SDK's default "
                                    + "credentials chain: environment, profile, web identity, container or instance role).",
                            "Then run the Test again."), aws);
            case VALIDATION -> Diagnosis.of(ErrorCode.STS_REJECTED_REQUEST, "STS rejected the AssumeRole request",
                    "STS refused the request's values: " + e.detail(), validationFixes(e, key), aws);
            case THROTTLED, STS_UNAVAILABLE -> Diagnosis.of(ErrorCode.STS_UNAVAILABLE, "STS did not answer",
                    (e.reason() == AssumeRoleException.Reason.THROTTLED ? "STS throttled Modelgate" : "STS at "
                            + key.stsEndpoint() + " is failing or could not be reached") + ", after retries: "
                            + e.detail(),
                    List.of("Run the Test again in a minute.",
                            "If it persists, check AWS's health dashboard for STS in "
                                    + key.stsEndpoint().signingRegion().id() + ", or choose another STS endpoint."),
                    aws);
            case UNCLASSIFIED -> Diagnosis.of(ErrorCode.STS_UNEXPECTED_ANSWER, "STS gave an unexpected answer",
                    "AssumeRole failed in a way Modelgate does not recognise: "
                            + e.errorCode().map(code -> code + ": ").orElse("") + e.detail(),
                    List.of("Run the Test again; if it persists, give AWS support the request ID."), aws);
            case NOT_APPROVED -> notApproved(key, e instanceof RoleNotApprovedException refused ? refused.standing()
                    : RoleStanding.NOT_REGISTERED);
        };
    }

    /** Modelgate refused before asking STS: the role is not approved for the workspace. */
    static Diagnosis notApproved(SessionKey key, RoleStanding standing) {
        RoleArn role = key.roleArn();
        String register = "Register the role for this workspace: POST /api/v1/registrations with {\"roleArn\": \""
                + role + "\"}.";
        String approve = "A platform operator approves the registration (POST /api/v1/operator/registrations/{id}"
                + "/approve) and allows Modelgate's principal sts:AssumeRole on the role.";
        List<String> fixes = switch (standing) {
            case NOT_REGISTERED -> List.of(register, approve, "Then run the Test again.");
            case PENDING -> List.of("Ask a platform operator to approve the pending registration of " + role
                    + " (GET /api/v1/registrations shows it, with any note from automatic verification).", approve,
                    "Then run the Test again.");
            case REJECTED -> List.of("Read the operator's note on the rejected registration (GET "
                            + "/api/v1/registrations), fix what it names, and register the role again: that puts the "
                            + "registration back to pending.", register, "Then run the Test again.");
            case REVOKED, APPROVED -> List.of("Register the role again if this workspace should still use it: "
                    + "that puts the registration back to pending.", register, approve, "Then run the Test again.");
        };
        return Diagnosis.of(ErrorCode.ROLE_NOT_APPROVED, "The role is not approved for this workspace",
                "Role " + role + " " + RoleNotApprovedException.describe(standing) + ". Modelgate assumes only roles "
                        + "a platform operator approved for the calling workspace, so nothing was sent to STS.",
                fixes, null);
    }

    /** The role let Modelgate in without the External ID. */
    static Diagnosis externalIdNotRequired(SessionKey key, Optional<String> principal) {
        RoleArn role = key.roleArn();
        List<String> fixes = new ArrayList<>();
        fixes.add("Add this Condition to the statement of " + role.name() + "'s trust policy that names Modelgate: "
                + "{\"StringEquals\": {\"sts:ExternalId\": \"" + key.externalId().value() + "\"}}");
        principal.ifPresent(arn -> {
            PolicyDocuments documents = new PolicyDocuments(role.name(), arn, key.externalId());
            fixes.add("The complete trust policy it should have:\n" + documents.trustPolicy());
            fixes.add("With the AWS CLI: " + documents.updateTrustPolicyCommand());
        });
        fixes.add("Then run the Test again.");
        return Diagnosis.of(ErrorCode.EXTERNAL_ID_NOT_REQUIRED, "The role does not require the External ID",
                "Modelgate could assume " + role + " without an External ID. Any Modelgate workspace that learns this "
                        + "role's ARN could then use it (the confused-deputy problem); its trust policy must require "
                        + "this workspace's External ID, " + key.externalId().value() + ".",
                fixes, null);
    }

    private static Diagnosis accessDenied(AssumeRoleException e, SessionKey key, Optional<String> principal,
                                          Optional<Instant> lastAssumed, Diagnosis.AwsError aws) {
        Matcher callerPolicy = AssumeRoleException.CALLERS_OWN_POLICY.matcher(e.detail());
        Matcher callerMatcher = CALLER.matcher(e.detail());
        String caller = callerMatcher.find() ? callerMatcher.group(1) : principal.orElse("Modelgate's principal");
        RoleArn role = key.roleArn();
        if (callerPolicy.find()) {
            boolean deny = callerPolicy.group(1).startsWith("with an explicit deny");
            List<String> fixes = new ArrayList<>();
            if (deny) {
                fixes.add("The Modelgate operator removes or narrows the Deny statement in the policies of " + caller
                        + " that covers sts:AssumeRole on " + role + ".");
            }
            fixes.add("The Modelgate operator registers the role with the platform: allow " + caller
                    + " sts:AssumeRole on it with this statement:\n"
                    + PolicyDocuments.allowPolicy("AssumeTenantRole", List.of("sts:AssumeRole"), List.of(role.arn())));
            fixes.add("Then run the Test again. Nothing in the tenant account needs to change.");
            return Diagnosis.of(ErrorCode.PLATFORM_NOT_ALLOWED, "Modelgate's own principal may not assume this role",
                    "STS says that Modelgate's own principal " + caller + " may not call sts:AssumeRole on " + role
                            + callerPolicy.group(0) + ". This is for the Modelgate operator, not the tenant: the "
                            + "role is not registered with the platform.", fixes, aws);
        }
        String trustPrincipal = principal.orElse(PolicyDocuments.trustPrincipal(caller));
        PolicyDocuments documents = new PolicyDocuments(role.name(), trustPrincipal, key.externalId());
        List<String> fixes = List.of(
                "Check that the role exists with exactly this ARN: " + role + " (account " + role.accountId()
                        + ", path " + role.path() + ", name " + role.name() + "): aws iam get-role --role-name "
                        + role.name(),
                "Check that its trust policy's Principal names Modelgate's principal: " + trustPrincipal,
                "Check that its Condition requires sts:ExternalId to equal this workspace's External ID: "
                        + key.externalId().value(),
                "The complete trust policy it should have:\n" + documents.trustPolicy(),
                "With the AWS CLI: " + documents.updateTrustPolicyCommand());
        Diagnosis diagnosis = Diagnosis.of(ErrorCode.TRUST_POLICY_OR_ROLE,
                "STS refused to let Modelgate assume the role",
                "STS refused to let Modelgate (" + caller + ") assume " + role + ". AWS gives this same answer when the "
                        + "role does not exist, when its trust policy does not name Modelgate's principal, and when "
                        + "the External ID condition does not match; it does not say which, so that no one can probe "
                        + "another account. Check the three in order.", fixes, aws);
        return lastAssumed.map(at -> diagnosis.withEvidence(List.of("This role was assumed successfully at " + at
                + " with the same External ID and STS endpoint; its trust policy or the role changed since.")))
                .orElse(diagnosis);
    }

    private static List<String> validationFixes(AssumeRoleException e, SessionKey key) {
        if (e.detail().contains("MaxSessionDuration")) {
            return List.of("Raise the role's maximum session duration to at least the session duration this "
                            + "Modelgate asks for (modelgate.sessions.duration, one hour unless its operator changed "
                            + "it): aws iam update-role --role-name " + key.roleArn().name()
                            + " --max-session-duration <seconds>",
                    "Or the Modelgate operator lowers modelgate.sessions.duration to the role's maximum.");
        }
        return List.of("Check the role ARN and the STS endpoint of the model against STS's message.");
    }

    private static Diagnosis.AwsError aws(AssumeRoleException e) {
        if (e.errorCode().isEmpty() && e.statusCode().isEmpty()) {
            return null;
        }
        return new Diagnosis.AwsError(e.errorCode().orElse(null), e.detail(),
                e.statusCode().isPresent() ? e.statusCode().getAsInt() : null, e.requestId().orElse(null));
    }
}
