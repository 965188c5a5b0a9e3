package dev.modelgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Stopgap until {@code POST /api/v1/models/{id}/test} is on the server: marks a model's first revision READY with a
 * SQL UPDATE, as a passed Test would. The server's H2 file database runs in {@code AUTO_SERVER} mode, so a second
 * process can connect to it while the server holds it open; that process is H2's own {@code Shell}, run from the
 * server jar's libraries (through Spring Boot's {@code PropertiesLauncher}), so it is exactly the server's H2 version
 * and the benchmark needs no JDBC driver of its own. Delete this class once the Test endpoint is merged.
 */
final class DatabaseReadyMark {

    private DatabaseReadyMark() {
    }

    /**
     * Sets revision 1 of model {@code modelId} READY in the database at {@code jdbcUrl}; the Shell's output goes to
     * {@code output} (deleted once read).
     */
    static void markReady(Path serverJar, String jdbcUrl, String modelId, Path output)
            throws IOException, InterruptedException {
        String id = UUID.fromString(modelId).toString(); // a UUID: nothing to quote in the SQL below
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process shell = new ProcessBuilder(List.of(java, "-Dloader.main=org.h2.tools.Shell", "-cp",
                serverJar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher",
                "-url", jdbcUrl, "-user", "sa", "-password", "",
                "-sql", "UPDATE external_models SET status = 'READY' WHERE id = '" + id + "' AND revision = 1"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = shell.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            shell.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (!finished) {
            throw new IllegalStateException("H2's Shell did not finish within 60 s:\n" + out);
        }
        if (shell.exitValue() != 0 || !out.contains("Update count: 1")) {
            throw new IllegalStateException("marking model " + id + " READY in the database failed (exit "
                    + shell.exitValue() + "):\n" + out);
        }
    }
}
