package dev.modelgate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL database {@link ClusterRun}'s instances share: checked before anything starts, a schema of the run's
 * own (created, then dropped at the end), and the usage records the instances wrote, read straight from the table.
 */
final class ClusterDatabase {

    /** How to start the machine's PostgreSQL, for the message when it does not answer. */
    static final String HOW_TO_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private ClusterDatabase(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /**
     * Connects once to check that PostgreSQL answers, then creates {@code schema}.
     *
     * @throws IllegalStateException when PostgreSQL does not answer or refuses, saying how to start it
     */
    static ClusterDatabase create(String url, String user, String password, String schema) {
        ClusterDatabase database = new ClusterDatabase(url, user, password, schema);
        try (Connection connection = database.connect(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " (user " + user + ") did not answer or refused: "
                    + e.getMessage() + "\n  start the machine's PostgreSQL with: " + HOW_TO_START
                    + "\n  or point MODELGATE_CLUSTER_POSTGRES_URL / _USER / _PASSWORD at another", e);
        }
        return database;
    }

    /** The JDBC URL of the run's schema, for the instances. */
    String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    String schema() {
        return schema;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /**
     * The workspace's {@code INVOKE} usage records, counted by caller name (for an API key, {@code "<prefix> (<key
     * name>)"}) and outcome.
     */
    Map<String, Map<String, Long>> invokeRecords(String workspaceId) throws SQLException {
        Map<String, Map<String, Long>> byCaller = new LinkedHashMap<>();
        try (Connection connection = connect(schemaUrl());
             PreparedStatement query = connection.prepareStatement("SELECT caller_name, outcome, count(*) "
                     + "FROM usage_records WHERE workspace_id = ? AND kind = 'INVOKE' "
                     + "GROUP BY caller_name, outcome ORDER BY caller_name, outcome")) {
            query.setString(1, workspaceId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String caller = rows.getString(1) == null ? "(no caller)" : rows.getString(1);
                    byCaller.computeIfAbsent(caller, c -> new LinkedHashMap<>()).put(rows.getString(2), rows.getLong(3));
                }
            }
        }
        return byCaller;
    }

    /**
     * The workspace's daily usage rollups against its records counted afresh: rows (one per day, model, kind,
     * revision and caller) whose calls, successes or token sums differ, rows in all, and calls the rollups count.
     */
    record Rollups(long mismatched, long rows, long calls) {
    }

    Rollups rollups(String workspaceId) throws SQLException {
        String key = "utc_day, model_id, model_name, kind, revision, caller_kind, caller_id";
        try (Connection connection = connect(schemaUrl());
             PreparedStatement query = connection.prepareStatement("WITH r AS (SELECT "
                     + "CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 86400) AS BIGINT) AS utc_day, "
                     + "COALESCE(model_id, '') AS model_id, model_name, kind, COALESCE(revision, 0) AS revision, "
                     + "COALESCE(caller_kind, '') AS caller_kind, COALESCE(caller_id, '') AS caller_id, "
                     + "COUNT(*) AS calls, SUM(CASE WHEN outcome = 'OK' THEN 1 ELSE 0 END) AS succeeded, "
                     + "COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens "
                     + "FROM usage_records WHERE workspace_id = ? GROUP BY " + key + "), "
                     + "d AS (SELECT " + key + ", calls, succeeded, input_tokens, output_tokens FROM usage_daily "
                     + "WHERE workspace_id = ?) "
                     + "SELECT COUNT(*) FILTER (WHERE r.calls IS DISTINCT FROM d.calls "
                     + "OR r.succeeded IS DISTINCT FROM d.succeeded OR r.input_tokens IS DISTINCT FROM d.input_tokens "
                     + "OR r.output_tokens IS DISTINCT FROM d.output_tokens), COUNT(*), COALESCE(SUM(d.calls), 0) "
                     + "FROM r FULL JOIN d USING (" + key + ")")) {
            query.setString(1, workspaceId);
            query.setString(2, workspaceId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new Rollups(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }

    /** Drops the run's schema and everything in it. */
    void dropSchema() throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
