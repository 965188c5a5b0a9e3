-- The append-only audit log: one row per change (model created/updated/deleted, inference toggled, Test run; later
-- keys, registrations, External ID rotation and sign-ins). Written in the same transaction as the change it
-- records; the application only ever INSERTs and SELECTs here. resource_id has no foreign key: an event outlives its
-- resource. seq orders events recorded in the same microsecond. details is JSON (at most 262144 characters).
CREATE TABLE audit_events (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL,
    id            VARCHAR(36)     NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(36)     NOT NULL REFERENCES workspaces (id),
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(200)    NOT NULL,
    source        VARCHAR(64),
    action        VARCHAR(40)     NOT NULL,
    resource_type VARCHAR(40)     NOT NULL,
    resource_id   VARCHAR(36),
    resource_name VARCHAR(100),
    details       VARCHAR(262144) NOT NULL,
    CONSTRAINT uq_audit_events_seq UNIQUE (seq)
);

CREATE INDEX ix_audit_events_workspace_time ON audit_events (workspace_id, occurred_at);
CREATE INDEX ix_audit_events_workspace_resource ON audit_events (workspace_id, resource_id, occurred_at);
