-- Who may call Modelgate: console accounts (platform operators, and workspace admins and developers) and API keys
-- (per workspace, with a role). Passwords are stored only as Argon2id hashes, key secrets only as SHA-256 hashes.

CREATE TABLE accounts (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    username        VARCHAR(64)  NOT NULL,
    password_hash   VARCHAR(256) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    workspace_id    VARCHAR(36)  REFERENCES workspaces (id),
    failed_sign_ins INTEGER      NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(200) NOT NULL,
    CONSTRAINT uq_accounts_username UNIQUE (username),
    CONSTRAINT ck_accounts_role CHECK (role IN ('OPERATOR', 'ADMIN', 'DEVELOPER')),
    -- An operator belongs to no workspace; everyone else to exactly one.
    CONSTRAINT ck_accounts_workspace CHECK ((role = 'OPERATOR') = (workspace_id IS NULL))
);

CREATE INDEX ix_accounts_workspace ON accounts (workspace_id);

CREATE TABLE api_keys (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(36)  NOT NULL REFERENCES workspaces (id),
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    revoked_by   VARCHAR(200),
    CONSTRAINT uq_api_keys_prefix UNIQUE (prefix),
    CONSTRAINT ck_api_keys_role CHECK (role IN ('ADMIN', 'DEVELOPER', 'AGENT'))
);

CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id, created_at);

-- Sign-ins of operators, and failed sign-ins under an unknown name, belong to no workspace.
ALTER TABLE audit_events ALTER COLUMN workspace_id DROP NOT NULL;
