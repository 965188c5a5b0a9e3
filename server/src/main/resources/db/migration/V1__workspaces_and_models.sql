-- Portable SQL: runs unchanged on H2 (the embedded default) and PostgreSQL (production).

CREATE TABLE workspaces (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    external_id VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_workspaces_name UNIQUE (name),
    CONSTRAINT uq_workspaces_external_id UNIQUE (external_id)
);

CREATE TABLE external_models (
    id                VARCHAR(36)    NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(36)    NOT NULL REFERENCES workspaces (id),
    name              VARCHAR(100)   NOT NULL,
    description       VARCHAR(1000)  NOT NULL,
    provider          VARCHAR(32)    NOT NULL,
    inference_enabled BOOLEAN        NOT NULL,
    status            VARCHAR(16)    NOT NULL,
    revision          BIGINT         NOT NULL,
    role_arn          VARCHAR(2048)  NOT NULL,
    sts_endpoint      VARCHAR(256)   NOT NULL,
    region            VARCHAR(32)    NOT NULL,
    model_reference   VARCHAR(2048)  NOT NULL,
    variables         VARCHAR(200000) NOT NULL,
    request_template  VARCHAR(262144) NOT NULL,
    output_mapping    VARCHAR(20000) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by        VARCHAR(200)   NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by        VARCHAR(200)   NOT NULL,
    CONSTRAINT uq_external_models_name UNIQUE (workspace_id, name),
    CONSTRAINT ck_external_models_status CHECK (status IN ('DRAFT', 'READY')),
    CONSTRAINT ck_external_models_revision CHECK (revision >= 1)
);

CREATE INDEX ix_external_models_workspace_updated ON external_models (workspace_id, updated_at);
