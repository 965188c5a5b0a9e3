-- A failed Test run's stage may be any of the four of a template model (ASSUME_ROLE, INVOKE, MAP, STREAM) or a
-- Converse model's ANSWER (V9 allowed ANSWER; V11 re-created the constraint without it).
ALTER TABLE test_runs DROP CONSTRAINT ck_test_runs_failed_stage;
ALTER TABLE test_runs ADD CONSTRAINT ck_test_runs_failed_stage
    CHECK (failed_stage IS NULL OR failed_stage IN ('ASSUME_ROLE', 'INVOKE', 'MAP', 'STREAM', 'ANSWER'));
