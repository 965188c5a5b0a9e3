package dev.modelgate.emulator.iam;

import java.time.Instant;
import java.util.Objects;

/**
 * What an access key id stands for, as SigV4 verification needs it.
 *
 * @param secret       the secret access key to verify the signature with
 * @param principal    who signs with it
 * @param sessionToken the session token a request must carry in {@code X-Amz-Security-Token}; null
 *                     for long-term keys
 * @param expiration   when a temporary credential stops working; null for long-term keys. The store
 *                     keeps expired sessions for a while so that callers can answer "expired" rather
 *                     than "unknown key"; deciding expiry is the caller's job (see {@link #expiredAt}).
 */
public record ResolvedCredential(String secret, Principal principal, String sessionToken, Instant expiration) {

    public ResolvedCredential {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(principal, "principal");
        if ((sessionToken == null) != (expiration == null)) {
            throw new IllegalArgumentException("a temporary credential needs both a session token and an expiration");
        }
    }

    /** True for credentials issued by STS (they need a session token). */
    public boolean temporary() {
        return sessionToken != null;
    }

    /** Whether a temporary credential has expired at {@code now}; long-term keys never expire. */
    public boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    /** Shows the principal and expiry; the secret and session token never appear in logs. */
    @Override
    public String toString() {
        return "ResolvedCredential[principal=" + principal.arn()
                + (temporary() ? ", sessionToken=<redacted>, expiration=" + expiration : "")
                + ", secret=<redacted>]";
    }
}
