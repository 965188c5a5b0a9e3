-- One row per invocation or Test of a model: who, what, how many tokens, how long, how it ended.
-- No foreign key on model_id: usage outlives a deleted model (and a Test of an unsaved draft has no model id).

CREATE TABLE usage_records (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(36)  NOT NULL REFERENCES workspaces (id),
    model_id      VARCHAR(36),
    model_name    VARCHAR(100) NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    outcome       VARCHAR(40)  NOT NULL,
    input_tokens  BIGINT,
    output_tokens BIGINT,
    token_source  VARCHAR(16)  NOT NULL,
    latency_ms    BIGINT       NOT NULL,
    request_id    VARCHAR(100),
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_usage_records_kind CHECK (kind IN ('INVOKE', 'TEST')),
    CONSTRAINT ck_usage_records_token_source CHECK (token_source IN ('MAPPING', 'HEADERS', 'NONE')),
    CONSTRAINT ck_usage_records_tokens CHECK ((input_tokens IS NULL OR input_tokens >= 0)
                                              AND (output_tokens IS NULL OR output_tokens >= 0)),
    CONSTRAINT ck_usage_records_latency CHECK (latency_ms >= 0)
);

CREATE INDEX ix_usage_records_workspace_time ON usage_records (workspace_id, occurred_at);
CREATE INDEX ix_usage_records_workspace_model_time ON usage_records (workspace_id, model_id, occurred_at);
