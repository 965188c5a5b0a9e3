package dev.modelgate.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A console account. {@code passwordHash} is an Argon2id hash in Spring Security's {@code {argon2}…} form; it never
 * leaves the server and {@link #toString()} leaves it out.
 *
 * @param workspaceId   the member's workspace; null for a platform operator
 * @param failedSignIns consecutive failed sign-ins since the last success or lockout
 * @param lockedUntil   until when sign-in is refused after too many failures; null when not locked
 * @param passwordChangeRequired whether the password was set by an admin (a member added, a reset) and not yet
 *                      changed by the account itself: until it is, a session may do nothing but change it
 */
public record Account(String id, String username, String passwordHash, Role role, String workspaceId,
                      int failedSignIns, Instant lockedUntil, Instant createdAt, String createdBy,
                      boolean passwordChangeRequired) {

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (!role.forAccounts()) {
            throw new IllegalArgumentException("an account's role must be OPERATOR, ADMIN or DEVELOPER, got " + role);
        }
    }

    /** An account whose password its owner chose (or the platform set). */
    public Account(String id, String username, String passwordHash, Role role, String workspaceId,
                   int failedSignIns, Instant lockedUntil, Instant createdAt, String createdBy) {
        this(id, username, passwordHash, role, workspaceId, failedSignIns, lockedUntil, createdAt, createdBy, false);
    }

    /** Whether sign-in is refused at {@code now} because of earlier failures. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** The caller this account acts as once signed in. */
    public Caller caller() {
        return new Caller(Caller.Kind.ACCOUNT, id, username, role, workspaceId, null, null);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", username=" + username + ", role=" + role + ", workspaceId=" + workspaceId + "]";
    }
}
