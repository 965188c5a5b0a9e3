package dev.modelgate.access;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as stored: its secret only as a SHA-256 hash, which {@link #toString()} leaves out. Listed by
 * {@link #prefix()}, the public part of the token ({@code mgk_ab12cd34}).
 *
 * @param expiresAt null when the key does not expire
 * @param revokedAt null while the key is not revoked
 * @param models    the models the key may call; null when it may call every model of its workspace
 * @param limits    the key's own request-rate limit, within {@link ApiKeys#checkLimits}'s bounds; null when the
 *                  configured per-caller limit applies
 * @param tokenLimit the key's own token-per-minute limit, 1 to {@link ApiKeys#MAX_TOKENS_PER_MINUTE}; null for none
 */
public record ApiKey(String id, String workspaceId, String name, Role role, String prefix, String secretHash,
                     Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, String revokedBy,
                     ModelScope models, RateLimits.Limit limits, RateLimits.TokenLimit tokenLimit) {

    /** A key without a token-per-minute limit. */
    public ApiKey(String id, String workspaceId, String name, Role role, String prefix, String secretHash,
                  Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, String revokedBy,
                  ModelScope models, RateLimits.Limit limits) {
        this(id, workspaceId, name, role, prefix, secretHash, createdAt, createdBy, expiresAt, revokedAt, revokedBy,
                models, limits, null);
    }

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (!role.forKeys()) {
            throw new IllegalArgumentException("a key's role must be ADMIN, DEVELOPER or AGENT, got " + role);
        }
        if (tokenLimit != null && tokenLimit.tokensPerMinute() > ApiKeys.MAX_TOKENS_PER_MINUTE) {
            throw new IllegalArgumentException("a key's tokensPerMinute must be at most "
                    + ApiKeys.MAX_TOKENS_PER_MINUTE + ", got " + tokenLimit.tokensPerMinute());
        }
        if (limits != null) {
            var violations = ApiKeys.checkLimits(limits.requestsPerSecond(), limits.burst(), "limits");
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException(violations.getFirst().message());
            }
        }
    }

    /** ACTIVE, EXPIRED or REVOKED at {@code now}. */
    public String state(Instant now) {
        if (revokedAt != null) {
            return "REVOKED";
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? "EXPIRED" : "ACTIVE";
    }

    /** The caller a request with this key acts as. */
    public Caller caller() {
        return new Caller(Caller.Kind.KEY, id, prefix + " (" + name + ")", role, workspaceId, models, limits,
                tokenLimit);
    }

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", prefix=" + prefix + ", name=" + name + ", role=" + role + "]";
    }
}
