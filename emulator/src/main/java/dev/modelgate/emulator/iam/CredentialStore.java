package dev.modelgate.emulator.iam;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves access key ids to their secrets and principals: long-term keys from the {@link World},
 * temporary ones that STS issued through {@link #issueSession}. Thread-safe.
 *
 * <p>Issued sessions are held in memory, at most {@code maxSessions} of them (default
 * {@value #DEFAULT_MAX_SESSIONS}); beyond that the oldest issued is forgotten first. An expired
 * session stays resolvable for {@link #RETENTION_AFTER_EXPIRY} so that callers can tell "expired"
 * from "unknown"; it is purged lazily after that, when looked up or during a periodic sweep.
 */
public final class CredentialStore {

    /** How many issued sessions are kept at most by default. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    /** How long past its expiration an issued session stays resolvable. */
    public static final Duration RETENTION_AFTER_EXPIRY = Duration.ofHours(1);

    private static final String TOKEN_PREFIX = "IQoJb3JpZ2luX2Vj";
    private static final int TOKEN_RANDOM_BYTES = 324;
    private static final int SWEEP_EVERY = 1024;

    private volatile World world;
    private final Clock clock;
    private final SecureRandom random;
    private final int maxSessions;
    private final Map<String, ResolvedCredential> sessions;
    private int issuedSinceSweep;

    /** A store over {@code world}'s long-term keys, timing sessions by {@code clock}. */
    public CredentialStore(World world, Clock clock) {
        this(world, clock, new SecureRandom(), DEFAULT_MAX_SESSIONS);
    }

    /**
     * A store with an explicit random source and bound.
     *
     * @param maxSessions how many issued sessions to keep at most; at least 1
     */
    public CredentialStore(World world, Clock clock, SecureRandom random, int maxSessions) {
        this.world = Objects.requireNonNull(world, "world");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.sessions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ResolvedCredential> eldest) {
                return size() > CredentialStore.this.maxSessions;
            }
        };
    }

    /** The world whose long-term keys this store resolves. */
    public World world() {
        return world;
    }

    /**
     * Resolves long-term keys from {@code world} from now on. Issued sessions are kept: AWS does not revoke sessions
     * when IAM changes.
     */
    public void replaceWorld(World world) {
        this.world = Objects.requireNonNull(world, "world");
    }

    /**
     * What an access key id stands for: a long-term key of the world, or an issued session (also one
     * that has expired, until it is purged). Empty for unknown ids.
     */
    public Optional<ResolvedCredential> resolve(String accessKeyId) {
        Optional<UserAccessKey> longTerm = world.accessKey(accessKeyId);
        if (longTerm.isPresent()) {
            UserAccessKey key = longTerm.get();
            return Optional.of(new ResolvedCredential(key.key().secret(), new Principal.IamUser(key.user()), null, null));
        }
        synchronized (sessions) {
            ResolvedCredential session = sessions.get(accessKeyId);
            if (session != null && isStale(session, clock.instant())) {
                sessions.remove(accessKeyId);
                return Optional.empty();
            }
            return Optional.ofNullable(session);
        }
    }

    /**
     * Issues temporary credentials for an assumed-role session, valid for {@code duration} from now
     * (whole seconds).
     *
     * @throws IllegalArgumentException if {@code duration} is not positive
     */
    public IssuedSession issueSession(Principal.RoleSession session, Duration duration) {
        Objects.requireNonNull(session, "session");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("session duration must be positive, got " + duration);
        }
        Instant now = clock.instant();
        Instant expiration = now.truncatedTo(ChronoUnit.SECONDS).plus(duration);
        String secret = base64(30);
        String token = TOKEN_PREFIX + base64(TOKEN_RANDOM_BYTES);
        synchronized (sessions) {
            sweepIfDue(now);
            String accessKeyId;
            do {
                accessKeyId = "ASIA" + base32(16);
            } while (sessions.containsKey(accessKeyId));
            sessions.put(accessKeyId, new ResolvedCredential(secret, session, token, expiration));
            return new IssuedSession(accessKeyId, secret, token, expiration, session);
        }
    }

    /** Forgets every issued session (the emulator's reset); long-term keys are unaffected. */
    public void clearSessions() {
        synchronized (sessions) {
            sessions.clear();
            issuedSinceSweep = 0;
        }
    }

    /** How many issued sessions are held now, including expired ones not yet purged. */
    public int sessionCount() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    private void sweepIfDue(Instant now) {
        if (++issuedSinceSweep < SWEEP_EVERY) {
            return;
        }
        issuedSinceSweep = 0;
        for (Iterator<ResolvedCredential> it = sessions.values().iterator(); it.hasNext(); ) {
            if (isStale(it.next(), now)) {
                it.remove();
            }
        }
    }

    private static boolean isStale(ResolvedCredential session, Instant now) {
        return !now.isBefore(session.expiration().plus(RETENTION_AFTER_EXPIRY));
    }

    private String base64(int randomBytes) {
        byte[] bytes = new byte[randomBytes];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String base32(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        StringBuilder text = new StringBuilder(length);
        for (byte b : bytes) {
            text.append(StableIds.ALPHABET.charAt(b & 31));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "CredentialStore[sessions=" + sessionCount() + ", maxSessions=" + maxSessions + "]";
    }
}
