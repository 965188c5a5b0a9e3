-- Converse models: which Bedrock API a model is called through, and a Converse model's defaults (system prompt,
-- inferenceConfig, additionalModelRequestFields, toolConfig) as JSON text. A Converse model has no request template
-- (stored as '') and no output mapping (stored as 'null').
ALTER TABLE external_models ADD COLUMN api VARCHAR(16) DEFAULT 'INVOKE_MODEL' NOT NULL;
ALTER TABLE external_models ADD COLUMN converse VARCHAR(200000);
ALTER TABLE external_models ADD CONSTRAINT ck_external_models_api CHECK (api IN ('INVOKE_MODEL', 'CONVERSE'));

-- A Converse call's token counts come from Converse's own usage member.
ALTER TABLE usage_records DROP CONSTRAINT ck_usage_records_token_source;
ALTER TABLE usage_records ADD CONSTRAINT ck_usage_records_token_source
    CHECK (token_source IN ('MAPPING', 'HEADERS', 'CONVERSE', 'NONE'));

-- A Converse model's Test reads the answer in stage ANSWER instead of mapping it in MAP.
ALTER TABLE test_runs DROP CONSTRAINT ck_test_runs_failed_stage;
ALTER TABLE test_runs ADD CONSTRAINT ck_test_runs_failed_stage
    CHECK (failed_stage IS NULL OR failed_stage IN ('ASSUME_ROLE', 'INVOKE', 'MAP', 'ANSWER'));
