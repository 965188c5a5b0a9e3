-- Daily rollups of usage_records, written in the same transaction as the records they count, so that a report over
-- weeks reads a few rows per model and day instead of every call. A day is a UTC day, as days since 1970-01-01.
-- Absent parts are stored as '' (no saved model, no caller) and 0 (no revision), so that a primary key can name each
-- row: SQL's unique constraints never find two NULLs equal.
--
-- usage_daily: one row per workspace, day, model (its id and its name at the call), kind, revision and caller, with
-- the counts a report sums, the latest call's time, and the caller's name at that call.
CREATE TABLE usage_daily (
    workspace_id       VARCHAR(36)  NOT NULL REFERENCES workspaces (id),
    utc_day            BIGINT       NOT NULL,
    model_id           VARCHAR(36)  NOT NULL,
    model_name         VARCHAR(100) NOT NULL,
    kind               VARCHAR(16)  NOT NULL,
    revision           BIGINT       NOT NULL,
    caller_kind        VARCHAR(10)  NOT NULL,
    caller_id          VARCHAR(36)  NOT NULL,
    caller_name        VARCHAR(200) NOT NULL,
    calls              BIGINT       NOT NULL,
    succeeded          BIGINT       NOT NULL,
    input_tokens       BIGINT       NOT NULL,
    output_tokens      BIGINT       NOT NULL,
    cache_read_tokens  BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    unknown_tokens     BIGINT       NOT NULL,
    last_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_usage_daily PRIMARY KEY (workspace_id, utc_day, model_id, model_name, kind, revision, caller_kind,
                                           caller_id),
    CONSTRAINT ck_usage_daily_counts CHECK (calls >= 1 AND succeeded >= 0 AND succeeded <= calls
                                            AND unknown_tokens >= 0 AND unknown_tokens <= calls)
);

-- A model's revisions sum their usage all the time recorded; operators count every workspace's last 30 days.
CREATE INDEX ix_usage_daily_model_revision ON usage_daily (workspace_id, model_id, revision);
CREATE INDEX ix_usage_daily_day ON usage_daily (utc_day);

-- usage_daily_latency: the successful calls' latencies per workspace, day, model, kind and revision, as counts per
-- bucket of LatencyHistogram (log-linear: a bucket's midpoint is within 1.6 % of each latency in it).
CREATE TABLE usage_daily_latency (
    workspace_id VARCHAR(36)  NOT NULL REFERENCES workspaces (id),
    utc_day      BIGINT       NOT NULL,
    model_id     VARCHAR(36)  NOT NULL,
    model_name   VARCHAR(100) NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    revision     BIGINT       NOT NULL,
    bucket       INTEGER      NOT NULL,
    calls        BIGINT       NOT NULL,
    CONSTRAINT pk_usage_daily_latency PRIMARY KEY (workspace_id, utc_day, model_id, model_name, kind, revision, bucket),
    CONSTRAINT ck_usage_daily_latency_calls CHECK (calls >= 1 AND bucket >= 0)
);
