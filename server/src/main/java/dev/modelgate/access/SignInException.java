package dev.modelgate.access;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import java.time.Instant;

/**
 * A sign-in was refused. The message never says whether the username exists, except that a locked account says
 * until when it is locked.
 */
public final class SignInException extends ModelgateException {

    private final Instant lockedUntil;

    private SignInException(String message, Instant lockedUntil) {
        super(lockedUntil == null ? ErrorCode.SIGN_IN_FAILED : ErrorCode.ACCOUNT_LOCKED, message);
        this.lockedUntil = lockedUntil;
    }

    static SignInException wrongCredentials() {
        return new SignInException("the username or password is wrong", null);
    }

    static SignInException locked(Instant until) {
        return new SignInException("too many failed sign-ins: this account is locked until " + until
                + "; try again then, or ask an admin to reset the password", until);
    }

    /** Until when the account is locked; null when the credentials were simply wrong. */
    public Instant lockedUntil() {
        return lockedUntil;
    }
}
