package dev.modelgate.credentials;

import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * {@code AssumeRole} into a tenant's role failed: why ({@link #reason()}), and what STS or the SDK said about it
 * (the AWS error code, message, HTTP status and request ID, where there was an answer). Never holds a secret
 * access key or session token: AWS's messages name principals, roles and request values, not credentials.
 */
public class AssumeRoleException extends ModelgateException {

    /**
     * AWS's context in an access-denied message when the caller's own policies refused (identity-based or session
     * policies: no Allow, or an explicit Deny), not the role's trust policy. Group 1 is the clause.
     */
    public static final Pattern CALLERS_OWN_POLICY = Pattern.compile(
            " (because no (identity-based|session) policy allows the sts:AssumeRole action"
                    + "|with an explicit deny in an? (identity-based|session) policy)");

    /** Why {@code AssumeRole} failed, as far as Modelgate can tell from STS's answer. */
    public enum Reason {
        /**
         * STS refused ({@code AccessDenied}). AWS gives the same answer whether the role does not exist, its trust
         * policy does not name Modelgate's principal, or the External ID does not match its condition; the message
         * names the caller and the role. When Modelgate's own policies are what refuse {@code sts:AssumeRole}, the
         * message adds AWS's access-denied context ("… because no identity-based policy allows the sts:AssumeRole
         * action", "… with an explicit deny in an identity-based policy").
         */
        ACCESS_DENIED,
        /** STS is not activated in the tenant account for the endpoint's Region ({@code RegionDisabledException}). */
        REGION_DISABLED,
        /**
         * Modelgate's own credentials are wrong ({@code InvalidClientTokenId}, {@code SignatureDoesNotMatch},
         * {@code MissingAuthenticationToken}, …) or could not be found at all (no AWS code then).
         */
        INVALID_PLATFORM_CREDENTIALS,
        /** Modelgate's own credentials are a session that has expired ({@code ExpiredToken}). */
        EXPIRED_PLATFORM_CREDENTIALS,
        /**
         * STS refused the request's values ({@code ValidationError}, {@code MalformedPolicyDocument}, …): for example
         * a session duration above the role's {@code MaxSessionDuration}.
         */
        VALIDATION,
        /** STS throttled Modelgate, and the SDK's retries did not get through. */
        THROTTLED,
        /** STS answered 5xx, could not be reached, timed out or answered something unreadable, after retries. */
        STS_UNAVAILABLE,
        /** An answer none of the other reasons describes; the error code and message say what it was. */
        UNCLASSIFIED,
        /**
         * Modelgate refused before asking STS: the role has no approved registration for the calling workspace
         * ({@link RoleNotApprovedException} says its standing). Nothing was sent to AWS.
         */
        NOT_APPROVED;

        /**
         * The public code of this failure: {@link ErrorCode#ROLE_NOT_APPROVED} when Modelgate refused before asking,
         * {@link ErrorCode#ASSUME_ROLE_FAILED} otherwise (the Test's diagnosis names the cause more precisely).
         */
        public ErrorCode code() {
            return this == NOT_APPROVED ? ErrorCode.ROLE_NOT_APPROVED : ErrorCode.ASSUME_ROLE_FAILED;
        }
    }

    private final Reason reason;
    private final RoleArn roleArn;
    private final StsEndpoint stsEndpoint;
    private final String errorCode;
    private final String detail;
    private final int statusCode;
    private final String requestId;

    /**
     * @param reason      why it failed
     * @param roleArn     the role that was to be assumed
     * @param stsEndpoint the tenant's STS endpoint
     * @param errorCode   the AWS error code, or null when STS gave none (no answer, missing credentials)
     * @param detail      AWS's error message, or the SDK's description when STS did not answer
     * @param statusCode  the HTTP status of STS's answer, or 0 when there was none
     * @param requestId   STS's request ID, or null
     * @param cause       the SDK's exception, or null
     */
    public AssumeRoleException(Reason reason, RoleArn roleArn, StsEndpoint stsEndpoint, String errorCode,
                               String detail, int statusCode, String requestId, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").code(), message(reason, roleArn, stsEndpoint, errorCode, detail),
                cause);
        this.reason = reason;
        this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        this.stsEndpoint = Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        this.errorCode = errorCode;
        this.detail = Objects.requireNonNullElse(detail, "");
        this.statusCode = statusCode;
        this.requestId = requestId;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }

    /** The role that was to be assumed. */
    public RoleArn roleArn() {
        return roleArn;
    }

    /** The tenant's STS endpoint. */
    public StsEndpoint stsEndpoint() {
        return stsEndpoint;
    }

    /** The AWS error code ({@code AccessDenied}, {@code ValidationError}, …); empty when STS gave none. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** AWS's error message as STS sent it, or the SDK's description of the failure when STS did not answer. */
    public String detail() {
        return detail;
    }

    /** The HTTP status STS answered with; empty when there was no answer. */
    public OptionalInt statusCode() {
        return statusCode == 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    /** STS's request ID, for AWS support and the tenant's CloudTrail; empty when there was no answer. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    private static String message(Reason reason, RoleArn roleArn, StsEndpoint stsEndpoint, String errorCode,
                                  String detail) {
        return "AssumeRole of " + roleArn + " at " + stsEndpoint + " failed (" + reason + "): "
                + (errorCode == null ? "" : errorCode + ": ") + detail;
    }
}
