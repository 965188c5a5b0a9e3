package dev.modelgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link ChatCompletionsOverhead}'s command line, every option bounded:
 * <pre>
 * --seconds N        one measured window (default 10, 1-120)
 * --rounds N         windows per endpoint, model and concurrency, the endpoints' order alternating round by round
 *                    (default 2, 1-10)
 * --initial-warmup N  first, each path at the highest concurrency, not measured, so that the server's JIT compilers
 *                    are done before any window (default 20, 0-300)
 * --warmup N         then, before each window, that path at that concurrency, not measured (default 3, 0-60)
 * --concurrency L    comma-separated callers in flight (default 1,32; each 1-256)
 * --max-calls N      the most calls (or streams) one window records; it ends early when reached (default 1,000,000,
 *                    ≤ 20,000,000)
 * --modes L          plain (non-streamed calls), stream, or plain,stream (the default)
 * --server-jar P     the Modelgate server's runnable jar (default: server/target/modelgate-server-*.jar)
 * --jfr P            record the server with Java Flight Recorder (profile settings) into P, written when it stops
 * </pre>
 */
record ChatCompletionsOptions(Duration window, int rounds, Duration initialWarmup, Duration warmup, List<Integer> concurrency,
                              int maxCalls, boolean plain, boolean stream, Path serverJar, Optional<Path> jfr) {

    static final String USAGE = "usage: ChatCompletionsOverhead [--seconds 10] [--rounds 2] [--initial-warmup 20] [--warmup 3] "
            + "[--concurrency 1,32] [--max-calls 1000000] [--modes plain,stream] "
            + "[--server-jar server/target/modelgate-server-*.jar] [--jfr server.jfr]";

    static ChatCompletionsOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option takes a value\n" + USAGE);
        }
        int seconds = 10;
        int rounds = 2;
        int initialWarmup = 20;
        int warmup = 3;
        List<Integer> concurrency = List.of(1, 32);
        int maxCalls = 1_000_000;
        boolean plain = true;
        boolean stream = true;
        Path serverJar = null;
        Path jfr = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seconds" -> seconds = GatewayOptions.bounded("--seconds", value, 1, 120);
                case "--rounds" -> rounds = GatewayOptions.bounded("--rounds", value, 1, 10);
                case "--initial-warmup" -> initialWarmup = GatewayOptions.bounded("--initial-warmup", value, 0, 300);
                case "--warmup" -> warmup = GatewayOptions.bounded("--warmup", value, 0, 60);
                case "--concurrency" -> concurrency = Arrays.stream(value.split(","))
                        .map(c -> GatewayOptions.bounded("--concurrency", c.strip(), 1, 256)).distinct().toList();
                case "--max-calls" -> maxCalls = GatewayOptions.bounded("--max-calls", value, 1_000, 20_000_000);
                case "--modes" -> {
                    List<String> modes = Arrays.stream(value.split(",")).map(String::strip).toList();
                    if (modes.isEmpty() || !List.of("plain", "stream").containsAll(modes)) {
                        throw new IllegalArgumentException("--modes must be plain, stream or plain,stream, got \""
                                + value + "\"");
                    }
                    plain = modes.contains("plain");
                    stream = modes.contains("stream");
                }
                case "--server-jar" -> serverJar = Path.of(value);
                case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new ChatCompletionsOptions(Duration.ofSeconds(seconds), rounds, Duration.ofSeconds(initialWarmup),
                Duration.ofSeconds(warmup), concurrency, maxCalls, plain, stream,
                serverJar != null ? serverJar : GatewayOptions.defaultServerJar(), Optional.ofNullable(jfr));
    }

    public ChatCompletionsOptions {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no Modelgate server jar at " + serverJar.toAbsolutePath()
                    + "; build it with ./mvnw -pl server -am package -DskipTests, or name it with --server-jar");
        }
    }
}
