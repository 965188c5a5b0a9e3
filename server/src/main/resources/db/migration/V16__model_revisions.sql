-- Revisions: every saved configuration of a model is kept, and agents are served the live revision (the last one
-- promoted after its Test passed), never a later draft. external_models keeps the latest saved revision (its
-- revision column stays the counter of optimistic locking); live_revision points at the revision agents get (NULL:
-- never promoted) and live_name is that revision's name, which agents call the model by (unique in the workspace,
-- as a NULL is unique to itself on both engines).
ALTER TABLE external_models ADD COLUMN live_revision BIGINT;
ALTER TABLE external_models ADD COLUMN live_name VARCHAR(100);
ALTER TABLE external_models ADD CONSTRAINT uq_external_models_live_name UNIQUE (workspace_id, live_name);

-- One row per saved revision: the whole configuration as saved (immutable), who saved it and when, what changed
-- from the revision before (the audit's diff, JSON), its latest Test (run id and outcome), and whether it was ever
-- live (last known good). Deleted with its model.
CREATE TABLE model_revisions (
    model_id           VARCHAR(36)     NOT NULL REFERENCES external_models (id) ON DELETE CASCADE,
    revision           BIGINT          NOT NULL,
    workspace_id       VARCHAR(36)     NOT NULL REFERENCES workspaces (id),
    name               VARCHAR(100)    NOT NULL,
    description        VARCHAR(1000)   NOT NULL,
    provider           VARCHAR(32)     NOT NULL,
    role_arn           VARCHAR(2048)   NOT NULL,
    sts_endpoint       VARCHAR(256)    NOT NULL,
    region             VARCHAR(32)     NOT NULL,
    model_reference    VARCHAR(2048)   NOT NULL,
    variables          VARCHAR(200000) NOT NULL,
    request_template   VARCHAR(262144) NOT NULL,
    output_mapping     VARCHAR(20000)  NOT NULL,
    connect_timeout_ms BIGINT          NOT NULL,
    total_timeout_ms   BIGINT          NOT NULL,
    request_options    VARCHAR(4096),
    api                VARCHAR(16)     NOT NULL,
    converse           VARCHAR(200000),
    chat               VARCHAR(4096),
    saved_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    saved_by           VARCHAR(200)    NOT NULL,
    changes            VARCHAR(262144),
    test_run_id        VARCHAR(36),
    test_outcome       VARCHAR(16),
    was_live           BOOLEAN         DEFAULT FALSE NOT NULL,
    CONSTRAINT pk_model_revisions PRIMARY KEY (model_id, revision),
    CONSTRAINT ck_model_revisions_revision CHECK (revision >= 1),
    CONSTRAINT ck_model_revisions_test_outcome CHECK (test_outcome IS NULL OR test_outcome IN ('PASSED', 'FAILED'))
);

-- Existing models: their current configuration is their one kept revision; a READY model's is live (and passed its
-- latest Test of that revision), a DRAFT model's is the draft.
INSERT INTO model_revisions (model_id, revision, workspace_id, name, description, provider, role_arn, sts_endpoint,
                             region, model_reference, variables, request_template, output_mapping, connect_timeout_ms,
                             total_timeout_ms, request_options, api, converse, chat, saved_at, saved_by, changes,
                             test_run_id, test_outcome, was_live)
SELECT m.id, m.revision, m.workspace_id, m.name, m.description, m.provider, m.role_arn, m.sts_endpoint, m.region,
       m.model_reference, m.variables, m.request_template, m.output_mapping, m.connect_timeout_ms, m.total_timeout_ms,
       m.request_options, m.api, m.converse, m.chat, m.updated_at, m.updated_by, NULL,
       (SELECT t.id FROM test_runs t WHERE t.workspace_id = m.workspace_id AND t.model_id = m.id
               AND t.revision = m.revision ORDER BY t.tested_at DESC, t.id DESC LIMIT 1),
       (SELECT t.outcome FROM test_runs t WHERE t.workspace_id = m.workspace_id AND t.model_id = m.id
               AND t.revision = m.revision ORDER BY t.tested_at DESC, t.id DESC LIMIT 1),
       m.status = 'READY'
FROM external_models m;

UPDATE external_models SET live_revision = revision, live_name = name WHERE status = 'READY';

-- Which revision of its model served each call (the live one; for a Test, the one tested). NULL for a Test of an
-- unsaved draft and for calls recorded before revisions were kept.
ALTER TABLE usage_records ADD COLUMN revision BIGINT;
