package dev.modelgate.registration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.credentials.RoleApprovals;
import dev.modelgate.credentials.RoleStanding;
import java.time.Duration;
import java.util.Objects;

/**
 * The gate's answers from the stored registrations. Approvals are kept (every invocation asks), for at most
 * {@link #APPROVAL_TTL} and until {@link #forget} — which every state change here calls once it has committed, so a
 * revocation is seen by the next call of this process and, through the {@link Invalidations}, of every other process
 * on the same PostgreSQL. Anything but an approval is read anew each time.
 */
public final class RegistrationApprovals implements RoleApprovals {

    /**
     * How long an approval is kept at most: the bound on how long another Modelgate process sharing the database
     * keeps honouring a registration this one revoked, should the invalidation not reach it.
     */
    public static final Duration APPROVAL_TTL = Duration.ofSeconds(30);

    private record Key(String workspaceId, String roleArn) {
    }

    /** The {@link Invalidations} topic of registrations changed: {@code <workspace ID> <role ARN>}, or everything. */
    public static final String INVALIDATION_TOPIC = "role-approval";

    private final RoleRegistrationRepository repository;
    private final Invalidations invalidations;
    private final Cache<Key, Boolean> approved = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(APPROVAL_TTL).build();

    public RegistrationApprovals(RoleRegistrationRepository repository) {
        this(repository, Invalidations.local());
    }

    /** @param invalidations tells every instance of a registration changed here, and this one of those of others */
    public RegistrationApprovals(RoleRegistrationRepository repository, Invalidations invalidations) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        invalidations.subscribe(INVALIDATION_TOPIC, key -> {
            int space = key.indexOf(' ');
            if (space < 0) {
                approved.invalidateAll();
            } else {
                approved.invalidate(new Key(key.substring(0, space), key.substring(space + 1)));
            }
        });
    }

    @Override
    public RoleStanding standing(String workspaceId, RoleArn roleArn) {
        Key key = new Key(workspaceId, roleArn.arn());
        // A load and a concurrent forget of the same key are serialised by the cache: no stale approval survives.
        Boolean isApproved = approved.get(key, k -> repository.state(k.workspaceId(), k.roleArn())
                .filter(state -> state == RegistrationState.APPROVED).map(state -> Boolean.TRUE).orElse(null));
        if (isApproved != null) {
            return RoleStanding.APPROVED;
        }
        return repository.state(workspaceId, roleArn.arn()).map(RegistrationApprovals::standing)
                .orElse(RoleStanding.NOT_REGISTERED);
    }

    /** Drops the kept approval of that role for that workspace, if any: its registration changed. */
    void forget(String workspaceId, String roleArn) {
        invalidations.publish(INVALIDATION_TOPIC, workspaceId + " " + roleArn);
    }

    /**
     * Drops every kept approval: for when registrations were changed other than through {@link RoleRegistrations}
     * (a database restore, a fix by hand in SQL), which this process would otherwise honour for up to
     * {@link #APPROVAL_TTL}.
     */
    public void forgetAll() {
        invalidations.publish(INVALIDATION_TOPIC, Invalidations.EVERYTHING);
    }

    private static RoleStanding standing(RegistrationState state) {
        return switch (state) {
            case PENDING -> RoleStanding.PENDING;
            case APPROVED -> RoleStanding.APPROVED;
            case REJECTED -> RoleStanding.REJECTED;
            case REVOKED -> RoleStanding.REVOKED;
        };
    }
}
