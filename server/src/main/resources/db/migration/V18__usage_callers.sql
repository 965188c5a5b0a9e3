-- Who made each call: the API key (by id, and its prefix and name as they were) or the signed-in account. Records
-- written before this, and calls made outside a request, name no caller. No foreign key: usage outlives a revoked
-- key or a removed account. Recent calls are read newest first.

ALTER TABLE usage_records ADD COLUMN caller_kind VARCHAR(10);
ALTER TABLE usage_records ADD COLUMN caller_id VARCHAR(36);
ALTER TABLE usage_records ADD COLUMN caller_name VARCHAR(200);
ALTER TABLE usage_records ADD CONSTRAINT ck_usage_records_caller
    CHECK ((caller_kind IS NULL AND caller_id IS NULL AND caller_name IS NULL)
           OR (caller_kind IN ('KEY', 'ACCOUNT') AND caller_id IS NOT NULL AND caller_name IS NOT NULL));
