package dev.modelgate.credentials;

import dev.modelgate.credentials.AssumeRoleException.Reason;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Translates what the SDK threw for an {@code AssumeRole} into an {@link AssumeRoleException}, keeping the SDK's
 * split: an answer from STS is classified by its error code (then by throttling and status), a failure to get an
 * answer ({@code SdkClientException}) is {@link Reason#STS_UNAVAILABLE} unless Modelgate's own credentials could not
 * be found.
 */
final class AssumeRoleFailures {

    private static final Map<String, Reason> BY_ERROR_CODE = Map.ofEntries(
            Map.entry("AccessDenied", Reason.ACCESS_DENIED),
            Map.entry("AccessDeniedException", Reason.ACCESS_DENIED),
            Map.entry("RegionDisabledException", Reason.REGION_DISABLED),
            Map.entry("InvalidClientTokenId", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("SignatureDoesNotMatch", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("MissingAuthenticationToken", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("IncompleteSignature", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("UnrecognizedClientException", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("InvalidSignatureException", Reason.INVALID_PLATFORM_CREDENTIALS),
            Map.entry("ExpiredToken", Reason.EXPIRED_PLATFORM_CREDENTIALS),
            Map.entry("ExpiredTokenException", Reason.EXPIRED_PLATFORM_CREDENTIALS),
            Map.entry("ValidationError", Reason.VALIDATION),
            Map.entry("ValidationException", Reason.VALIDATION),
            Map.entry("MalformedPolicyDocument", Reason.VALIDATION),
            Map.entry("PackedPolicyTooLarge", Reason.VALIDATION),
            Map.entry("InvalidParameterValue", Reason.VALIDATION),
            Map.entry("MalformedInput", Reason.VALIDATION));

    private AssumeRoleFailures() {
    }

    /** The failure {@code e} describes, for an {@code AssumeRole} of {@code key}'s role. */
    static AssumeRoleException translate(RuntimeException e, SessionKey key) {
        if (e instanceof AwsServiceException service) {
            return fromAnswer(service, key);
        }
        Throwable platform = platformCredentialsFailure(e);
        if (platform != null) {
            return new AssumeRoleException(Reason.INVALID_PLATFORM_CREDENTIALS, key.roleArn(), key.stsEndpoint(),
                    null, "Modelgate's own AWS credentials are unavailable: " + platform.getMessage(), 0, null, e);
        }
        if (!(e instanceof SdkClientException)) {
            return new AssumeRoleException(Reason.UNCLASSIFIED, key.roleArn(), key.stsEndpoint(), null,
                    String.valueOf(e.getMessage()), 0, null, e);
        }
        return new AssumeRoleException(Reason.STS_UNAVAILABLE, key.roleArn(), key.stsEndpoint(), null,
                e.getMessage(), 0, null, e);
    }

    private static AssumeRoleException fromAnswer(AwsServiceException e, SessionKey key) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage();
        Reason reason = code == null ? null : BY_ERROR_CODE.get(code);
        if (reason == null) {
            reason = e.isThrottlingException() ? Reason.THROTTLED
                    : e.statusCode() >= 500 ? Reason.STS_UNAVAILABLE
                    : Reason.UNCLASSIFIED;
        }
        return new AssumeRoleException(reason, key.roleArn(), key.stsEndpoint(), code, message, e.statusCode(),
                e.requestId(), e);
    }

    /** The failure of Modelgate's credentials provider somewhere in {@code e}'s causes, or null. */
    private static Throwable platformCredentialsFailure(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof StsClients.PlatformCredentialsUnavailableException) {
                return t;
            }
        }
        return null;
    }
}
