-- A model's revisions list each revision's usage by agents and its Test runs, all the time recorded, grouped by
-- revision; the recent calls and Test runs of one revision are listed newest first. Both read only the rows of the
-- listed revisions through these indexes, however long the model has been called.
CREATE INDEX ix_usage_records_model_revision ON usage_records (workspace_id, model_id, revision, occurred_at);
CREATE INDEX ix_test_runs_model_revision ON test_runs (workspace_id, model_id, revision, tested_at);
