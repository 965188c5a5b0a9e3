-- API keys limited to some models: the names and globs (`support-*`) the key may call, one a line (no entry can hold
-- a line break: they are made of model names' characters and `*`). At most 20 entries of at most 100 characters, so
-- 20 * 100 + 19 line breaks. NULL: every model of the workspace, which every key created before keeps.
ALTER TABLE api_keys ADD COLUMN models VARCHAR(2019);
