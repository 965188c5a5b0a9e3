package dev.modelgate.usage;

import java.util.Objects;

/**
 * Who made a call: an API key or a signed-in account. Holds no secret.
 *
 * @param kind how the caller authenticated
 * @param id   the key's or account's id, 1 to {@value UsageRecord#MAX_ID} characters
 * @param name the key's prefix and name ({@code mgk_ab12cd34 (ci)}) or the account's username, cut to
 *             {@value #MAX_NAME} characters
 */
public record UsageCaller(Kind kind, String id, String name) {

    public static final int MAX_NAME = 200;

    public enum Kind {
        KEY,
        ACCOUNT
    }

    public UsageCaller {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank() || id.length() > UsageRecord.MAX_ID) {
            throw new IllegalArgumentException("caller id must have 1 to " + UsageRecord.MAX_ID + " characters, got "
                    + (id == null ? "null" : id.length() + " characters"));
        }
        Objects.requireNonNull(name, "name");
        name = name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }
}
