-- API keys with a request-rate limit of their own, used instead of modelgate.limits.per-caller.* for requests with
-- the key (the workspace's limit still applies on top). Both NULL: the configured per-caller limit, which every key
-- created before keeps.
ALTER TABLE api_keys ADD COLUMN limit_requests_per_second BIGINT;
ALTER TABLE api_keys ADD COLUMN limit_burst BIGINT;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_rate_limit CHECK (
    (limit_requests_per_second IS NULL AND limit_burst IS NULL)
    OR (limit_requests_per_second IS NOT NULL AND limit_burst IS NOT NULL
        AND limit_requests_per_second >= 1 AND limit_burst >= 1));
