package dev.modelgate.error;

import java.util.Objects;

/**
 * A failure with a stable {@link ErrorCode}. Core packages throw it (or a subclass that carries the failure's data);
 * only the web layer turns the code into an HTTP status and a problem+json body. The message is the problem's
 * {@code detail}: it says what is wrong and what to do, and never holds a secret, a session token or a body.
 */
public class ModelgateException extends RuntimeException {

    private final ErrorCode code;

    /** A failure without a stack trace: an expected refusal, not a bug. */
    public ModelgateException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A failure caused by {@code cause} (an SDK or database exception), which keeps its stack trace. */
    public ModelgateException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The failure's stable code. */
    public ErrorCode code() {
        return code;
    }
}
