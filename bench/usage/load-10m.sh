#!/bin/bash
# Loads 10 million usage records into a schema of their own (mg_usage10m, dropped first) on the machine's PostgreSQL
# (127.0.0.1:5432, database test, user postgres), migrated by the server itself: build it first
# (./mvnw -pl server -am package -DskipTests). The records are loaded into the schema as migration V21 left it, and
# the server then migrates it to the latest version, so that migration V23 counts them into the daily rollups as it
# would on a production database (its time is printed). About 7 minutes and 3.5 GB on a 2-core machine; drop the
# schema after:
#   psql -h 127.0.0.1 -U postgres -d test -c 'DROP SCHEMA mg_usage10m CASCADE'
# bench/README.md, "Usage queries over 10 million records", has what it measured.
set -e
S=mg_usage10m
P="psql -X -q -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1"
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
$P -c "DROP SCHEMA IF EXISTS $S CASCADE; CREATE SCHEMA $S"
migrate() { # extra arguments to the server; starts it, waits until it has started (at most 30 minutes), stops it
  "$JAVA" -jar server/target/modelgate-server-0.1.0-SNAPSHOT.jar --server.port=0 --server.address=127.0.0.1 \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$S" --spring.datasource.username=postgres \
    --spring.datasource.password= "$@" > /tmp/mg-usage10m-migrate.log 2>&1 &
  pid=$!
  for i in $(seq 1 1800); do grep -q "Started ModelgateApplication\|APPLICATION FAILED" /tmp/mg-usage10m-migrate.log && break; sleep 1; done
  kill $pid; wait $pid || true
  grep -E "Successfully applied|Migrating schema" /tmp/mg-usage10m-migrate.log || true
}
migrate --spring.flyway.target=21
# 10 workspaces; the first holds 5,000,000 records over 30 days (a big tenant, ~170,000 calls a day), the others 5,000,000 together
$P <<SQL
SET search_path = $S;
INSERT INTO workspaces (id, name, external_id, created_at)
  SELECT 'ws-' || g, 'ws' || g, 'mg-extid' || g, now() FROM generate_series(0, 9) g;
\timing on
INSERT INTO usage_records (id, workspace_id, model_id, model_name, kind, outcome, input_tokens, output_tokens,
                           token_source, latency_ms, request_id, occurred_at, revision, caller_kind, caller_id, caller_name)
  SELECT md5(g::text)::uuid::text,
         CASE WHEN g % 2 = 0 THEN 'ws-0' ELSE 'ws-' || (1 + g % 9) END,
         'model-' || (g % 8), 'model' || (g % 8),
         CASE WHEN g % 50 = 0 THEN 'TEST' WHEN g % 3 = 0 THEN 'CHAT_COMPLETIONS' ELSE 'INVOKE' END,
         CASE WHEN g % 40 = 0 THEN 'THROTTLED' ELSE 'OK' END,
         100 + g % 900, 20 + g % 400, 'MAPPING', 200 + (g::bigint * 7919) % 3000, 'req-' || g,
         timestamptz '2026-11-07 00:00:00+00' + (g % 2592000) * interval '1 second',
         1 + g % 3, 'KEY', 'key-' || (g % 20), 'agent ' || (g % 20)
  FROM generate_series(1, 10000000) g;
ANALYZE usage_records;
SELECT count(*) AS records, pg_size_pretty(pg_total_relation_size('usage_records')) AS size FROM usage_records;
SQL
migrate
$P <<SQL
SET search_path = $S;
ANALYZE usage_daily;
ANALYZE usage_daily_latency;
SELECT (SELECT count(*) FROM usage_daily) AS daily_rows, pg_size_pretty(pg_total_relation_size('usage_daily')) AS daily_size,
       (SELECT count(*) FROM usage_daily_latency) AS latency_rows,
       pg_size_pretty(pg_total_relation_size('usage_daily_latency')) AS latency_size;
SQL
