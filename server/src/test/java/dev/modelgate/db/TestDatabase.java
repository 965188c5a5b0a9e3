package dev.modelgate.db;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A freshly migrated database for one test class: an in-memory H2, or a schema of its own in the machine's real
 * PostgreSQL (dropped on {@link #close()}). Repository tests run on both.
 *
 * <p>PostgreSQL is found at {@code MODELGATE_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}) as {@code MODELGATE_TEST_POSTGRES_USER} (default
 * {@code postgres}). When it is not reachable the test fails, saying how to start it; it is never skipped.
 */
public final class TestDatabase implements AutoCloseable {

    /** The engines repository tests run on. */
    public enum Engine { H2, POSTGRESQL }

    private final Engine engine;
    private final DataSource dataSource;
    private final String schema;

    private TestDatabase(Engine engine, DataSource dataSource, String schema) {
        this.engine = engine;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    public static TestDatabase create(Engine engine) {
        return create(engine, null);
    }

    /**
     * A database migrated up to {@code version} only (null: every migration), to test a later migration on rows
     * written before it; {@link #migrate()} applies the rest.
     */
    public static TestDatabase create(Engine engine, String version) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return switch (engine) {
            case H2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:mem:mg_" + suffix + ";DB_CLOSE_DELAY=-1");
                h2.setUser("sa");
                TestDatabase db = new TestDatabase(engine, h2, null);
                db.migrate(version);
                yield db;
            }
            case POSTGRESQL -> {
                String schema = "mg_test_" + suffix;
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(env("MODELGATE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
                pg.setUser(env("MODELGATE_TEST_POSTGRES_USER", "postgres"));
                pg.setCurrentSchema(schema);
                try (Connection c = pg.getConnection()) {
                    c.createStatement().execute("CREATE SCHEMA " + schema);
                } catch (SQLException e) {
                    throw new IllegalStateException("PostgreSQL is not reachable at " + pg.getURL() + " (" + e.getMessage()
                            + "); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", e);
                }
                TestDatabase db = new TestDatabase(engine, pg, schema);
                db.migrate(version);
                yield db;
            }
        };
    }

    /** Applies every migration not applied yet. */
    public void migrate() {
        migrate(null);
    }

    private void migrate(String version) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema);
        }
        if (version != null) {
            config.target(version);
        }
        config.load().migrate();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public Engine engine() {
        return engine;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() {
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute(engine == Engine.H2 ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test database " + (schema == null ? "(H2)" : schema), e);
        }
    }

    @Override
    public String toString() {
        return engine.name();
    }
}
