package dev.modelgate.bench;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * {@link ClusterRun}'s Modelgate instances: the server jar as child processes on one PostgreSQL schema and one Redis,
 * each on a port of its own chosen once, so that one stopped is started again where the load balancer expects it.
 * Every instance gets the same configuration: the emulator as AWS, the same platform credentials and bootstrap
 * operator (in its environment, which only this user can read), the run's limits.
 */
final class ClusterInstances implements AutoCloseable {

    /**
     * Each instance's JVM: small, since three of them share a small machine with the load (the Serial collector the
     * README recommends on one or two cores), and compiling with C1 only: three JVMs warming up on two cores beside
     * the load would spend much of them in C2 for code the run does not measure the speed of.
     */
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms128m", "-Xmx384m", "-XX:MaxMetaspaceSize=256m",
            "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    /** Far above any rate the run sends: only the per-caller limit is under test. */
    static final long WORKSPACE_RATE = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path serverJar;
    private final Path work;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final List<Integer> ports = new ArrayList<>();
    private final ServerProcess[] servers;
    private final int[] starts;
    private final List<List<Path>> logs = new ArrayList<>();

    /**
     * @param count        how many instances
     * @param arguments    the server arguments every instance gets
     * @param environment  the environment every instance gets (credentials, the bootstrap operator, the database)
     */
    ClusterInstances(int count, Path serverJar, Path work, List<String> arguments, Map<String, String> environment)
            throws IOException {
        this.serverJar = serverJar;
        this.work = work;
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.servers = new ServerProcess[count];
        this.starts = new int[count];
        for (int i = 0; i < count; i++) {
            logs.add(new ArrayList<>());
            try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                ports.add(free.getLocalPort());
            }
        }
    }

    /** The ports, instance 1 first. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    int count() {
        return servers.length;
    }

    /** The instance (1-based) listening on {@code port}, or 0 when none does. */
    int instanceAt(int port) {
        return ports.indexOf(port) + 1;
    }

    /** Starts instance {@code n} (1-based) on its port; its log is {@code instance-<n>.log} (then {@code -2.log}, …). */
    ServerProcess start(int n) {
        starts[n - 1]++;
        String log = "instance-" + n + (starts[n - 1] == 1 ? "" : "-" + starts[n - 1]) + ".log";
        logs.get(n - 1).add(work.resolve(log));
        servers[n - 1] = ServerProcess.start(serverJar, ports.get(n - 1), JVM, arguments, environment, work.resolve(log));
        return servers[n - 1];
    }

    /** Waits until each of {@code instances} (1-based) is healthy, in parallel; up to {@code timeout} each. */
    void awaitHealthy(Duration timeout, int... instances) throws InterruptedException {
        try (ExecutorService waits = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int n : instances) {
                all.add(waits.submit(() -> {
                    servers[n - 1].awaitHealthy(timeout);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
    }

    /** Stops instance {@code n}: SIGTERM and up to 20 s for its graceful stop (then SIGKILL); its exit status. */
    int stop(int n) {
        ServerProcess server = servers[n - 1];
        server.close();
        return server.exitValue();
    }

    /** Stops every instance that runs, all at once (each as {@link #stop}); their exit statuses by instance. */
    Map<Integer, Integer> stopAll() throws InterruptedException {
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        try (ExecutorService stops = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> all = new ArrayList<>();
            for (int n = 1; n <= servers.length; n++) {
                int instance = n;
                all.add(servers[n - 1] == null ? null : stops.submit(() -> stop(instance)));
            }
            for (int n = 1; n <= servers.length; n++) {
                if (all.get(n - 1) != null) {
                    try {
                        statuses.put(n, all.get(n - 1).get());
                    } catch (ExecutionException e) {
                        statuses.put(n, -1);
                    }
                }
            }
        }
        return statuses;
    }

    /**
     * Each running instance's readiness, {@code GET /actuator/health/readiness}: its status and its {@code redis}
     * component's (UP while the limits are shared, DEGRADED while the instance counts on its own), or why it did not
     * answer.
     */
    Map<Integer, String> readiness(HttpClient http) {
        Map<Integer, String> statuses = new LinkedHashMap<>();
        for (int n = 1; n <= servers.length; n++) {
            URI uri = URI.create("http://127.0.0.1:" + ports.get(n - 1) + "/actuator/health/readiness");
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                String redis = JSON.readTree(response.body()).path("components").path("redis").path("status")
                        .asString("none");
                statuses.put(n, response.statusCode() + " redis " + redis);
            } catch (IOException | JacksonException e) {
                statuses.put(n, "no answer");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return statuses;
            }
        }
        return statuses;
    }

    /** The lines of instance {@code n}'s logs (every start's) that contain {@code text}. */
    List<String> logLines(int n, String text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path log : logs.get(n - 1)) {
            try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
                all.filter(line -> line.contains(text)).forEach(lines::add);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        for (ServerProcess server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }
}
