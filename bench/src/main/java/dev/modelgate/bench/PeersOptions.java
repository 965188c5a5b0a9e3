package dev.modelgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@link PeersBench}. {@code --quick} gives the smoke-run defaults (about 4 to 5 minutes); any option named
 * after it overrides them.
 *
 * @param rounds           interleaved rounds: each round measures every path once at each concurrency
 * @param c1Seconds        the window at concurrency 1, where every request's latency is recorded
 * @param seconds          each window at the higher concurrencies, where requests/s and the gateway's CPU are read
 * @param concurrency      the higher concurrencies (concurrency 1 is always measured)
 * @param warmupSeconds    load on each Modelgate JVM before anything is measured (its JIT needs about 100 s on one
 *                         core to settle)
 * @param peerWarmupSeconds load on each other path before anything is measured
 * @param holds            the in-flight request counts held open for the memory readings
 * @param holdLatencyMs    the upstream's latency while requests are held (the emulator's latency injection)
 * @param streamSeconds    each streamed window (time to first token, concurrency 1)
 * @param maxMinutes       the run's hard limit: past it, every child is stopped and the run fails
 */
record PeersOptions(int rounds, int c1Seconds, int seconds, List<Integer> concurrency, int warmupSeconds,
                    int peerWarmupSeconds, List<Integer> holds, int holdLatencyMs, int streamSeconds,
                    boolean postgres, String postgresUrl, String postgresUser, int maxMinutes, Path serverJar,
                    Path wrk, Path nginx, Path portkeyDir, Path preloads, Path out) {

    static final String USAGE = """
            usage: ./modelgate bench peers [--quick] [--rounds 2] [--c1-seconds 5] [--seconds 4] [--concurrency 32,64]
                     [--warmup 100] [--peer-warmup 5] [--holds 256,1024,4096] [--hold-latency-ms 20000]
                     [--stream-seconds 5] [--no-postgres] [--postgres-url jdbc:postgresql://127.0.0.1:5432/test]
                     [--postgres-user postgres] [--max-minutes 15] [--out bench/results]
              (the launcher passes --wrk, --nginx, --portkey-dir, --preloads and --server-jar)""";

    static PeersOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = 2;
        int c1 = quick ? 2 : 5;
        int seconds = quick ? 2 : 4;
        List<Integer> concurrency = List.of(32, 64);
        int warmup = quick ? 10 : 100;
        int peerWarmup = quick ? 2 : 5;
        List<Integer> holds = quick ? List.of(256, 1024) : List.of(256, 1024, 4096);
        int holdLatency = quick ? 5_000 : 20_000;
        int streamSeconds = quick ? 2 : 5;
        boolean postgres = true;
        String postgresUrl = "jdbc:postgresql://127.0.0.1:5432/test";
        String postgresUser = "postgres";
        int maxMinutes = 15;
        Path serverJar = null;
        Path wrk = Path.of("wrk");
        Path nginx = Path.of("nginx");
        Path portkeyDir = Path.of("bench", ".peers", "portkey");
        Path preloads = Path.of("bench", "peers");
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--quick" -> { }
                case "--no-postgres" -> postgres = false;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
                    }
                    String value = args[++i];
                    switch (name) {
                        case "--rounds" -> rounds = bounded(name, value, 1, 10);
                        case "--c1-seconds" -> c1 = bounded(name, value, 1, 120);
                        case "--seconds" -> seconds = bounded(name, value, 1, 120);
                        case "--concurrency" -> concurrency = list(name, value, 2, 1024);
                        case "--warmup" -> warmup = bounded(name, value, 0, 600);
                        case "--peer-warmup" -> peerWarmup = bounded(name, value, 0, 300);
                        case "--holds" -> holds = list(name, value, 1, 8192);
                        case "--hold-latency-ms" -> holdLatency = bounded(name, value, 3_000, 120_000);
                        case "--stream-seconds" -> streamSeconds = bounded(name, value, 0, 120);
                        case "--postgres-url" -> postgresUrl = value;
                        case "--postgres-user" -> postgresUser = value;
                        case "--max-minutes" -> maxMinutes = bounded(name, value, 1, 15);
                        case "--server-jar" -> serverJar = Path.of(value);
                        case "--wrk" -> wrk = Path.of(value);
                        case "--nginx" -> nginx = Path.of(value);
                        case "--portkey-dir" -> portkeyDir = Path.of(value);
                        case "--preloads" -> preloads = Path.of(value);
                        case "--out" -> out = Path.of(value);
                        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                }
            }
        }
        if (!postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--postgres-url must be a jdbc:postgresql:// URL");
        }
        Path jar = Optional.ofNullable(serverJar).orElseGet(GatewayOptions::defaultServerJar);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar + "; build it: ./mvnw -pl server -am package -DskipTests");
        }
        return new PeersOptions(rounds, c1, seconds, concurrency, warmup, peerWarmup, holds, holdLatency,
                streamSeconds, postgres, postgresUrl, postgresUser, maxMinutes, jar, wrk, nginx,
                portkeyDir.toAbsolutePath(), preloads.toAbsolutePath(), out);
    }

    private static int bounded(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static List<Integer> list(String name, String value, int min, int max) {
        return Arrays.stream(value.split(",")).map(v -> bounded(name, v.strip(), min, max)).toList();
    }
}
