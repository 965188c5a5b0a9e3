package dev.modelgate.emulator.iam;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials STS issued for an assumed-role session.
 *
 * @param accessKeyId     {@code ASIA} followed by 16 upper-case letters or digits
 * @param secretAccessKey 40 characters of base64
 * @param sessionToken    a long base64 token starting with {@code IQoJb3JpZ2luX2Vj} like AWS's
 * @param expiration      when the credentials stop working, whole seconds
 * @param session         the assumed-role session they act as
 */
public record IssuedSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                            Principal.RoleSession session) {

    public IssuedSession {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(session, "session");
    }

    /** Shows the key id, session and expiry; the secret and token never appear in logs. */
    @Override
    public String toString() {
        return "IssuedSession[accessKeyId=" + accessKeyId + ", session=" + session.arn() + ", expiration="
                + expiration + ", secretAccessKey=<redacted>, sessionToken=<redacted>]";
    }
}
