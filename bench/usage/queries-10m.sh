#!/bin/bash
# The usage endpoint's queries (UsageRepository's SQL as it builds it for PostgreSQL) for the workspace ws-0 of
# load-10m.sh's schema, over 30 days and over one day, each three times, timed by EXPLAIN ANALYZE (execution only).
S=mg_usage10m
P="psql -X -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1"
F="workspace_id = 'ws-0' AND occurred_at >= TIMESTAMPTZ :'from' AND occurred_at < TIMESTAMPTZ :'to'"
PCT="PERCENTILE_CONT(%s) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE outcome = 'OK')"
p() { printf "$PCT" "$1"; }
DAY="CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 86400) AS BIGINT)"
AGG="COUNT(*) AS calls, SUM(CASE WHEN outcome = 'OK' THEN 1 ELSE 0 END) AS succeeded, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens, COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens, COALESCE(SUM(cache_write_tokens), 0) AS cache_write_tokens, SUM(CASE WHEN input_tokens IS NULL OR output_tokens IS NULL THEN 1 ELSE 0 END) AS unknown_tokens"
run() { # label, from, to, sql
  for i in 1 2 3; do
    sql="${4//:\'from\'/\'$2\'}"; sql="${sql//:\'to\'/\'$3\'}"
    $P -c "SET search_path = $S" -c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) $sql" | grep -E "Execution Time" | sed "s/^/$1 ($2 .. $3) run $i: /"
  done
}
for range in "2026-11-07 00:00+00|2026-12-07 00:00+00" "2026-12-06 00:00+00|2026-12-07 00:00+00"; do
  from=${range%|*}; to=${range#*|}
  run "names" "$from" "$to" "SELECT model_id, model_name, MAX(occurred_at) AS latest FROM usage_records WHERE $F AND model_id IS NOT NULL GROUP BY model_id, model_name"
  run "by day" "$from" "$to" "SELECT utc_day, model_id, draft_name, $AGG, $(p 0.5) AS p50, $(p 0.9) AS p90, $(p 0.99) AS p99 FROM (SELECT $DAY AS utc_day, model_id, CASE WHEN model_id IS NULL THEN model_name END AS draft_name, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms FROM usage_records WHERE $F) selected GROUP BY utc_day, model_id, draft_name FETCH FIRST 50001 ROWS ONLY"
  run "totals" "$from" "$to" "SELECT model_id, draft_name, $AGG, $(p 0.5) AS p50, $(p 0.9) AS p90, $(p 0.99) AS p99 FROM (SELECT model_id, CASE WHEN model_id IS NULL THEN model_name END AS draft_name, outcome, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms FROM usage_records WHERE $F) selected GROUP BY model_id, draft_name"
  run "callers" "$from" "$to" "SELECT caller_kind, caller_id, MAX(caller_name) AS caller_name, $AGG FROM usage_records WHERE $F GROUP BY caller_kind, caller_id"
  run "calls page" "$from" "$to" "SELECT * FROM usage_records WHERE $F ORDER BY occurred_at DESC, id DESC OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY"
done
