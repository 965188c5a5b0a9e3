-- Every Test run, of a saved model or an unsaved draft, passed or failed: what was tested, how it ended, each
-- stage's latency, and the whole answer as JSON (capped at 262144 characters; never a secret). model_id has no
-- foreign key: the record of a run outlives the model. role_arn, external_id and sts_endpoint tell when a role was
-- last assumed with the same connection (evidence for a later AccessDenied).
CREATE TABLE test_runs (
    id             VARCHAR(36)     NOT NULL PRIMARY KEY,
    workspace_id   VARCHAR(36)     NOT NULL REFERENCES workspaces (id),
    model_id       VARCHAR(36),
    revision       BIGINT,
    model_name     VARCHAR(100)    NOT NULL,
    outcome        VARCHAR(16)     NOT NULL,
    failed_stage   VARCHAR(16),
    diagnosis_code VARCHAR(64),
    assume_role_ms BIGINT          NOT NULL,
    invoke_ms      BIGINT          NOT NULL,
    map_ms         BIGINT          NOT NULL,
    latency_ms     BIGINT          NOT NULL,
    role_arn       VARCHAR(2048)   NOT NULL,
    external_id    VARCHAR(1224)   NOT NULL,
    sts_endpoint   VARCHAR(256)    NOT NULL,
    tested_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(200)    NOT NULL,
    answer         VARCHAR(262144) NOT NULL,
    CONSTRAINT ck_test_runs_outcome CHECK (outcome IN ('PASSED', 'FAILED')),
    CONSTRAINT ck_test_runs_failed_stage CHECK (failed_stage IS NULL OR failed_stage IN ('ASSUME_ROLE', 'INVOKE', 'MAP')),
    CONSTRAINT ck_test_runs_revision CHECK (revision IS NULL OR revision >= 1)
);

CREATE INDEX ix_test_runs_model ON test_runs (workspace_id, model_id, tested_at);
CREATE INDEX ix_test_runs_role ON test_runs (workspace_id, role_arn, tested_at);
