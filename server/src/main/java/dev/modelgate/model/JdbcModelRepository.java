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
    }

    @Override
    public Optional<StoredModel> find(String workspaceId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM external_models WHERE workspace_id = ? AND id = ?")
                .params(workspaceId, id).query(ROW).optional();
    }

    @Override
    public Optional<StoredModel> findByName(String workspaceId, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM external_models WHERE workspace_id = ? AND name = ?")
                .params(workspaceId, name).query(ROW).optional();
    }

    @Override
    public List<StoredModel> list(String workspaceId, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM external_models WHERE workspace_id = ? "
                        + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")
                .params(workspaceId, limit, offset).query(ROW).list();
    }

    @Override
    public long count(String workspaceId) {
        return jdbc.sql("SELECT COUNT(*) FROM external_models WHERE workspace_id = ?")
                .param(workspaceId).query(Long.class).single();
    }

    @Override
    public boolean update(StoredModel m, long expectedRevision) {
        if (m.revision() != expectedRevision + 1) {
            throw new IllegalArgumentException("the new revision must be " + (expectedRevision + 1) + ", got " + m.revision());
        }
        try {
            return jdbc.sql("UPDATE external_models SET name = :name, description = :description, provider = :provider, "
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
    public boolean markReady(String workspaceId, String id, long revision) {
        return jdbc.sql("UPDATE external_models SET status = 'READY' WHERE workspace_id = ? AND id = ? AND revision = ?")
                .params(workspaceId, id, revision).update() == 1;
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
                rs.getString("chat"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
