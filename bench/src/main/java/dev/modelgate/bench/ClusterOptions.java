package dev.modelgate.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Options of {@link ClusterRun}: the load, the limits the instances enforce, the stop and start of one instance, and
 * where PostgreSQL and Redis are ({@code MODELGATE_CLUSTER_*} in the environment, so that a password stays off the
 * command line).
 *
 * @param seconds        the load's length; it goes on past it until the restarted instance has served
 *                       {@link #afterReadySeconds} s, within {@link #maxMinutes}
 * @param agents         well-behaved agents, each with its own AGENT key, each sending at most {@code agentRate} calls
 *                       a second and honouring {@code Retry-After}
 * @param agentRate      each well-behaved agent's calls per second (below {@code keyRate})
 * @param keyRate        the per-caller limit every instance enforces (requests per second)
 * @param keyBurst       the per-caller limit's burst
 * @param greedyFactor   the greedy agent offers {@code keyRate × greedyFactor} calls a second and ignores
 *                       {@code Retry-After}
 * @param stopAt         seconds into the load at which instance 2 is sent SIGTERM
 * @param downSeconds    seconds it stays stopped before it is started again on the same port
 * @param afterReadySeconds the least load after the restarted instance is ready again
 * @param maxMinutes     the whole run's hard limit: past it every child is stopped and the run fails
 * @param postgresUrl    a {@code jdbc:postgresql://} URL; the run works in a schema of its own there
 * @param redisUrl       {@code redis://[user:password@]host:port[/db]}; the run's keys have a prefix of their own
 * @param redisTimeoutMillis the instances' {@code modelgate.redis.timeout} in milliseconds; 0: Modelgate's default
 */
record ClusterOptions(int seconds, int agents, int agentRate, int keyRate, int keyBurst, int greedyFactor,
                      int stopAt, int downSeconds, int afterReadySeconds, int maxMinutes, String postgresUrl,
                      String postgresUser, String postgresPassword, String redisUrl, int redisTimeoutMillis,
                      Path serverJar, Path nginx) {

    static final String USAGE = """
            usage: ./modelgate cluster [--seconds 60] [--agents 8] [--agent-rate 10] [--key-rate 20] [--key-burst 20]
                     [--greedy 3] [--stop-at SECONDS (default: a quarter of --seconds)] [--down 5] [--after-ready 10]
                     [--redis-timeout MILLISECONDS (default: Modelgate's, 250)] [--max-minutes 8]
              PostgreSQL: MODELGATE_CLUSTER_POSTGRES_URL (jdbc:postgresql://127.0.0.1:5432/test),
                          MODELGATE_CLUSTER_POSTGRES_USER (postgres), MODELGATE_CLUSTER_POSTGRES_PASSWORD (none)
              Redis:      MODELGATE_CLUSTER_REDIS_URL (redis://127.0.0.1:6379)
              (the launcher passes --nginx; --server-jar names another server jar)""";

    @Override
    public String toString() {
        return "ClusterOptions[seconds=" + seconds + ", agents=" + agents + ", postgresUrl=" + postgresUrl + "]";
    }

    static ClusterOptions parse(String[] args, Map<String, String> environment) {
        int seconds = 60;
        int agents = 8;
        int agentRate = 10;
        int keyRate = 20;
        int keyBurst = 20;
        int greedy = 3;
        Integer stopAt = null;
        int down = 5;
        int afterReady = 10;
        int maxMinutes = 8;
        int redisTimeout = 0;
        Path serverJar = null;
        Path nginx = Path.of("nginx");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--seconds" -> seconds = GatewayOptions.bounded(name, value, 10, 600);
                case "--agents" -> agents = GatewayOptions.bounded(name, value, 1, 256);
                case "--agent-rate" -> agentRate = GatewayOptions.bounded(name, value, 1, 1_000);
                case "--key-rate" -> keyRate = GatewayOptions.bounded(name, value, 1, 10_000);
                case "--key-burst" -> keyBurst = GatewayOptions.bounded(name, value, 1, 10_000);
                case "--greedy" -> greedy = GatewayOptions.bounded(name, value, 2, 20);
                case "--stop-at" -> stopAt = GatewayOptions.bounded(name, value, 1, 600);
                case "--down" -> down = GatewayOptions.bounded(name, value, 0, 120);
                case "--after-ready" -> afterReady = GatewayOptions.bounded(name, value, 1, 120);
                case "--max-minutes" -> maxMinutes = GatewayOptions.bounded(name, value, 2, 30);
                case "--redis-timeout" -> redisTimeout = GatewayOptions.bounded(name, value, 1, 60_000);
                case "--server-jar" -> serverJar = Path.of(value);
                case "--nginx" -> nginx = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (agentRate >= keyRate) {
            throw new IllegalArgumentException("--agent-rate (" + agentRate + ") must stay below --key-rate ("
                    + keyRate + "): the well-behaved agents are paced under their limit");
        }
        int stop = stopAt != null ? stopAt : Math.max(1, seconds / 4);
        if (stop >= seconds) {
            throw new IllegalArgumentException("--stop-at (" + stop + ") must come before the load's end (--seconds "
                    + seconds + ")");
        }
        String postgresUrl = environment.getOrDefault("MODELGATE_CLUSTER_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test");
        if (!postgresUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("MODELGATE_CLUSTER_POSTGRES_URL must be a jdbc:postgresql:// URL, got "
                    + postgresUrl);
        }
        String redisUrl = environment.getOrDefault("MODELGATE_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379");
        if (!redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")) {
            throw new IllegalArgumentException("MODELGATE_CLUSTER_REDIS_URL must start with redis:// or rediss://");
        }
        Path jar = Optional.ofNullable(serverJar).orElseGet(GatewayOptions::defaultServerJar);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no server jar at " + jar
                    + "; build it: ./mvnw -pl server -am package -DskipTests");
        }
        return new ClusterOptions(seconds, agents, agentRate, keyRate, keyBurst, greedy, stop, down, afterReady,
                maxMinutes, postgresUrl, environment.getOrDefault("MODELGATE_CLUSTER_POSTGRES_USER", "postgres"),
                environment.getOrDefault("MODELGATE_CLUSTER_POSTGRES_PASSWORD", ""), redisUrl, redisTimeout, jar, nginx);
    }

    /** The Redis URL without its password, for messages. */
    String redisUrlShown() {
        URI uri = URI.create(redisUrl);
        return uri.getUserInfo() == null ? redisUrl : redisUrl.replace(uri.getRawUserInfo() + "@", "…@");
    }
}
