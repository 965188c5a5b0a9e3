package dev.modelgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link FaultSoak}'s command line, every option bounded:
 * <pre>
 * --seconds N     the soak: agents invoking while the faults run (default 180, 30-900)
 * --agents N      agents calling at once (default 16, 1-128)
 * --max-calls N   the most calls of the whole run, warm-up included; the soak ends early when reached
 *                 (default 200,000, 1,000-2,000,000)
 * --warmup N      before the baseline, the agents without faults (default 20, 0-120)
 * --settle N      before each memory and thread reading, nothing running (default 30, 5-300)
 * --seed N        the fault schedule's random seed (default 11)
 * --server-jar P  the Modelgate server's runnable jar (default: server/target/modelgate-server-*.jar)
 * </pre>
 */
record SoakOptions(Duration soak, int agents, int maxCalls, Duration warmup, Duration settle, long seed,
                   Path serverJar) {

    static final String USAGE = "usage: FaultSoak [--seconds 180] [--agents 16] [--max-calls 200000] [--warmup 20] "
            + "[--settle 30] [--seed 11] [--server-jar server/target/modelgate-server-*.jar]";

    static SoakOptions parse(String... args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option takes a value\n" + USAGE);
        }
        int seconds = 180;
        int agents = 16;
        int maxCalls = 200_000;
        int warmup = 20;
        int settle = 30;
        long seed = 11;
        Path serverJar = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--seconds" -> seconds = GatewayOptions.bounded("--seconds", value, 30, 900);
                case "--agents" -> agents = GatewayOptions.bounded("--agents", value, 1, 128);
                case "--max-calls" -> maxCalls = GatewayOptions.bounded("--max-calls", value, 1_000, 2_000_000);
                case "--warmup" -> warmup = GatewayOptions.bounded("--warmup", value, 0, 120);
                case "--settle" -> settle = GatewayOptions.bounded("--settle", value, 5, 300);
                case "--seed" -> seed = GatewayOptions.bounded("--seed", value, 0, Integer.MAX_VALUE);
                case "--server-jar" -> serverJar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return new SoakOptions(Duration.ofSeconds(seconds), agents, maxCalls, Duration.ofSeconds(warmup),
                Duration.ofSeconds(settle), seed, serverJar != null ? serverJar : GatewayOptions.defaultServerJar());
    }

    public SoakOptions {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalArgumentException("no Modelgate server jar at " + serverJar.toAbsolutePath()
                    + "; build it with ./mvnw -pl server -am package -DskipTests, or name it with --server-jar");
        }
    }
}
