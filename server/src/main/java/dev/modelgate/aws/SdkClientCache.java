package dev.modelgate.aws;

import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * AWS SDK clients built once per key and reused: the first caller builds (outside any lock, since building reads
 * configuration files), a racing duplicate is closed, and {@link #close()} closes them all. Thread-safe.
 *
 * @param <K> what tells clients apart (endpoint, Region)
 * @param <C> the client type
 */
public final class SdkClientCache<K, C extends SdkAutoCloseable> implements AutoCloseable {

    private final String owner;
    private final Function<K, C> build;
    private final ConcurrentMap<K, C> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param owner named in the error after {@link #close()}
     * @param build builds the client for a key
     */
    public SdkClientCache(String owner, Function<K, C> build) {
        this.owner = owner;
        this.build = build;
    }

    /**
     * The client for {@code key}, the same instance every time; callers must not close it.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public C get(K key) {
        C client = clients.get(key);
        if (client != null) {
            return client;
        }
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
        C built = build.apply(key);
        C raced = clients.putIfAbsent(key, built);
        if (raced != null) {
            built.close();
            return raced;
        }
        if (closed) {
            close();
            throw new IllegalStateException(owner + " is closed");
        }
        return built;
    }

    /** How many clients are held. */
    public int size() {
        return clients.size();
    }

    @Override
    public void close() {
        closed = true;
        clients.values().removeIf(client -> {
            client.close();
            return true;
        });
    }
}
