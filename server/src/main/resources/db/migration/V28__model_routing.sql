-- Routing of a model: the models tried in order when it is throttled or unavailable (FALLBACK), and the equivalent
-- models a call is spread over by weight (BALANCE). A model-level setting like the inference switch, not part of a
-- revision. Links are kept by the other model's id (a rename keeps them; they are shown by its current name) and go
-- with either model when it is deleted.
CREATE TABLE model_routes (
    model_id     VARCHAR(36) NOT NULL REFERENCES external_models (id) ON DELETE CASCADE,
    workspace_id VARCHAR(36) NOT NULL REFERENCES workspaces (id),
    kind         VARCHAR(10) NOT NULL,
    position     INT         NOT NULL,
    target_id    VARCHAR(36) NOT NULL REFERENCES external_models (id) ON DELETE CASCADE,
    weight       INT,
    CONSTRAINT pk_model_routes PRIMARY KEY (model_id, kind, position),
    CONSTRAINT uq_model_routes_target UNIQUE (model_id, kind, target_id),
    CONSTRAINT ck_model_routes_kind CHECK (kind IN ('FALLBACK', 'BALANCE')),
    CONSTRAINT ck_model_routes_position CHECK (position >= 0 AND position < 5),
    CONSTRAINT ck_model_routes_weight CHECK ((kind = 'FALLBACK' AND weight IS NULL)
        OR (kind = 'BALANCE' AND weight BETWEEN 1 AND 100))
);
CREATE INDEX ix_model_routes_target ON model_routes (target_id);

-- Which model a call asked for and why the model that served it was tried: PRIMARY (the model asked for), BALANCED
-- (picked by weight among equivalent models) or the failure of the link before it that made Modelgate fall back
-- (THROTTLED, UNAVAILABLE, MODEL_NOT_READY). Both NULL for records written before, and for Tests.
ALTER TABLE usage_records ADD COLUMN requested_model VARCHAR(100);
ALTER TABLE usage_records ADD COLUMN route_reason VARCHAR(20);
