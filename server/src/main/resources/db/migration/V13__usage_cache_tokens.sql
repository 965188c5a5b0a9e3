-- Prompt-cache token counts of a call (Converse's cacheReadInputTokens / cacheWriteInputTokens); null when unknown.
ALTER TABLE usage_records ADD COLUMN cache_read_tokens BIGINT;
ALTER TABLE usage_records ADD COLUMN cache_write_tokens BIGINT;
ALTER TABLE usage_records ADD CONSTRAINT ck_usage_records_cache_tokens
    CHECK ((cache_read_tokens IS NULL OR cache_read_tokens >= 0) AND (cache_write_tokens IS NULL OR cache_write_tokens >= 0));
