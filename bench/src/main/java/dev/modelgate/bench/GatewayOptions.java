package dev.modelgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link GatewayOverhead}'s command line, every option bounded:
 * <pre>
 * --seconds N        measured window per path and concurrency (default 15, 1-120)
 * --initial-warmup N  first, each path at the highest concurrency, not measured, so that the JIT compilers of both
 *                    JVMs are done before any window (default 60, 0-300)
 * --warmup N         then, before each window, that path at that concurrency, not measured (default 10, 0-60)
 * --concurrency L    comma-separated callers in flight (default 1,32; each 1-256)
 * --max-calls N      the most calls one window records; it ends early when reached (default 2,000,000, ≤ 20,000,000)
 * --server-jar P     the Modelgate server's runnable jar (default: server/target/modelgate-server-*.jar)
 * --jfr P            record the server with Java Flight Recorder (profile settings) into P, written when it stops
 * </pre>
 */
record GatewayOptions(Duration window, Duration initialWarmup, Duration warmup, List<Integer> concurrency,
                      int maxCalls, Path serverJar, Optional<Path> jfr) {

    static final String USAGE = "usage: GatewayOverhead [--seconds 15] [--initial-warmup 60] [--warmup 10] [--concurrency 1,32] "
            + "[--max-calls 2000000] [--server-jar server/target/modelgate-server-*.jar] [--jfr server.jfr]";

    static GatewayOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option takes a value\n" + USAGE);
        }
        int seconds = 15;
        int initialWarmup = 60;
        int warmup = 10;
        List<Integer> concurrency = List.of(1, 32);
        int maxCalls = 2_000_000;
        Path serverJar = null;
        Path jfr = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seconds" -> seconds = bounded("--seconds", value, 1, 120);
                case "--initial-warmup" -> initialWarmup = bounded("--initial-warmup", value, 0, 300);
                case "--warmup" -> warmup = bounded("--warmup", value, 0, 60);
                case "--concurrency" -> concurrency = Arrays.stream(value.split(","))
                        .map(c -> bounded("--concurrency", c.strip(), 1, 256)).distinct().toList();
                case "--max-calls" -> maxCalls = bounded("--max-calls", value, 1_000, 20_000_000);
                case "--server-jar" -> serverJar = Path.of(value);
                case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new GatewayOptions(Duration.ofSeconds(seconds), Duration.ofSeconds(initialWarmup),
                Duration.ofSeconds(warmup), concurrency, maxCalls,
                serverJar != null ? serverJar : defaultServerJar(), Optional.ofNullable(jfr));
    }

    public GatewayOptions {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no Modelgate server jar at " + serverJar.toAbsolutePath()
                    + "; build it with ./mvnw -pl server -am package -DskipTests, or name it with --server-jar");
        }
    }

    static int bounded(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got \"" + value + "\"");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** The runnable jar the server's build leaves (its plain-classes twin ends in .jar.original). */
    static Path defaultServerJar() {
        Path target = Path.of("server", "target");
        if (!Files.isDirectory(target)) {
            return target.resolve("modelgate-server.jar"); // refused above, with the build command
        }
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("modelgate-server-.*\\.jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalArgumentException("expected one modelgate-server-*.jar in " + target.toAbsolutePath()
                        + ", found " + jars + "; name it with --server-jar");
            }
            return jars.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
