package dev.modelgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Modelgate server jar running as a child process on the benchmark's own JDK, on 127.0.0.1. Its output goes to a
 * log file. It is stopped by {@link #close()} and, should the benchmark end any other way (an exception, Ctrl-C), by
 * a shutdown hook.
 */
final class ServerProcess implements AutoCloseable {

    /** The unit of /proc/<pid>/stat's CPU times: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Process process;
    private final URI baseUri;
    private final Path log;
    private final Thread stopOnExit;

    private ServerProcess(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "stop-modelgate-server");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts {@code java [jvmOptions] -jar serverJar --server.port=port [arguments]} with {@code environment} added
     * to a copy of this process's environment from which every {@code AWS_*} and {@code MODELGATE_*} variable was
     * removed, so that only {@code environment} and {@code arguments} configure it.
     */
    static ServerProcess start(Path serverJar, int port, List<String> jvmOptions, List<String> arguments,
                               Map<String, String> environment, Path log) {
        return start(List.of(), serverJar, port, jvmOptions, arguments, environment, log);
    }

    /**
     * As {@link #start(Path, int, List, List, Map, Path)}, the command run through {@code launcher} (such as
     * {@code taskset -c 1}, which executes the JVM in its own process: the process ID stays the JVM's).
     */
    static ServerProcess start(List<String> launcher, Path serverJar, int port, List<String> jvmOptions,
                               List<String> arguments, Map<String, String> environment, Path log) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(launcher);
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "--server.address=127.0.0.1", "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MODELGATE_"));
        builder.environment().putAll(environment);
        try {
            return new ServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    URI baseUri() {
        return baseUri;
    }

    /** The file the server's output goes to. */
    Path log() {
        return log;
    }

    /** The process ID, for jcmd and friends. */
    long pid() {
        return process.pid();
    }

    /** The exit status once the process has ended; -1 while it runs. */
    int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** CPU time (user + system) the server process has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report the server's CPU time"));
    }

    /**
     * CPU time the server's JIT compiler threads have used so far, read from {@code /proc} (Linux); empty where that
     * cannot be read. Compilation during a measured window means the server was not yet warm.
     */
    Optional<Duration> jitCpuTime() {
        return jitCpuTime(process.pid());
    }

    /** CPU time the JIT compiler threads of the JVM {@code pid} have used so far, as {@link #jitCpuTime()}. */
    static Optional<Duration> jitCpuTime(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String stat = Files.readString(thread.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or a thread ended while being read: no figure rather than a wrong one
        }
        return Optional.of(Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND));
    }

    /** Polls {@code GET /actuator/health} until it answers 200 with status UP. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(baseUri.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Modelgate server exited with status " + process.exitValue()
                            + " while starting; the end of its log:\n" + logTail());
                }
                try {
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // retried below
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Modelgate server was not healthy within " + timeout.toSeconds()
                + " s; the end of its log:\n" + logTail());
    }

    /** The last 40 lines of the server's log. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the server: SIGTERM, up to 20 s for a graceful stop, then SIGKILL. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the server is being stopped anyway
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
