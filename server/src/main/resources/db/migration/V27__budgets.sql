-- Budgets: how many tokens or US dollars a workspace, one of its API keys or one of its models may spend per UTC day
-- or month.
-- scope WORKSPACE has target_id '' (the whole workspace); KEY the api_keys id; MODEL the external_models id (no
-- foreign key: a budget of a revoked key or a deleted model stays, spending nothing). unit TOKENS counts input +
-- output + cache-read + cache-write tokens as usage_daily sums them; unit USD the calls' cost, usage_daily.cost_nanos
-- (unpriced calls count 0). hard_limit and soft_limit are in the unit's base units: tokens, or nano-USD. hard_limit
-- refuses calls once spent reaches it; soft_limit (optional, below hard_limit) warns. warned_period: the first UTC day of the period whose soft
-- threshold was audited, set by one conditional UPDATE so that exactly one instance writes the audit event.
CREATE TABLE budgets (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(36)  NOT NULL REFERENCES workspaces (id),
    scope         VARCHAR(10)  NOT NULL,
    target_id     VARCHAR(36)  NOT NULL,
    unit          VARCHAR(10)  NOT NULL,
    period        VARCHAR(10)  NOT NULL,
    hard_limit    BIGINT       NOT NULL,
    soft_limit    BIGINT,
    warned_period BIGINT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(200) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(200) NOT NULL,
    CONSTRAINT ck_budgets_scope CHECK (scope IN ('WORKSPACE', 'KEY', 'MODEL')
        AND ((scope = 'WORKSPACE') = (target_id = ''))),
    CONSTRAINT ck_budgets_unit CHECK (unit IN ('TOKENS', 'USD')),
    CONSTRAINT ck_budgets_period CHECK (period IN ('DAY', 'MONTH')),
    CONSTRAINT ck_budgets_limits CHECK (hard_limit >= 1 AND (soft_limit IS NULL
        OR (soft_limit >= 1 AND soft_limit < hard_limit)))
);

CREATE INDEX ix_budgets_workspace ON budgets (workspace_id);


-- API keys with a token-per-minute limit of their own (NULL: none), counted with each call's real token usage.
ALTER TABLE api_keys ADD COLUMN limit_tokens_per_minute BIGINT;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_token_limit CHECK (
    limit_tokens_per_minute IS NULL OR limit_tokens_per_minute >= 1);
