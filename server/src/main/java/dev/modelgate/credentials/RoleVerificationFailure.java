package dev.modelgate.credentials;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a role did not pass {@link RoleVerifier}, and whose move it is: the tenant's (the role, its trust policy, its
 * account), the platform's (Modelgate's own principal and credentials), or nobody's (STS did not answer; verify
 * again later).
 *
 * @param fixedBy who must change something before the role can pass
 * @param code    a stable kebab-case code, the same the Test's assume-role diagnoses use: {@code trust-policy-or-role},
 *                {@code external-id-not-required}, {@code sts-region-disabled} (tenant); {@code platform-not-allowed},
 *                {@code platform-credentials} (platform); {@code sts-unavailable}, {@code sts-rejected-request},
 *                {@code sts-unexpected-answer} (nobody)
 * @param problem what STS answered, in a sentence (AWS's message, never a credential)
 * @param fix     what the side named by {@code fixedBy} changes, in a sentence
 */
public record RoleVerificationFailure(Party fixedBy, String code, String problem, String fix) {

    /** Who must act for the role to pass. */
    public enum Party {
        /** The workspace: its role, trust policy or AWS account. */
        TENANT("for the workspace to fix"),
        /** The platform operator: Modelgate's own principal, its policies or credentials. */
        PLATFORM("for the platform operator to fix"),
        /** Nobody: STS could not be asked, or answered something unexpected; verify again. */
        NOBODY("nothing to fix yet");

        private final String words;

        Party(String words) {
            this.words = words;
        }

        /** {@code for the workspace to fix}, as notes and messages say it. */
        public String words() {
            return words;
        }
    }

    private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public RoleVerificationFailure {
        Objects.requireNonNull(fixedBy, "fixedBy");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be kebab-case, got " + code);
        }
    }

    /** The failure as one line, as a pending registration's note shows it: {@code (code, for whom): problem fix}. */
    public String sentence() {
        return "(" + code + ", " + fixedBy.words() + "): " + problem + " " + fix;
    }

    /**
     * Classifies a failed {@code AssumeRole} of the role being verified.
     *
     * @param withExternalId whether the request carried the workspace's External ID (the first of the two calls)
     */
    static RoleVerificationFailure of(AssumeRoleException e, SessionKey key, boolean withExternalId) {
        String call = withExternalId ? "AssumeRole with the workspace's External ID"
                : "AssumeRole without an External ID";
        String aws = e.errorCode().map(code -> code + ": ").orElse("") + e.detail();
        String role = key.roleArn().arn();
        return switch (e.reason()) {
            case ACCESS_DENIED -> AssumeRoleException.CALLERS_OWN_POLICY.matcher(e.detail()).find()
                    ? new RoleVerificationFailure(Party.PLATFORM, "platform-not-allowed", call + " was refused by "
                    + "Modelgate's own policies (" + aws + ").", "The platform operator allows Modelgate's principal "
                    + "sts:AssumeRole on " + role + " (the registration's platformPolicy); nothing in the tenant "
                    + "account needs to change.")
                    : new RoleVerificationFailure(Party.TENANT, "trust-policy-or-role", call + " was refused by the "
                    + "tenant's side (" + aws + ").", "The workspace checks that " + role + " exists, that its trust "
                    + "policy names Modelgate's principal, and that its Condition requires sts:ExternalId "
                    + key.externalId().value() + " (AWS does not say which of the three it is); Modelgate's own "
                    + "policies allowed the call.");
            case REGION_DISABLED -> new RoleVerificationFailure(Party.TENANT, "sts-region-disabled", call + " was "
                    + "refused: account " + key.roleArn().accountId() + " has deactivated STS in "
                    + key.stsEndpoint().signingRegion().id() + " (" + aws + ").", "The workspace activates STS in "
                    + key.stsEndpoint().signingRegion().id() + " for its account (IAM, Account settings).");
            case INVALID_PLATFORM_CREDENTIALS, EXPIRED_PLATFORM_CREDENTIALS -> new RoleVerificationFailure(
                    Party.PLATFORM, "platform-credentials", call + " could not be made: STS refused Modelgate's own "
                    + "credentials (" + aws + ").", "The platform operator fixes Modelgate's AWS credentials; nothing "
                    + "in the tenant account needs to change.");
            case THROTTLED, STS_UNAVAILABLE -> new RoleVerificationFailure(Party.NOBODY, "sts-unavailable", call
                    + " got no answer from STS at " + key.stsEndpoint() + " (" + e.reason() + ", after retries: " + aws
                    + ").", "Verify again in a minute.");
            case VALIDATION -> new RoleVerificationFailure(Party.NOBODY, "sts-rejected-request", call + " was "
                    + "rejected by STS (" + aws + ").", "Check the role ARN against STS's message.");
            case UNCLASSIFIED, NOT_APPROVED -> new RoleVerificationFailure(Party.NOBODY, "sts-unexpected-answer",
                    call + " failed in a way Modelgate does not recognise (" + aws + ").",
                    "Verify again; if it persists, give AWS support the request ID.");
        };
    }

    /** The role let Modelgate in without an External ID: open to any workspace that learns its ARN. */
    static RoleVerificationFailure externalIdNotRequired(SessionKey key) {
        return new RoleVerificationFailure(Party.TENANT, "external-id-not-required", "Modelgate could assume "
                + key.roleArn().arn() + " without an External ID, so any workspace that learns its ARN could use it.",
                "The workspace adds the Condition {\"StringEquals\": {\"sts:ExternalId\": \""
                        + key.externalId().value() + "\"}} to the trust policy statement that names Modelgate.");
    }
}
