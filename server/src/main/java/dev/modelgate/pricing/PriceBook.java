package dev.modelgate.pricing;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.model.RequestOptions.ServiceTier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices in effect: a workspace's override, else the platform's, else the shipped table; for each, the Region's
 * own price before the one for every Region; each for one service tier (the standard price is the {@code DEFAULT}
 * tier's). Overrides are versioned ({@link PriceOverride}): the price in effect at
 * an instant is the latest version effective by then, so a call is priced as it was when it was made.
 *
 * <p>Every override version is kept in memory (at most {@link #MAX_VERSIONS}), read once and again after each change:
 * a change here, or on another instance ({@link Invalidations}, topic {@value #INVALIDATION_TOPIC}), drops the copy;
 * within {@link #CACHE_TTL} at the latest, should that message not arrive. Pricing a call reads memory only.
 */
public final class PriceBook {

    public static final String INVALIDATION_TOPIC = "prices";
    /** How long a copy of the overrides is served at most. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(1);
    /** The most override versions kept (all workspaces, removals included); adding one more is refused. */
    public static final int MAX_VERSIONS = 20_000;

    private final ShippedPrices shipped;
    private final PriceOverrideRepository repository;
    private final Invalidations invalidations;
    private final Clock clock;
    private final LoadingCache<Boolean, Snapshot> snapshot;
    private final java.util.concurrent.atomic.AtomicReference<Snapshot> lastRead =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PriceBook.class);

    public PriceBook(ShippedPrices shipped, PriceOverrideRepository repository, Invalidations invalidations,
                     Clock clock) {
        this.shipped = Objects.requireNonNull(shipped, "shipped");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshot = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(CACHE_TTL)
                .build(any -> read());
        invalidations.subscribe(INVALIDATION_TOPIC, key -> snapshot.invalidate(Boolean.TRUE));
    }

    /**
     * The overrides as the database holds them; when it cannot be read, the copy read last (kept for
     * {@link #CACHE_TTL} again, so that an outage costs one attempt a minute, not one per call).
     *
     * @throws RuntimeException when it cannot be read and nothing was read before
     */
    private Snapshot read() {
        try {
            Snapshot read = new Snapshot(repository.all());
            lastRead.set(read);
            return read;
        } catch (RuntimeException e) {
            Snapshot last = lastRead.get();
            if (last == null) {
                throw e;
            }
            LOG.warn("cannot read the price overrides, pricing with those read before: {}", e.toString());
            return last;
        }
    }

    /** Forgets the kept copy of the overrides (for tests that change the table behind Modelgate's back). */
    public void forgetAll() {
        snapshot.invalidate(Boolean.TRUE);
    }

    public ShippedPrices shipped() {
        return shipped;
    }

    /** A price and where it came from: {@code WORKSPACE}, {@code PLATFORM} or {@code SHIPPED}. */
    public record InEffect(Price price, String level, String region, ServiceTier serviceTier) {
    }

    /** The standard price (the {@code DEFAULT} tier's) in effect ({@link #price(String, String, String, ServiceTier,
     * Instant)}). */
    public Optional<InEffect> price(String workspaceId, String baseModelId, String region, Instant at) {
        return price(workspaceId, baseModelId, region, ServiceTier.DEFAULT, at);
    }

    /**
     * The price in effect for {@code workspaceId}'s calls of {@code baseModelId} in {@code region} at the
     * {@code tier} at {@code at}: that tier's own price only (empty when there is none: the standard price scaled by
     * the tier's factor is {@link Pricing}'s to apply).
     */
    public Optional<InEffect> price(String workspaceId, String baseModelId, String region, ServiceTier tier,
                                    Instant at) {
        Snapshot overrides = snapshot.get(Boolean.TRUE);
        for (String scopeWorkspace : new String[] {workspaceId, null}) {
            for (String scopeRegion : new String[] {region, ShippedPrices.ALL_REGIONS}) {
                PriceOverride version = overrides.at(new PriceOverride.Scope(scopeWorkspace, baseModelId,
                        scopeRegion, tier), at);
                if (version != null && !version.removed()) {
                    return Optional.of(new InEffect(version.price(), scopeWorkspace == null ? "PLATFORM"
                            : "WORKSPACE", scopeRegion, tier));
                }
            }
        }
        return shipped.find(baseModelId, region, tier)
                .map(e -> new InEffect(e.price(), "SHIPPED", e.region(), tier));
    }

    /**
     * Sets (or, with {@code price} null, removes) an override from now on, as a new version.
     *
     * @return the version
     * @throws IllegalStateException when {@link #MAX_VERSIONS} versions exist already
     */
    public PriceOverride set(String workspaceId, String baseModelId, String region, ServiceTier tier, Price price,
                             String actor) {
        if (repository.count() >= MAX_VERSIONS) {
            throw new IllegalStateException("at most " + MAX_VERSIONS + " price override versions are kept");
        }
        Instant now = clock.instant();
        long id = repository.add(workspaceId, baseModelId, region, tier, price, now, actor);
        invalidations.publish(INVALIDATION_TOPIC, Invalidations.EVERYTHING);
        Price stored = price == null ? null : new Price(price.input(), price.output(), price.cacheRead(),
                price.cacheWrite(), price.perRequest(), PriceOverride.ref(id, tier));
        return new PriceOverride(id, workspaceId, baseModelId, region, tier, stored, now, actor);
    }

    /** The versions in effect now (removals left out), platform-wide ones and {@code workspaceId}'s, or all (null). */
    public List<PriceOverride> current(String workspaceId, boolean all) {
        return snapshot.get(Boolean.TRUE).current(clock.instant()).stream()
                .filter(o -> all || o.workspaceId() == null || o.workspaceId().equals(workspaceId))
                .toList();
    }

    /** Every version, newest first, at most {@code limit}. */
    public List<PriceOverride> history(int limit) {
        List<PriceOverride> all = new ArrayList<>(snapshot.get(Boolean.TRUE).versions);
        java.util.Collections.reverse(all);
        return all.stream().limit(limit).toList();
    }

    /** The override versions, by scope, oldest first. */
    private static final class Snapshot {
        final List<PriceOverride> versions;
        final Map<PriceOverride.Scope, List<PriceOverride>> byScope = new HashMap<>();

        Snapshot(List<PriceOverride> versions) {
            this.versions = List.copyOf(versions);
            for (PriceOverride version : versions) {
                byScope.computeIfAbsent(version.scope(), s -> new ArrayList<>()).add(version);
            }
        }

        /** The latest version of {@code scope} effective at {@code at}, or null. */
        PriceOverride at(PriceOverride.Scope scope, Instant at) {
            List<PriceOverride> of = byScope.get(scope);
            if (of == null) {
                return null;
            }
            PriceOverride found = null;
            for (PriceOverride version : of) {
                if (!version.effectiveAt().isAfter(at)) {
                    found = version;
                }
            }
            return found;
        }

        List<PriceOverride> current(Instant now) {
            List<PriceOverride> current = new ArrayList<>();
            for (PriceOverride.Scope scope : byScope.keySet()) {
                PriceOverride version = at(scope, now);
                if (version != null && !version.removed()) {
                    current.add(version);
                }
            }
            current.sort(java.util.Comparator
                    .comparing((PriceOverride o) -> o.workspaceId() == null ? "" : o.workspaceId())
                    .thenComparing(PriceOverride::baseModelId).thenComparing(PriceOverride::region)
                    .thenComparing(PriceOverride::serviceTier));
            return current;
        }
    }
}
