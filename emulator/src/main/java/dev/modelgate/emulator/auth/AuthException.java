package dev.modelgate.emulator.auth;

/** A request that could not be authenticated, with AWS's message for it. */
public final class AuthException extends RuntimeException {

    private final AuthFailure failure;

    public AuthException(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public AuthFailure failure() {
        return failure;
    }
}
