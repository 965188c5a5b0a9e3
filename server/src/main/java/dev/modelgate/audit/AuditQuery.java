package dev.modelgate.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which audit events of a workspace to read, newest first. Null filters match everything; a null
 * {@code workspaceId} reads every workspace's events and the platform's own (sign-ins of operators): for platform
 * operators only.
 *
 * @param from   inclusive
 * @param to     exclusive
 * @param offset events skipped
 * @param limit  at most this many, 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(String workspaceId, AuditAction action, String resourceId, String actor, Instant from,
                         Instant to, int offset, int limit) {

    public static final int MAX_LIMIT = 100;
    /** The widest window one query covers. */
    public static final Duration MAX_RANGE = Duration.ofDays(366);

    public AuditQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }
}
