package dev.modelgate.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells every instance of Modelgate that something cached went stale: a revoked API key, for one. A
 * {@link #publish} runs this instance's listeners of the topic at once and, on PostgreSQL, sends the same to every
 * other instance sharing the database ({@code pg_notify} on {@value #CHANNEL}, delivered when the publishing
 * transaction commits, or at once outside one). Each instance listens on a connection of its own and runs the
 * listeners of what others publish; when that connection was lost, every listener is told to drop everything
 * ({@value #EVERYTHING}), since notifications sent meanwhile are gone. The caches' short lifetimes stay as the safety
 * net. On H2 (one instance by design) only the local listeners run. Thread-safe.
 */
public final class Invalidations implements AutoCloseable {

    /** The PostgreSQL channel. */
    public static final String CHANNEL = "modelgate_invalidations";
    /** The key that means "everything of this topic". */
    public static final String EVERYTHING = "*";
    /** The longest payload {@code pg_notify} takes is 8,000 bytes; a key is at most this many characters. */
    public static final int MAX_KEY_LENGTH = 1_000;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);

    private final String instance = UUID.randomUUID().toString();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Thread listener;
    private volatile boolean closed;
    private volatile boolean listening;

    private Invalidations(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        if (dataSource != null) {
            this.listener = Thread.ofPlatform().daemon().name("modelgate-invalidations").unstarted(this::listen);
            listener.start();
        } else {
            this.listener = null;
        }
    }

    /** This instance's listeners only: for a database no other instance shares (H2). */
    public static Invalidations local() {
        return new Invalidations(null, null);
    }

    /** This instance's listeners and every other instance's on the PostgreSQL database of {@code dataSource}. */
    public static Invalidations postgres(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Invalidations(dataSource, JdbcClient.create(dataSource));
    }

    /** Runs {@code onKey} with each key of {@code topic} published here or by another instance. */
    public void subscribe(String topic, Consumer<String> onKey) {
        listeners.computeIfAbsent(checkTopic(topic), t -> new CopyOnWriteArrayList<>()).add(
                Objects.requireNonNull(onKey, "onKey"));
    }

    /**
     * Runs this instance's listeners of {@code topic} with {@code key}, then sends it to the other instances (within
     * the caller's transaction, if there is one). A failure to send is logged, not thrown: the other instances' caches
     * then expire on their own.
     */
    public void publish(String topic, String key) {
        checkTopic(topic);
        Objects.requireNonNull(key, "key");
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an invalidation key is at most " + MAX_KEY_LENGTH + " characters");
        }
        dispatch(topic, key);
        if (jdbc != null) {
            try {
                jdbc.sql("SELECT pg_notify(?, ?)").param(CHANNEL).param(instance + "|" + topic + "|" + key)
                        .query().singleRow();
            } catch (RuntimeException e) {
                LOG.warn("could not tell the other instances that {} {} changed: {}", topic, key, e.toString());
            }
        }
    }

    /** Whether this instance hears the others (always false on H2). */
    public boolean listening() {
        return listening;
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.interrupt();
            try {
                listener.join(POLL.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void listen() {
        Duration backoff = Duration.ofMillis(100);
        boolean lostBefore = false;
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                backoff = Duration.ofMillis(100);
                if (lostBefore) {
                    listeners.keySet().forEach(topic -> dispatch(topic, EVERYTHING));
                }
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            received(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                lostBefore = true;
                if (closed) {
                    return;
                }
                LOG.warn("not hearing other instances' invalidations ({}); trying again in {} ms", e.toString(),
                        backoff.toMillis());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        listening = false;
    }

    private void received(String payload) {
        String[] parts = payload.split("\\|", 3);
        if (parts.length == 3 && !parts[0].equals(instance)) {
            dispatch(parts[1], parts[2]);
        }
    }

    private void dispatch(String topic, String key) {
        for (Consumer<String> onKey : listeners.getOrDefault(topic, List.of())) {
            try {
                onKey.accept(key);
            } catch (RuntimeException e) {
                LOG.warn("an invalidation listener of {} failed: {}", topic, e.toString());
            }
        }
    }

    private static String checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.contains("|")) {
            throw new IllegalArgumentException("a topic is non-empty and has no '|', got " + topic);
        }
        return topic;
    }
}
