-- Operators' workspace counts group every workspace's calls of the last 30 days in one query: by time first, as no
-- workspace narrows it.
CREATE INDEX ix_usage_records_time ON usage_records (occurred_at);
