-- Calls of the OpenAI-compatible POST /v1/chat/completions are metered with their own kind.
ALTER TABLE usage_records DROP CONSTRAINT ck_usage_records_kind;
ALTER TABLE usage_records ADD CONSTRAINT ck_usage_records_kind CHECK (kind IN ('INVOKE', 'CHAT_COMPLETIONS', 'TEST'));
