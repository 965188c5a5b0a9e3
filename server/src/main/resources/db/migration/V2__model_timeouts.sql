-- Per-model timeouts (milliseconds): connecting to Bedrock, and a whole invocation with its retries.
ALTER TABLE external_models ADD COLUMN connect_timeout_ms BIGINT DEFAULT 5000 NOT NULL;
ALTER TABLE external_models ADD COLUMN total_timeout_ms BIGINT DEFAULT 60000 NOT NULL;
ALTER TABLE external_models ADD CONSTRAINT ck_external_models_timeouts
    CHECK (connect_timeout_ms >= 100 AND connect_timeout_ms < total_timeout_ms AND total_timeout_ms <= 600000);
