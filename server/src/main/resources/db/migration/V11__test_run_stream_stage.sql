-- A Test run of a model with a stream mapping has a fourth stage, STREAM, which may be the one that failed.
ALTER TABLE test_runs DROP CONSTRAINT ck_test_runs_failed_stage;
ALTER TABLE test_runs ADD CONSTRAINT ck_test_runs_failed_stage
    CHECK (failed_stage IS NULL OR failed_stage IN ('ASSUME_ROLE', 'INVOKE', 'MAP', 'STREAM'));
