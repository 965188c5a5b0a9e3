package dev.modelgate.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An external model as stored: the tenant's inputs verbatim (variables and output mapping as JSON text) plus the
 * bookkeeping. Parsing and compiling them is the domain's job; the repository only keeps them.
 *
 * @param revision starts at 1 and grows by one with every saved change; the ETag of optimistic locking
 * @param connectTimeoutMillis limit on connecting to Bedrock
 * @param totalTimeoutMillis   limit on a whole invocation, retries included
 * @param requestOptionsJson   the request options as JSON, or null when the model sets none
 * @param api                  which Bedrock API the model is called through
 * @param converseJson         a Converse model's defaults as JSON text, or null (none, or a template model); a
 *                             Converse model stores an empty request template and {@code null} as output mapping
 * @param chatJson             a template model's declared chat rule as JSON text ({@link ModelDraft.Chat}), or null
 *                             when it declares none (the default rule applies)
 * @param liveRevision         the revision agents are served (the last one promoted), or null when the model was
 *                             never promoted; equal to {@code revision} when the latest saved revision is live
 *                             (then {@code status} is READY), else {@code revision} is the draft
 */
public record StoredModel(String id, String workspaceId, String name, String description, String provider,
                          boolean inferenceEnabled, ModelStatus status, long revision, String roleArn,
                          String stsEndpoint, String region, String modelReference, String variablesJson,
                          String requestTemplate, String outputMappingJson, long connectTimeoutMillis,
                          long totalTimeoutMillis, Instant createdAt, String createdBy,
                          Instant updatedAt, String updatedBy,
                          String requestOptionsJson, ModelApi api, String converseJson, String chatJson,
                          Long liveRevision) {

    /** A model never promoted (no live revision). */
    public StoredModel(String id, String workspaceId, String name, String description, String provider,
                       boolean inferenceEnabled, ModelStatus status, long revision, String roleArn,
                       String stsEndpoint, String region, String modelReference, String variablesJson,
                       String requestTemplate, String outputMappingJson, long connectTimeoutMillis,
                       long totalTimeoutMillis, Instant createdAt, String createdBy,
                       Instant updatedAt, String updatedBy,
                       String requestOptionsJson, ModelApi api, String converseJson, String chatJson) {
        this(id, workspaceId, name, description, provider, inferenceEnabled, status, revision, roleArn, stsEndpoint,
                region, modelReference, variablesJson, requestTemplate, outputMappingJson, connectTimeoutMillis,
                totalTimeoutMillis, createdAt, createdBy, updatedAt, updatedBy, requestOptionsJson, api, converseJson,
                chatJson, null);
    }

    /** A model without a declared chat rule. */
    public StoredModel(String id, String workspaceId, String name, String description, String provider,
                       boolean inferenceEnabled, ModelStatus status, long revision, String roleArn,
                       String stsEndpoint, String region, String modelReference, String variablesJson,
                       String requestTemplate, String outputMappingJson, long connectTimeoutMillis,
                       long totalTimeoutMillis, Instant createdAt, String createdBy,
                       Instant updatedAt, String updatedBy, String requestOptionsJson, ModelApi api,
                       String converseJson) {
        this(id, workspaceId, name, description, provider, inferenceEnabled, status, revision, roleArn, stsEndpoint,
                region, modelReference, variablesJson, requestTemplate, outputMappingJson, connectTimeoutMillis,
                totalTimeoutMillis, createdAt, createdBy, updatedAt, updatedBy, requestOptionsJson, api, converseJson,
                null);
    }

    /** A template model ({@link ModelApi#INVOKE_MODEL}, no Converse defaults). */
    public StoredModel(String id, String workspaceId, String name, String description, String provider,
                       boolean inferenceEnabled, ModelStatus status, long revision, String roleArn,
                       String stsEndpoint, String region, String modelReference, String variablesJson,
                       String requestTemplate, String outputMappingJson, long connectTimeoutMillis,
                       long totalTimeoutMillis, Instant createdAt, String createdBy,
                       Instant updatedAt, String updatedBy, String requestOptionsJson) {
        this(id, workspaceId, name, description, provider, inferenceEnabled, status, revision, roleArn, stsEndpoint,
                region, modelReference, variablesJson, requestTemplate, outputMappingJson, connectTimeoutMillis,
                totalTimeoutMillis, createdAt, createdBy, updatedAt, updatedBy, requestOptionsJson,
                ModelApi.INVOKE_MODEL, null);
    }

    /** A template model without request options. */
    public StoredModel(String id, String workspaceId, String name, String description, String provider,
                       boolean inferenceEnabled, ModelStatus status, long revision, String roleArn,
                       String stsEndpoint, String region, String modelReference, String variablesJson,
                       String requestTemplate, String outputMappingJson, long connectTimeoutMillis,
                       long totalTimeoutMillis, Instant createdAt, String createdBy,
                       Instant updatedAt, String updatedBy) {
        this(id, workspaceId, name, description, provider, inferenceEnabled, status, revision, roleArn, stsEndpoint,
                region, modelReference, variablesJson, requestTemplate, outputMappingJson, connectTimeoutMillis,
                totalTimeoutMillis, createdAt, createdBy, updatedAt, updatedBy, null);
    }

    public StoredModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(api, "api");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, got " + revision);
        }
        if (liveRevision != null && (liveRevision < 1 || liveRevision > revision)) {
            throw new IllegalArgumentException("liveRevision must be between 1 and revision " + revision + ", got "
                    + liveRevision);
        }
    }

    /** The draft revision (saved, not live), or null when the latest saved revision is live. */
    public Long draftRevision() {
        return liveRevision != null && liveRevision == revision ? null : revision;
    }

    /** This model with other live pointers: {@code liveRevision}, and READY exactly when it is the latest. */
    public StoredModel withLive(Long live) {
        return new StoredModel(id, workspaceId, name, description, provider, inferenceEnabled,
                live != null && live == revision ? ModelStatus.READY : ModelStatus.DRAFT, revision, roleArn,
                stsEndpoint, region, modelReference, variablesJson, requestTemplate, outputMappingJson,
                connectTimeoutMillis, totalTimeoutMillis, createdAt, createdBy, updatedAt, updatedBy,
                requestOptionsJson, api, converseJson, chatJson, live);
    }
}
