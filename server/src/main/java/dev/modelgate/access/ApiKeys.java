package dev.modelgate.access;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.cluster.Invalidations;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * API keys per workspace: created with a name and role, the secret answered once and stored only as a SHA-256 hash,
 * listed by prefix, revocable, optionally expiring. A token reads {@code mgk_<8 characters>_<43 characters>}: the
 * first part is the listed prefix, the rest 256 random bits. A plain hash suits such secrets (an adaptive hash
 * protects guessable passwords, and would put milliseconds on every call).
 *
 * <p>Authentication keeps looked-up keys for {@link #LOOKUP_TTL}; revoking through this instance drops its entry
 * at once, so a revoked key is refused from the next request on; other instances of Modelgate on the same
 * PostgreSQL drop theirs when the {@link Invalidations} reach them, and within {@link #LOOKUP_TTL} at the latest.
 */
public final class ApiKeys {

    /** How long a looked-up key is kept for authentication. */
    public static final Duration LOOKUP_TTL = Duration.ofSeconds(10);
    /** The {@link Invalidations} topic of keys created or revoked, by prefix. */
    public static final String INVALIDATION_TOPIC = "api-key";
    /** Keys per workspace that are neither revoked nor expired. */
    public static final int MAX_ACTIVE_PER_WORKSPACE = 100;
    /** The furthest expiry a key may be given. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3 * 366);
    public static final int MAX_NAME = 100;
    /** The most requests per second a key's own limit may allow. */
    public static final long MAX_REQUESTS_PER_SECOND = 10_000;
    /** The largest burst a key's own limit may allow. */
    public static final long MAX_BURST = 100_000;
    /** The most tokens per minute a key's own token limit may allow. */
    public static final long MAX_TOKENS_PER_MINUTE = 1_000_000_000;

    private static final Pattern TOKEN = Pattern.compile("(mgk_[a-z2-7]{8})_[A-Za-z0-9_-]{43}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** What {@link #authenticate} found. */
    public enum Outcome {
        /** The key is active; {@link Check#key()} is it. */
        VALID,
        /** Not a token Modelgate issued, or no key has it (a revoked key's hash still matches: REVOKED then). */
        UNKNOWN,
        REVOKED,
        EXPIRED
    }

    /** The outcome of authenticating a token, with the key when it was found. */
    public record Check(Outcome outcome, ApiKey key) {
    }

    /** A key just created, with its token: the only time the token exists outside the caller's hands. */
    public record Created(ApiKey key, String token) {
        @Override
        public String toString() {
            return "Created[" + key + "]";
        }
    }

    /**
     * A key's own limits as asked for, not yet checked: a request-rate limit (both parts needed) and/or a
     * token-per-minute limit. A burst below the rate is allowed: requests are then spread out (a token every
     * {@code 1/requestsPerSecond} s) rather than bunched.
     */
    public record RequestedLimits(Long requestsPerSecond, Long burst, Long tokensPerMinute) {

        /** A request-rate limit alone. */
        public RequestedLimits(Long requestsPerSecond, Long burst) {
            this(requestsPerSecond, burst, null);
        }
    }

    private final ApiKeyRepository repository;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();
    private final LoadingCache<String, Optional<ApiKey>> byPrefix;
    private final Invalidations invalidations;

    public ApiKeys(ApiKeyRepository repository, AuditLog audit, TransactionOperations transactions, Clock clock) {
        this(repository, audit, transactions, clock, Invalidations.local(), LOOKUP_TTL);
    }

    /**
     * @param invalidations tells every instance of a key created or revoked here, and this one of those of others
     * @param lookupTtl     how long a key looked up is kept (the safety net behind the invalidations)
     */
    public ApiKeys(ApiKeyRepository repository, AuditLog audit, TransactionOperations transactions, Clock clock,
                   Invalidations invalidations, Duration lookupTtl) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        Objects.requireNonNull(lookupTtl, "lookupTtl");
        if (lookupTtl.isNegative() || lookupTtl.isZero()) {
            throw new IllegalArgumentException("modelgate.keys.lookup-ttl must be positive, got " + lookupTtl);
        }
        this.byPrefix = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(lookupTtl)
                .build(repository::findByPrefix);
        invalidations.subscribe(INVALIDATION_TOPIC, prefix -> {
            if (Invalidations.EVERYTHING.equals(prefix)) {
                byPrefix.invalidateAll();
            } else {
                byPrefix.invalidate(prefix);
            }
        });
    }

    /** Creates a key that may call every model of the workspace (see the seven-argument {@code create}). */
    public Created create(String workspaceId, String name, Role role, Instant expiresAt, String actor) {
        return create(workspaceId, name, role, expiresAt, null, null, actor);
    }

    /** Creates a key with the configured per-caller limit (see the seven-argument {@code create}). */
    public Created create(String workspaceId, String name, Role role, Instant expiresAt, List<String> models,
                          String actor) {
        return create(workspaceId, name, role, expiresAt, models, null, actor);
    }

    /**
     * Creates a key in {@code workspaceId}, audited as {@code KEY_CREATED} (with its scope and limits).
     *
     * @param expiresAt null for a key that does not expire; else in the future, at most {@link #MAX_LIFETIME} ahead
     * @param models    the names and patterns of the models the key may call ({@link ModelScope}); null for every
     *                  model of the workspace
     * @param limits    the key's own request-rate limit, used instead of the configured per-caller one, and/or its
     *                  token-per-minute limit
     *                  ({@link #checkLimits}); null for the configured one
     * @throws InvalidInputException naming {@code name}, {@code role}, {@code expiresAt}, {@code models},
     *                               {@code models[i]}, {@code limits}, {@code limits.requestsPerSecond} or
     *                               {@code limits.burst}, or {@code name} with rule {@code max-active-keys} when the
     *                               workspace has {@value #MAX_ACTIVE_PER_WORKSPACE}
     */
    public Created create(String workspaceId, String name, Role role, Instant expiresAt, List<String> models,
                          RequestedLimits limits, String actor) {
        Instant now = clock.instant();
        List<Violation> violations = new ArrayList<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            violations.add(Violation.of("name", "key-name",
                    "name must be 1 to " + MAX_NAME + " characters without control characters"));
        }
        if (role == null || !role.forKeys()) {
            violations.add(Violation.of("role", "key-role", "role must be ADMIN, DEVELOPER or AGENT"));
        }
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
            violations.add(Violation.of("expiresAt", "key-expiry",
                    "expiresAt must be in the future and at most " + MAX_LIFETIME.toDays() + " days ahead, got "
                            + expiresAt));
        }
        if (models != null) {
            violations.addAll(ModelScope.check(models, "models"));
        }
        if (limits != null) {
            boolean tokensOnly = limits.tokensPerMinute() != null && limits.requestsPerSecond() == null
                    && limits.burst() == null;
            if (!tokensOnly) {
                violations.addAll(checkLimits(limits.requestsPerSecond(), limits.burst(), "limits"));
            }
            if (limits.tokensPerMinute() != null && (limits.tokensPerMinute() < 1
                    || limits.tokensPerMinute() > MAX_TOKENS_PER_MINUTE)) {
                violations.add(Violation.of("limits.tokensPerMinute", "key-limit-tokens", "limits.tokensPerMinute "
                        + "must be 1 to " + MAX_TOKENS_PER_MINUTE + ", got " + limits.tokensPerMinute()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        ModelScope scope = models == null ? null : ModelScope.of(models);
        RateLimits.Limit limit = limits == null || limits.requestsPerSecond() == null ? null
                : new RateLimits.Limit(limits.requestsPerSecond(), limits.burst());
        RateLimits.TokenLimit tokenLimit = limits == null || limits.tokensPerMinute() == null ? null
                : new RateLimits.TokenLimit(limits.tokensPerMinute());
        if (repository.countActive(workspaceId, now) >= MAX_ACTIVE_PER_WORKSPACE) {
            throw new InvalidInputException(Violation.of("name", "max-active-keys",
                    "the workspace has " + MAX_ACTIVE_PER_WORKSPACE + " active keys, the most allowed; "
                            + "revoke one first"));
        }
        String prefix = "mgk_" + base32(8);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), workspaceId, trimmed, role, prefix, sha256(token),
                now, actor, expiresAt, null, null, scope, limit, tokenLimit);
        transactions.executeWithoutResult(tx -> {
            repository.insert(key);
            ObjectNode details = json.createObjectNode().put("prefix", prefix).put("role", role.name());
            details.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            if (scope == null) {
                details.putNull("models");
            } else {
                scope.entries().forEach(details.putArray("models")::add);
            }
            if (limit == null && tokenLimit == null) {
                details.putNull("limits");
            } else {
                ObjectNode limitDetails = details.putObject("limits");
                if (limit != null) {
                    limitDetails.put("requestsPerSecond", limit.requestsPerSecond()).put("burst", limit.burst());
                }
                if (tokenLimit != null) {
                    limitDetails.put("tokensPerMinute", tokenLimit.tokensPerMinute());
                }
            }
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.KEY_CREATED, "API_KEY", key.id(), trimmed,
                    details));
        });
        invalidations.publish(INVALIDATION_TOPIC, prefix);
        return new Created(key, token);
    }

    /**
     * The rules a key's own limit breaks, each naming {@code field} ({@code limits}: neither part given) or
     * {@code field.requestsPerSecond} / {@code field.burst}; empty when it makes a limit. Rules: requestsPerSecond 1 to
     * {@value #MAX_REQUESTS_PER_SECOND}, burst 1 to {@value #MAX_BURST}, both given.
     */
    public static List<Violation> checkLimits(Long requestsPerSecond, Long burst, String field) {
        List<Violation> violations = new ArrayList<>();
        if (requestsPerSecond == null && burst == null) {
            violations.add(Violation.of(field, "key-limits-incomplete", field + " must give requestsPerSecond and "
                    + "burst; leave it out for the configured per-caller limit"));
            return violations;
        }
        if (requestsPerSecond == null || requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND) {
            violations.add(Violation.of(field + ".requestsPerSecond", "key-limit-rate", field
                    + ".requestsPerSecond must be 1 to " + MAX_REQUESTS_PER_SECOND + ", got " + requestsPerSecond));
        }
        if (burst == null || burst < 1 || burst > MAX_BURST) {
            violations.add(Violation.of(field + ".burst", "key-limit-burst", field + ".burst must be 1 to "
                    + MAX_BURST + ", got " + burst));
        }
        return violations;
    }

    public List<ApiKey> list(String workspaceId) {
        return repository.list(workspaceId);
    }

    /** The workspace's key of that id; another workspace's is as absent as none. */
    public Optional<ApiKey> find(String workspaceId, String id) {
        return repository.find(workspaceId, id);
    }

    /**
     * Revokes the key, audited as {@code KEY_REVOKED}; requests with it are refused from now on. Revoking a revoked
     * key changes nothing and records nothing.
     *
     * @return the key as it is now; empty when the workspace has no key of that id
     */
    public Optional<ApiKey> revoke(String workspaceId, String id, String actor) {
        Optional<ApiKey> found = repository.find(workspaceId, id);
        if (found.isEmpty()) {
            return found;
        }
        ApiKey key = found.get();
        transactions.executeWithoutResult(tx -> {
            if (repository.revoke(workspaceId, id, clock.instant(), actor)) {
                audit.append(new AuditEntry(workspaceId, actor, AuditAction.KEY_REVOKED, "API_KEY", id, key.name(),
                        json.createObjectNode().put("prefix", key.prefix()).put("role", key.role().name())));
            }
        });
        invalidations.publish(INVALIDATION_TOPIC, key.prefix());
        return repository.find(workspaceId, id);
    }

    /** Checks a bearer token; never throws for a malformed one. */
    public Check authenticate(String token) {
        var matcher = TOKEN.matcher(token == null ? "" : token);
        if (!matcher.matches()) {
            return new Check(Outcome.UNKNOWN, null);
        }
        Optional<ApiKey> found = byPrefix.get(matcher.group(1));
        if (found.isEmpty()) {
            return new Check(Outcome.UNKNOWN, null);
        }
        ApiKey key = found.get();
        if (!MessageDigest.isEqual(key.secretHash().getBytes(StandardCharsets.US_ASCII),
                sha256(token).getBytes(StandardCharsets.US_ASCII))) {
            return new Check(Outcome.UNKNOWN, null);
        }
        return switch (key.state(clock.instant())) {
            case "REVOKED" -> new Check(Outcome.REVOKED, key);
            case "EXPIRED" -> new Check(Outcome.EXPIRED, key);
            default -> new Check(Outcome.VALID, key);
        };
    }

    private String base32(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[random.nextInt(BASE32.length)];
        }
        return new String(out);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
