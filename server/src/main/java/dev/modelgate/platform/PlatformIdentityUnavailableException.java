package dev.modelgate.platform;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/**
 * Modelgate could not learn its own AWS identity: it has no credentials, STS refused them, or STS could not be
 * reached. The message says which and what to check; it never holds a key, a secret or a token.
 */
public class PlatformIdentityUnavailableException extends ModelgateException {

    /** Why the identity is unknown. */
    public enum Reason {
        /** The SDK's default credentials chain found nothing. */
        NO_CREDENTIALS,
        /** STS answered, refusing the credentials (unknown key, wrong secret, expired token, denied). */
        CREDENTIALS_REJECTED,
        /** STS gave no usable answer: unreachable, timed out, or failing. */
        STS_UNAVAILABLE
    }

    private final Reason reason;

    PlatformIdentityUnavailableException(Reason reason, String message, Throwable cause) {
        super(ErrorCode.PLATFORM_IDENTITY_UNAVAILABLE, message, cause);
        this.reason = reason;
    }

    /** Why the identity is unknown. */
    public Reason reason() {
        return reason;
    }
}
