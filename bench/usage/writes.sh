#!/bin/bash
# What writing usage records costs a call (dev.modelgate.bench.UsageWrites): callers recording one record after
# another through the server's group-commit recorder into a fresh schema of the machine's PostgreSQL (127.0.0.1:5432,
# database test, user postgres), dropped after. Arguments: seconds per window (default 10), callers (default 1,8,64).
# Build first: ./mvnw -pl bench -am package -DskipTests. SERVER_JAR names another build's server jar, for an A/B.
set -e
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
exec "$JAVA" -cp "${SERVER_JAR:-server/target/modelgate-server-0.1.0-SNAPSHOT.jar}" -Dloader.path=bench/target/classes \
  -Dloader.main=dev.modelgate.bench.UsageWrites org.springframework.boot.loader.launch.PropertiesLauncher "$@"
