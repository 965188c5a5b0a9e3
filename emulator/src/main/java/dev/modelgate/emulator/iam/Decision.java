package dev.modelgate.emulator.iam;

/** The outcome of evaluating policies for one request. */
public enum Decision {
    /** A statement allows the request and none denies it. */
    ALLOW,
    /** A statement denies the request; this wins over any Allow. */
    EXPLICIT_DENY,
    /** No statement allows the request (IAM's default). */
    IMPLICIT_DENY;

    /** True only for {@link #ALLOW}. */
    public boolean allowed() {
        return this == ALLOW;
    }
}
