package dev.modelgate.emulator.iam;

import java.util.Objects;

/**
 * A long-term access key together with the user who owns it.
 *
 * @param user the owner
 * @param key  the key (its toString hides the secret)
 */
public record UserAccessKey(User user, AccessKey key) {

    public UserAccessKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
    }
}
