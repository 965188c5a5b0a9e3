-- Portable SQL: runs unchanged on H2 (the embedded default) and PostgreSQL (production).

-- A workspace's request that Modelgate may assume a tenant role, and the platform operator's decision. One row per
-- (workspace, role): asking again for a REJECTED or REVOKED role puts the same row back to PENDING. Modelgate
-- assumes a role for a workspace only while its row is APPROVED.
CREATE TABLE role_registrations (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(36)   NOT NULL REFERENCES workspaces (id),
    role_arn     VARCHAR(2048) NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_by VARCHAR(200)  NOT NULL,
    decided_at   TIMESTAMP WITH TIME ZONE,
    decided_by   VARCHAR(200),
    note         VARCHAR(2000),
    CONSTRAINT uq_role_registrations_role UNIQUE (workspace_id, role_arn),
    CONSTRAINT ck_role_registrations_state CHECK (state IN ('PENDING', 'APPROVED', 'REJECTED', 'REVOKED'))
);

CREATE INDEX ix_role_registrations_state ON role_registrations (state, requested_at);

-- Settings of the whole platform, set by its operator: exactly one row.
CREATE TABLE platform_settings (
    id                         INTEGER NOT NULL PRIMARY KEY,
    auto_approve_registrations BOOLEAN NOT NULL,
    updated_at                 TIMESTAMP WITH TIME ZONE,
    updated_by                 VARCHAR(200),
    CONSTRAINT ck_platform_settings_single_row CHECK (id = 1)
);

INSERT INTO platform_settings (id, auto_approve_registrations) VALUES (1, FALSE);

-- An External ID rotation in progress: the new ID, kept apart until the workspace admin confirms it.
ALTER TABLE workspaces ADD COLUMN pending_external_id VARCHAR(64);
ALTER TABLE workspaces ADD COLUMN rotation_started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE workspaces ADD CONSTRAINT uq_workspaces_pending_external_id UNIQUE (pending_external_id);
