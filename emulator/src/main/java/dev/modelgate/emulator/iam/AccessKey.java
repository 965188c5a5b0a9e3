package dev.modelgate.emulator.iam;

import java.util.regex.Pattern;

/**
 * A long-term access key of an IAM user.
 *
 * @param id     {@code AKIA} followed by 12 to 124 upper-case letters or digits
 * @param secret the secret access key: 1 to 128 characters without whitespace
 */
public record AccessKey(String id, String secret) {

    private static final Pattern ID = Pattern.compile("AKIA[A-Z0-9]{12,124}");
    private static final Pattern SECRET = Pattern.compile("\\S{1,128}");

    public AccessKey {
        if (id == null) {
            throw new InvalidWorldException("id", "is required");
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidWorldException("id",
                    "must be AKIA followed by 12 to 124 upper-case letters or digits, got \"" + id + "\"");
        }
        if (secret == null) {
            throw new InvalidWorldException("secret", "is required");
        }
        if (!SECRET.matcher(secret).matches()) {
            throw new InvalidWorldException("secret",
                    "must be 1 to 128 characters without whitespace (length " + secret.length() + ")");
        }
    }

    /** Shows the id only; the secret never appears in logs. */
    @Override
    public String toString() {
        return "AccessKey[id=" + id + ", secret=<redacted>]";
    }
}
