package dev.modelgate.model;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ModelRepository} over plain SQL that runs on H2 and PostgreSQL alike. */
public final class JdbcModelRepository implements ModelRepository {

    private static final String COLUMNS = "id, workspace_id, name, description, provider, inference_enabled, status, "
            + "revision, role_arn, sts_endpoint, region, model_reference, variables, request_template, output_mapping, "
            + "connect_timeout_ms, total_timeout_ms, created_at, created_by, updated_at, updated_by"
            + ", request_options, api, converse, chat";

    /** What {@link #find} reads: the columns, and the live pointer. */
    private static final String READ_COLUMNS = COLUMNS + ", live_revision";

    /** A revision's columns (r), with its model's (m) switch, creation and pointers. */
    private static final String REVISION_COLUMNS = "r.model_id, r.revision, r.workspace_id, r.name, r.description, "
            + "r.provider, r.role_arn, r.sts_endpoint, r.region, r.model_reference, r.variables, r.request_template, "
            + "r.output_mapping, r.connect_timeout_ms, r.total_timeout_ms, r.request_options, r.api, r.converse, "
            + "r.chat, r.saved_at, r.saved_by, r.changes, r.test_run_id, r.test_outcome, r.was_live, "
            + "m.inference_enabled, m.created_at, m.created_by, m.live_revision AS model_live_revision, "
            + "m.revision AS model_revision";

    private static final String REVISION_FROM = " FROM model_revisions r JOIN external_models m ON m.id = r.model_id ";

    private static final String INSERT_REVISION = "INSERT INTO model_revisions (model_id, revision, workspace_id, "
            + "name, description, provider, role_arn, sts_endpoint, region, model_reference, variables, "
            + "request_template, output_mapping, connect_timeout_ms, total_timeout_ms, request_options, api, converse, "
            + "chat, saved_at, saved_by, changes) VALUES (:id, :revision, :workspaceId, :name, :description, "
            + ":provider, :roleArn, :stsEndpoint, :region, :modelReference, :variables, :requestTemplate, "
            + ":outputMapping, :connectTimeoutMs, :totalTimeoutMs, :requestOptions, :api, :converse, :chat, "
            + ":updatedAt, :updatedBy, :changes)";

    private static final RowMapper<StoredModel> ROW = JdbcModelRepository::map;

    private final JdbcClient jdbc;

    public JdbcModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(StoredModel m) {
        try {
            jdbc.sql("INSERT INTO external_models (" + COLUMNS + ") VALUES (:id, :workspaceId, :name, :description, "
                            + ":provider, :inferenceEnabled, :status, :revision, :roleArn, :stsEndpoint, :region, "
                            + ":modelReference, :variables, :requestTemplate, :outputMapping, :connectTimeoutMs, "
                            + ":totalTimeoutMs, :createdAt, :createdBy, :updatedAt, :updatedBy"
                            + ", :requestOptions, :api, :converse, :chat)")
                    .params(params(m))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DuplicateModelNameException(m.name(), e);
        }
        jdbc.sql(INSERT_REVISION).params(params(m)).update();
    }

    @Override
    public Optional<StoredModel> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + READ_COLUMNS + " FROM external_models WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(ROW).optional();
    }

    @Override
    public Optional<StoredModel> findByName(String workspaceId, String name) {
        return jdbc.sql("SELECT " + READ_COLUMNS + " FROM external_models WHERE workspace_id = ? AND name = ?")
                .params(workspaceId, name).query(ROW).optional();
    }

    @Override
    public List<StoredModel> list(String workspaceId, int offset, int limit) {
        return jdbc.sql("SELECT " + READ_COLUMNS + " FROM external_models WHERE workspace_id = ? "
                        + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")
                .params(workspaceId, limit, offset).query(ROW).list();
    }

    @Override
    public long count(String workspaceId) {
        return jdbc.sql("SELECT COUNT(*) FROM external_models WHERE workspace_id = ?")
                .param(workspaceId).query(Long.class).single();
    }

    @Override
    public boolean update(StoredModel m, long expectedRevision, String changesJson) {
        if (m.revision() != expectedRevision + 1) {
            throw new IllegalArgumentException("the new revision must be " + (expectedRevision + 1) + ", got " + m.revision());
        }
        try {
            boolean updated = jdbc.sql("UPDATE external_models SET name = :name, description = :description, provider = :provider, "
                            + "inference_enabled = :inferenceEnabled, status = :status, revision = :revision, "
                            + "role_arn = :roleArn, sts_endpoint = :stsEndpoint, region = :region, "
                            + "model_reference = :modelReference, variables = :variables, "
                            + "request_template = :requestTemplate, output_mapping = :outputMapping, "
                            + "connect_timeout_ms = :connectTimeoutMs, total_timeout_ms = :totalTimeoutMs, "
                            + "request_options = :requestOptions, api = :api, converse = :converse, chat = :chat, "
                            + "updated_at = :updatedAt, updated_by = :updatedBy "
                            + "WHERE workspace_id = :workspaceId AND id = :id AND revision = :expectedRevision")
                    .params(params(m, expectedRevision))
                    .update() == 1;
            if (updated) {
                java.util.Map<String, Object> p = params(m);
                p.put("changes", changesJson);
                jdbc.sql(INSERT_REVISION).params(p).update();
            }
            return updated;
        } catch (DuplicateKeyException e) {
            throw new DuplicateModelNameException(m.name(), e);
        }
    }

    @Override
    public boolean setInferenceEnabled(String workspaceId, String id, boolean enabled, Instant at, String actor) {
        return jdbc.sql("UPDATE external_models SET inference_enabled = ?, updated_at = ?, updated_by = ? "
                        + "WHERE workspace_id = ? AND id = ?")
                .params(enabled, Timestamp.from(at), actor, workspaceId, id).update() == 1;
    }

    @Override
    public ModelRouting routing(String workspaceId, String id) {
        List<java.util.Map.Entry<String, ModelRouting.Link>> links = jdbc.sql("SELECT r.kind, r.target_id, r.weight, "
                        + "COALESCE(t.live_name, t.name) AS target_name FROM model_routes r "
                        + "JOIN external_models t ON t.id = r.target_id AND t.workspace_id = r.workspace_id "
                        + "WHERE r.workspace_id = ? AND r.model_id = ? ORDER BY r.kind, r.position")
                .params(workspaceId, id)
                .query((rs, row) -> java.util.Map.entry(rs.getString("kind"), new ModelRouting.Link(
                        rs.getString("target_id"), rs.getString("target_name"), rs.getInt("weight"))))
                .list();
        if (links.isEmpty()) {
            return ModelRouting.NONE;
        }
        return new ModelRouting(
                links.stream().filter(e -> e.getKey().equals("FALLBACK")).map(java.util.Map.Entry::getValue).toList(),
                links.stream().filter(e -> e.getKey().equals("BALANCE")).map(java.util.Map.Entry::getValue).toList());
    }

    @Override
    public boolean replaceRouting(String workspaceId, String id, ModelRouting routing) {
        if (jdbc.sql("SELECT COUNT(*) FROM external_models WHERE workspace_id = ? AND id = ?").params(workspaceId, id)
                .query(Long.class).single() == 0) {
            return false;
        }
        jdbc.sql("DELETE FROM model_routes WHERE workspace_id = ? AND model_id = ?").params(workspaceId, id).update();
        insertRoutes(workspaceId, id, "FALLBACK", routing.fallbacks());
        insertRoutes(workspaceId, id, "BALANCE", routing.balance());
        return true;
    }

    private void insertRoutes(String workspaceId, String id, String kind, List<ModelRouting.Link> links) {
        for (int i = 0; i < links.size(); i++) {
            ModelRouting.Link link = links.get(i);
            jdbc.sql("INSERT INTO model_routes (model_id, workspace_id, kind, position, target_id, weight) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(id, workspaceId, kind, i, link.modelId(), link.weight() == 0 ? null : link.weight())
                    .update();
        }
    }

    @Override
    public Optional<StoredModel> findLive(String workspaceId, String name) {
        return jdbc.sql("SELECT " + REVISION_COLUMNS + REVISION_FROM + "AND r.revision = m.live_revision "
                        + "WHERE m.workspace_id = ? AND m.live_name = ?")
                .params(workspaceId, name).query((rs, row) -> revision(rs).model()).optional();
    }

    @Override
    public List<StoredModel> listLive(String workspaceId, int offset, int limit) {
        return jdbc.sql("SELECT " + REVISION_COLUMNS + REVISION_FROM + "AND r.revision = m.live_revision "
                        + "WHERE m.workspace_id = ? ORDER BY m.updated_at DESC, m.id LIMIT ? OFFSET ?")
                .params(workspaceId, limit, offset).query((rs, row) -> revision(rs).model()).list();
    }

    @Override
    public Optional<ModelRevision> findRevision(String workspaceId, String id, long revision) {
        return jdbc.sql("SELECT " + REVISION_COLUMNS + REVISION_FROM
                        + "WHERE r.workspace_id = ? AND r.model_id = ? AND r.revision = ?")
                .params(workspaceId, id, revision).query((rs, row) -> revision(rs)).optional();
    }

    @Override
    public List<ModelRevision> listRevisions(String workspaceId, String id, int offset, int limit) {
        return jdbc.sql("SELECT " + REVISION_COLUMNS + REVISION_FROM
                        + "WHERE r.workspace_id = ? AND r.model_id = ? ORDER BY r.revision DESC LIMIT ? OFFSET ?")
                .params(workspaceId, id, limit, offset).query((rs, row) -> revision(rs)).list();
    }

    @Override
    public long countRevisions(String workspaceId, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM model_revisions WHERE workspace_id = ? AND model_id = ?")
                .params(workspaceId, id).query(Long.class).single();
    }

    @Override
    public boolean recordTest(String workspaceId, String id, long revision, String testRunId, boolean passed) {
        return jdbc.sql("UPDATE model_revisions SET test_run_id = ?, test_outcome = ? "
                        + "WHERE workspace_id = ? AND model_id = ? AND revision = ?")
                .params(testRunId, passed ? ModelRevision.PASSED : "FAILED", workspaceId, id, revision)
                .update() == 1;
    }

    @Override
    public boolean promote(String workspaceId, String id, long revision, long expectedRevision) {
        // Read first: after a refused UPDATE, PostgreSQL runs nothing more in the transaction.
        String name = jdbc.sql("SELECT name FROM model_revisions "
                        + "WHERE workspace_id = ? AND model_id = ? AND revision = ?")
                .params(workspaceId, id, revision).query(String.class).optional().orElse(null);
        if (name == null) {
            return false;
        }
        boolean promoted;
        try {
            promoted = jdbc.sql("UPDATE external_models SET live_revision = :revision, live_name = :name, "
                            + "status = CASE WHEN revision = :revision THEN 'READY' ELSE 'DRAFT' END "
                            + "WHERE workspace_id = :workspaceId AND id = :id AND revision = :expectedRevision")
                    .param("revision", revision).param("name", name).param("id", id)
                    .param("workspaceId", workspaceId).param("expectedRevision", expectedRevision)
                    .update() == 1;
        } catch (DuplicateKeyException e) {
            throw new DuplicateModelNameException(name, e);
        }
        if (promoted) {
            jdbc.sql("UPDATE model_revisions SET was_live = TRUE WHERE model_id = ? AND revision = ?")
                    .params(id, revision).update();
        }
        return promoted;
    }

    @Override
    public boolean delete(String workspaceId, String id, long expectedRevision) {
        return jdbc.sql("DELETE FROM external_models WHERE workspace_id = ? AND id = ? AND revision = ?")
                .params(workspaceId, id, expectedRevision).update() == 1;
    }

    private static java.util.Map<String, Object> params(StoredModel m, long expectedRevision) {
        java.util.Map<String, Object> p = params(m);
        p.put("expectedRevision", expectedRevision);
        return p;
    }

    private static java.util.Map<String, Object> params(StoredModel m) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", m.id());
        p.put("workspaceId", m.workspaceId());
        p.put("name", m.name());
        p.put("description", m.description());
        p.put("provider", m.provider());
        p.put("inferenceEnabled", m.inferenceEnabled());
        p.put("status", m.status().name());
        p.put("revision", m.revision());
        p.put("roleArn", m.roleArn());
        p.put("stsEndpoint", m.stsEndpoint());
        p.put("region", m.region());
        p.put("modelReference", m.modelReference());
        p.put("variables", m.variablesJson());
        p.put("requestTemplate", m.requestTemplate());
        p.put("outputMapping", m.outputMappingJson());
        p.put("connectTimeoutMs", m.connectTimeoutMillis());
        p.put("totalTimeoutMs", m.totalTimeoutMillis());
        p.put("createdAt", Timestamp.from(m.createdAt()));
        p.put("createdBy", m.createdBy());
        p.put("updatedAt", Timestamp.from(m.updatedAt()));
        p.put("updatedBy", m.updatedBy());
        p.put("requestOptions", m.requestOptionsJson());
        p.put("api", m.api().name());
        p.put("converse", m.converseJson());
        p.put("chat", m.chatJson());
        p.put("changes", null);
        return p;
    }

    private static StoredModel map(ResultSet rs, int row) throws SQLException {
        return new StoredModel(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("description"), rs.getString("provider"), rs.getBoolean("inference_enabled"),
                ModelStatus.valueOf(rs.getString("status")), rs.getLong("revision"), rs.getString("role_arn"),
                rs.getString("sts_endpoint"), rs.getString("region"), rs.getString("model_reference"),
                rs.getString("variables"), rs.getString("request_template"), rs.getString("output_mapping"),
                rs.getLong("connect_timeout_ms"), rs.getLong("total_timeout_ms"), instant(rs, "created_at"),
                rs.getString("created_by"), instant(rs, "updated_at"), rs.getString("updated_by"),
                rs.getString("request_options"), ModelApi.valueOf(rs.getString("api")), rs.getString("converse"),
                rs.getString("chat"), nullableLong(rs, "live_revision"));
    }

    /** A row of {@link #REVISION_COLUMNS}. */
    private static ModelRevision revision(ResultSet rs) throws SQLException {
        long revision = rs.getLong("revision");
        Long live = nullableLong(rs, "model_live_revision");
        boolean isLive = live != null && live == revision;
        StoredModel model = new StoredModel(rs.getString("model_id"), rs.getString("workspace_id"),
                rs.getString("name"), rs.getString("description"), rs.getString("provider"),
                rs.getBoolean("inference_enabled"), isLive ? ModelStatus.READY : ModelStatus.DRAFT, revision,
                rs.getString("role_arn"), rs.getString("sts_endpoint"), rs.getString("region"),
                rs.getString("model_reference"), rs.getString("variables"), rs.getString("request_template"),
                rs.getString("output_mapping"), rs.getLong("connect_timeout_ms"), rs.getLong("total_timeout_ms"),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "saved_at"),
                rs.getString("saved_by"), rs.getString("request_options"), ModelApi.valueOf(rs.getString("api")),
                rs.getString("converse"), rs.getString("chat"), isLive ? revision : null);
        boolean draft = !isLive && rs.getLong("model_revision") == revision;
        return new ModelRevision(model, rs.getString("changes"), rs.getString("test_run_id"),
                rs.getString("test_outcome"), isLive, draft, rs.getBoolean("was_live"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
