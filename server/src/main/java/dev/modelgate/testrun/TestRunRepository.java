package dev.modelgate.testrun;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The record of Test runs (table {@code test_runs}) over plain SQL that runs on H2 and PostgreSQL alike. */
public final class TestRunRepository {

    /** The most characters of a recorded answer (column {@code answer}). */
    public static final int MAX_ANSWER_CHARS = 262_144;

    private static final String COLUMNS = "id, workspace_id, model_id, revision, model_name, outcome, failed_stage, "
            + "diagnosis_code, assume_role_ms, invoke_ms, map_ms, latency_ms, role_arn, external_id, sts_endpoint, "
            + "tested_at, actor, answer";

    private final JdbcClient jdbc;

    public TestRunRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TestRunRecord r) {
        jdbc.sql("INSERT INTO test_runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.workspaceId(), r.modelId(), r.revision(), r.modelName(), r.outcome(),
                        r.failedStage(), r.diagnosisCode(), r.assumeRoleMs(), r.invokeMs(), r.mapMs(), r.latencyMs(),
                        r.roleArn(), r.externalId(), r.stsEndpoint(), Timestamp.from(r.testedAt()), r.actor(),
                        r.answer())
                .update();
    }

    /** The latest {@code limit} runs of a saved model of the workspace, newest first. */
    public List<TestRunRecord> latest(String workspaceId, String modelId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_runs WHERE workspace_id = ? AND model_id = ? "
                        + "ORDER BY tested_at DESC, id DESC LIMIT ?")
                .params(workspaceId, modelId, limit).query(TestRunRepository::map).list();
    }

    /** The latest {@code limit} runs of one revision of a saved model of the workspace, newest first. */
    public List<TestRunRecord> latest(String workspaceId, String modelId, long revision, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM test_runs WHERE workspace_id = ? AND model_id = ? "
                        + "AND revision = ? ORDER BY tested_at DESC, id DESC LIMIT ?")
                .params(workspaceId, modelId, revision, limit).query(TestRunRepository::map).list();
    }

    /**
     * How many Test runs each of {@code revisions} of the workspace's saved model {@code modelId} had, and how many
     * passed, in one grouped query. A revision never tested is absent.
     */
    public Map<Long, RevisionTests> byRevision(String workspaceId, String modelId, Collection<Long> revisions) {
        if (revisions.isEmpty()) {
            return Map.of();
        }
        Map<Long, RevisionTests> tests = new HashMap<>();
        jdbc.sql("SELECT revision, COUNT(*) AS runs, SUM(CASE WHEN outcome = 'PASSED' THEN 1 ELSE 0 END) AS passed "
                        + "FROM test_runs WHERE workspace_id = :workspaceId AND model_id = :modelId "
                        + "AND revision IN (:revisions) GROUP BY revision")
                .param("workspaceId", workspaceId).param("modelId", modelId).param("revisions", revisions)
                .query((ResultSet rs) -> {
                    tests.put(rs.getLong("revision"), new RevisionTests(rs.getLong("runs"), rs.getLong("passed")));
                });
        return tests;
    }

    /**
     * When a run of the workspace last assumed {@code roleArn} with this External ID at this STS endpoint: any run
     * whose ASSUME_ROLE stage did not fail.
     */
    public Optional<Instant> lastAssumed(String workspaceId, String roleArn, String externalId, String stsEndpoint) {
        return jdbc.sql("SELECT MAX(tested_at) FROM test_runs WHERE workspace_id = ? AND role_arn = ? "
                        + "AND external_id = ? AND sts_endpoint = ? "
                        + "AND (failed_stage IS NULL OR failed_stage <> 'ASSUME_ROLE')")
                .params(workspaceId, roleArn, externalId, stsEndpoint)
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1))).single()
                .map(Timestamp::toInstant);
    }

    private static TestRunRecord map(ResultSet rs, int row) throws SQLException {
        long revisionValue = rs.getLong("revision");
        Long revision = rs.wasNull() ? null : revisionValue;
        return new TestRunRecord(rs.getString("id"), rs.getString("workspace_id"), rs.getString("model_id"),
                revision, rs.getString("model_name"), rs.getString("outcome"),
                rs.getString("failed_stage"), rs.getString("diagnosis_code"), rs.getLong("assume_role_ms"),
                rs.getLong("invoke_ms"), rs.getLong("map_ms"), rs.getLong("latency_ms"), rs.getString("role_arn"),
                rs.getString("external_id"), rs.getString("sts_endpoint"), rs.getTimestamp("tested_at").toInstant(),
                rs.getString("actor"), rs.getString("answer"));
    }
}
