package dev.modelgate.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.cluster.Invalidations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the live revision of each model by name ({@link #findLive}, what every invocation reads) and each model's
 * routing ({@link #routing}) for at most {@link #CACHE_TTL}; every other read goes to the database.
 *
 * <p>Invalidation: each write through this repository (insert, update, promote, recordTest, the inference toggle,
 * routing, delete) moves a generation counter on before and after it is made, and once more when its transaction
 * ends (commit or rollback). An entry is served only while the generation it was read under is still current, so the
 * first lookup after a write on this instance reads the database, and a lookup made while the write's transaction
 * was still open (which may have read the row as it was before) is not kept past the commit. Writes are rare next to
 * invocations, so one counter for all workspaces is enough: a write costs every workspace one reread per model name
 * (and per routing).
 *
 * <p>Other instances of Modelgate on the same PostgreSQL are told of each write ({@link Invalidations}, sent with the
 * write's transaction, so delivered when it commits) and forget what they kept; within {@link #CACHE_TTL} at the
 * latest, should that not reach them.
 */
public final class CachingModelRepository implements ModelRepository {

    /** How long a live revision read from the database is served, at most. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);

    /** The most (workspace, name) lookups kept, least recently used going first. */
    public static final long CACHE_SIZE = 10_000;

    private record Key(String workspaceId, String name) {
    }

    private record Entry(Optional<StoredModel> model, long generation) {
    }

    private record RoutingKey(String workspaceId, String id) {
    }

    private record RoutingEntry(ModelRouting routing, long generation) {
    }

    /** The {@link Invalidations} topic of model writes (one counter for all, so always everything). */
    public static final String INVALIDATION_TOPIC = "model";

    private final ModelRepository delegate;
    private final Invalidations invalidations;
    private final AtomicLong generation = new AtomicLong();
    private final Cache<Key, Entry> live;
    private final Cache<RoutingKey, RoutingEntry> routings;

    public CachingModelRepository(ModelRepository delegate) {
        this(delegate, Invalidations.local());
    }

    /** @param invalidations tells every instance of a write here, and this one of those of others */
    public CachingModelRepository(ModelRepository delegate, Invalidations invalidations) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        this.live = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(CACHE_SIZE).build();
        this.routings = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(CACHE_SIZE).build();
        invalidations.subscribe(INVALIDATION_TOPIC, everything -> {
            generation.incrementAndGet();
            live.invalidateAll();
            routings.invalidateAll();
        });
    }

    /** Forgets every kept lookup (for tests that change models behind Modelgate's back, with SQL). */
    public void invalidateAll() {
        generation.incrementAndGet();
        live.invalidateAll();
        routings.invalidateAll();
    }

    /**
     * The model's routing, kept like a live revision (what each invocation reads): a write of any model moves the
     * generation on, so a renamed, promoted or deleted link is read again.
     */
    @Override
    public ModelRouting routing(String workspaceId, String id) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return delegate.routing(workspaceId, id);
        }
        RoutingKey key = new RoutingKey(workspaceId, id);
        long current = generation.get();
        RoutingEntry entry = routings.getIfPresent(key);
        if (entry != null && entry.generation() == current) {
            return entry.routing();
        }
        ModelRouting routing = delegate.routing(workspaceId, id);
        routings.put(key, new RoutingEntry(routing, current));
        return routing;
    }

    @Override
    public boolean replaceRouting(String workspaceId, String id, ModelRouting routing) {
        return write(() -> delegate.replaceRouting(workspaceId, id, routing));
    }

    @Override
    public Optional<StoredModel> findLive(String workspaceId, String name) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // A write's checks (a name live elsewhere) read what the database holds, never a kept copy.
            return delegate.findLive(workspaceId, name);
        }
        Key key = new Key(workspaceId, name);
        long current = generation.get();
        Entry entry = live.getIfPresent(key);
        if (entry != null && entry.generation() == current) {
            return entry.model();
        }
        // The generation is read before the row: a write committed meanwhile has moved it on, and the entry kept
        // here is then never served.
        Optional<StoredModel> model = delegate.findLive(workspaceId, name);
        live.put(key, new Entry(model, current));
        return model;
    }

    /**
     * Runs a write, moving the generation on before it, after it (a write outside a transaction has committed by
     * then) and, when a transaction is open, again once that transaction has ended.
     */
    private <T> T write(java.util.function.Supplier<T> write) {
        generation.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    generation.incrementAndGet();
                }
            });
        }
        try {
            return write.get();
        } finally {
            generation.incrementAndGet();
            // After the write, in its transaction when there is one: the other instances hear it once it commits.
            invalidations.publish(INVALIDATION_TOPIC, Invalidations.EVERYTHING);
        }
    }

    @Override
    public void insert(StoredModel model) {
        write(() -> {
            delegate.insert(model);
            return null;
        });
    }

    @Override
    public Optional<StoredModel> find(String workspaceId, String id) {
        return delegate.find(workspaceId, id);
    }

    @Override
    public Optional<StoredModel> findByName(String workspaceId, String name) {
        return delegate.findByName(workspaceId, name);
    }

    @Override
    public List<StoredModel> list(String workspaceId, int offset, int limit) {
        return delegate.list(workspaceId, offset, limit);
    }

    @Override
    public long count(String workspaceId) {
        return delegate.count(workspaceId);
    }

    @Override
    public boolean update(StoredModel model, long expectedRevision, String changesJson) {
        return write(() -> delegate.update(model, expectedRevision, changesJson));
    }

    @Override
    public List<StoredModel> listLive(String workspaceId, int offset, int limit) {
        return delegate.listLive(workspaceId, offset, limit);
    }

    @Override
    public Optional<ModelRevision> findRevision(String workspaceId, String id, long revision) {
        return delegate.findRevision(workspaceId, id, revision);
    }

    @Override
    public List<ModelRevision> listRevisions(String workspaceId, String id, int offset, int limit) {
        return delegate.listRevisions(workspaceId, id, offset, limit);
    }

    @Override
    public long countRevisions(String workspaceId, String id) {
        return delegate.countRevisions(workspaceId, id);
    }

    @Override
    public boolean recordTest(String workspaceId, String id, long revision, String testRunId, boolean passed) {
        return write(() -> delegate.recordTest(workspaceId, id, revision, testRunId, passed));
    }

    @Override
    public boolean promote(String workspaceId, String id, long revision, long expectedRevision) {
        return write(() -> delegate.promote(workspaceId, id, revision, expectedRevision));
    }

    @Override
    public boolean setInferenceEnabled(String workspaceId, String id, boolean enabled, Instant at, String actor) {
        return write(() -> delegate.setInferenceEnabled(workspaceId, id, enabled, at, actor));
    }

    @Override
    public boolean delete(String workspaceId, String id, long expectedRevision) {
        return write(() -> delegate.delete(workspaceId, id, expectedRevision));
    }
}
