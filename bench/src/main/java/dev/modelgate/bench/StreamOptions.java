package dev.modelgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link StreamOverhead}'s command line, every option bounded:
 * <pre>
 * --seconds N         measured window per path and concurrency (default 20, 1-120)
 * --initial-warmup N  first, each path at the highest concurrency, not measured (default 40, 0-300)
 * --warmup N          then, before each window, that path at that concurrency, not measured (default 5, 0-60)
 * --concurrency L     comma-separated streams open at once (default 1,8,64; each 1-256)
 * --max-streams N     the most streams one window records; it ends early when reached (default 200,000, ≤ 2,000,000)
 * --tokens N          output tokens of the answer (default 500, 20-2,000); the emulator sends 3 tokens a chunk
 * --first-chunk-ms N  the emulator's time to the first chunk (default 50, 0-10,000)
 * --chunk-gap-ms N    the emulator's gap between two chunks (default 2, 0-1,000)
 * --held-streams N    streams held open through Modelgate while its heap is read (default 64, 0-1,024; 0: skip)
 * --paths P           direct,modelgate (default), or direct: the direct path alone
 * --server-jar P      the Modelgate server's runnable jar (default: server/target/modelgate-server-*.jar)
 * --jfr P             record the server with Java Flight Recorder (profile settings) into P, written when it stops
 * </pre>
 */
record StreamOptions(Duration window, Duration initialWarmup, Duration warmup, List<Integer> concurrency,
                     int maxStreams, int tokens, Duration firstChunk, Duration chunkGap, int heldStreams,
                     boolean throughModelgate, Path serverJar, Optional<Path> jfr) {

    static final String USAGE = "usage: StreamOverhead [--seconds 20] [--initial-warmup 40] [--warmup 5] "
            + "[--concurrency 1,8,64] [--max-streams 200000] [--tokens 500] [--first-chunk-ms 50] [--chunk-gap-ms 2] "
            + "[--held-streams 64] [--paths direct,modelgate] [--server-jar server/target/modelgate-server-*.jar] "
            + "[--jfr server.jfr]";

    static StreamOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option takes a value\n" + USAGE);
        }
        int seconds = 20;
        int initialWarmup = 40;
        int warmup = 5;
        List<Integer> concurrency = List.of(1, 8, 64);
        int maxStreams = 200_000;
        int tokens = 500;
        int firstChunkMs = 50;
        int chunkGapMs = 2;
        int heldStreams = 64;
        boolean throughModelgate = true;
        Path serverJar = null;
        Path jfr = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seconds" -> seconds = GatewayOptions.bounded("--seconds", value, 1, 120);
                case "--initial-warmup" -> initialWarmup = GatewayOptions.bounded("--initial-warmup", value, 0, 300);
                case "--warmup" -> warmup = GatewayOptions.bounded("--warmup", value, 0, 60);
                case "--concurrency" -> concurrency = Arrays.stream(value.split(","))
                        .map(c -> GatewayOptions.bounded("--concurrency", c.strip(), 1, 256)).distinct().toList();
                case "--max-streams" -> maxStreams = GatewayOptions.bounded("--max-streams", value, 1_000, 2_000_000);
                case "--tokens" -> tokens = GatewayOptions.bounded("--tokens", value, 20, 2_000);
                case "--first-chunk-ms" -> firstChunkMs = GatewayOptions.bounded("--first-chunk-ms", value, 0, 10_000);
                case "--chunk-gap-ms" -> chunkGapMs = GatewayOptions.bounded("--chunk-gap-ms", value, 0, 1_000);
                case "--held-streams" -> heldStreams = GatewayOptions.bounded("--held-streams", value, 0, 1_024);
                case "--paths" -> throughModelgate = switch (value) {
                    case "direct,modelgate", "modelgate,direct" -> true;
                    case "direct" -> false;
                    default -> throw new IllegalArgumentException("--paths must be direct,modelgate or direct, got \""
                            + value + "\"");
                };
                case "--server-jar" -> serverJar = Path.of(value);
                case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new StreamOptions(Duration.ofSeconds(seconds), Duration.ofSeconds(initialWarmup),
                Duration.ofSeconds(warmup), concurrency, maxStreams, tokens, Duration.ofMillis(firstChunkMs),
                Duration.ofMillis(chunkGapMs), heldStreams, throughModelgate,
                serverJar != null ? serverJar : GatewayOptions.defaultServerJar(), Optional.ofNullable(jfr));
    }

    public StreamOptions {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no Modelgate server jar at " + serverJar.toAbsolutePath()
                    + "; build it with ./mvnw -pl server -am package -DskipTests, or name it with --server-jar");
        }
    }
}
