#!/bin/bash
# Times the usage endpoint's report, a page of calls, the operators' workspace counts and a model's revisions' usage
# for the workspace ws-0 of load-10m.sh's schema, through the server's own code (dev.modelgate.bench.UsageQueries:
# UsageRepository and WorkspaceOverviews on PostgreSQL), each once to warm up and then five times. Build first:
#   ./mvnw -pl bench -am package -DskipTests
# bench/README.md, "Usage queries over 10 million records", has what it measured.
set -e
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
exec "$JAVA" -cp server/target/modelgate-server-0.1.0-SNAPSHOT.jar -Dloader.path=bench/target/classes \
  -Dloader.main=dev.modelgate.bench.UsageQueries org.springframework.boot.loader.launch.PropertiesLauncher \
  "${1:-mg_usage10m}" "${2:-5}"
