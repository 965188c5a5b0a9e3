package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Modelgate as a cluster on this machine: three instances of the server jar on one PostgreSQL schema and one Redis,
 * behind nginx, set up through nginx as an operator and an admin do, then invoked by agents while one instance is
 * stopped (SIGTERM) and started again. At the end the instances stop gracefully, and the run prints the calls, the
 * answers by status and problem code and by instance, the usage records written against the calls answered, and the
 * greedy key's calls against its limit ({@link ClusterReport}).
 *
 * <pre>./modelgate cluster [options: {@link ClusterOptions#USAGE}]</pre>
 *
 * Everything listens on 127.0.0.1; the emulator runs in this process. The run uses a PostgreSQL schema and Redis
 * keys of its own and removes both at the end, and stops every child process however it ends (Ctrl-C included).
 * Exits with status 1 when a usage record was lost, a daily rollup differs from its records, the limit was exceeded, the stopped instance did not serve again,
 * or the run could not be set up or passed {@code --max-minutes}; 2 for a bad option.
 */
public final class ClusterRun {

    static final String WORKSPACE = "cluster";
    static final String MODEL = "cluster-haiku";
    /** The instance stopped and started again. */
    static final int STOPPED = 2;
    private static final int INSTANCES = 3;

    private final ClusterOptions options;
    private final Path work;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Deque<Runnable> cleanup = new ArrayDeque<>();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    /** Set when the run is being stopped from outside (Ctrl-C, SIGTERM, the time limit). */
    private volatile boolean interrupted;

    private ClusterRun(ClusterOptions options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(ClusterOptions.USAGE);
            return;
        }
        ClusterOptions options;
        try {
            options = ClusterOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("modelgate-cluster-");
        ClusterRun run = new ClusterRun(options, work);
        Thread hook = new Thread(() -> {
            run.interrupted = true;
            run.cleanUp();
        }, "cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.ofPlatform().daemon().name("cluster-time-limit").start(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(options.maxMinutes()));
                System.err.println("cluster: the run passed its limit of " + options.maxMinutes()
                        + " minutes; stopping everything");
                System.exit(1); // the shutdown hooks stop the children and clean up
            } catch (InterruptedException done) {
                // the run ended in time
            }
        });
        int status;
        try {
            status = run.run();
        } catch (Exception | Error e) {
            System.err.println(run.interrupted ? "cluster: stopped before the end; every child process was stopped"
                    : "cluster: failed: " + e.getMessage());
            if (isEmpty(work)) {
                Files.delete(work); // failed before anything was started: no logs
            } else {
                System.err.println("cluster: logs stay in " + work);
            }
            status = 1;
        } finally {
            run.cleanUp();
        }
        System.exit(status);
    }

    static void progress(String format, Object... arguments) {
        System.err.println("cluster: " + String.format(java.util.Locale.ROOT, format, arguments));
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        progress("work folder %s (logs of the instances and nginx)", work);
        try (ClusterRedis redis = ClusterRedis.connect(options.redisUrl(), options.redisUrlShown())) {
            progress("Redis at %s answers", options.redisUrlShown());
        }
        String prefix = "modelgate-cluster-" + runId + ":";
        ClusterDatabase database = ClusterDatabase.create(options.postgresUrl(), options.postgresUser(),
                options.postgresPassword(), "mg_cluster_" + runId);
        atEnd(() -> dropSchema(database));
        atEnd(() -> deleteKeys(prefix));
        progress("PostgreSQL at %s answers; the run's schema is %s, its Redis keys start with %s",
                options.postgresUrl(), database.schema(), prefix);

        Emulator emulator = Emulator.builder().verifySignatures(true).build();
        atEnd(emulator::close);
        emulator.journal().setEnabled(false);
        Tenant tenant = Tenant.ofDefaultWorld();
        ModelgateApi.Account operator = ModelgateApi.Account.withRandomPassword("cluster-operator");
        List<String> arguments = new ArrayList<>(List.of("--modelgate.aws.endpoint-override=" + emulator.endpoint(),
                "--modelgate.redis.key-prefix=" + prefix,
                "--modelgate.limits.per-caller.requests-per-second=" + options.keyRate(),
                "--modelgate.limits.per-caller.burst=" + options.keyBurst(),
                "--modelgate.limits.per-workspace.requests-per-second=" + ClusterInstances.WORKSPACE_RATE,
                "--modelgate.limits.per-workspace.burst=" + ClusterInstances.WORKSPACE_RATE));
        if (options.redisTimeoutMillis() > 0) {
            arguments.add("--modelgate.redis.timeout=" + options.redisTimeoutMillis() + "ms");
        }
        ClusterInstances instances = new ClusterInstances(INSTANCES, options.serverJar(), work, arguments,
                // Secrets in the environment, which only this user can read, not on the command line.
                Map.of("AWS_ACCESS_KEY_ID", tenant.platformAccessKey(),
                        "AWS_SECRET_ACCESS_KEY", tenant.platformSecretKey(),
                        "MODELGATE_BOOTSTRAP_OPERATOR_USERNAME", operator.username(),
                        "MODELGATE_BOOTSTRAP_OPERATOR_PASSWORD", operator.password(),
                        "MODELGATE_REDIS_URL", options.redisUrl(),
                        "SPRING_DATASOURCE_URL", database.schemaUrl(),
                        "SPRING_DATASOURCE_USERNAME", database.user(),
                        "SPRING_DATASOURCE_PASSWORD", database.password()));
        atEnd(instances::close);

        // The first instance migrates the schema alone; the others start on it together.
        instances.start(1);
        progress("starting instance 1 on 127.0.0.1:%d (it creates the schema)", instances.ports().getFirst());
        instances.awaitHealthy(Duration.ofSeconds(180), 1);
        for (int n = 2; n <= INSTANCES; n++) {
            instances.start(n);
        }
        progress("instance 1 healthy; starting instances 2 and 3 on 127.0.0.1:%d and %d", instances.ports().get(1),
                instances.ports().get(2));
        instances.awaitHealthy(Duration.ofSeconds(180), 2, 3);
        double startup = seconds(started);
        progress("all %d instances healthy after %.1f s", INSTANCES, startup);

        PeersProcesses processes = new PeersProcesses();
        atEnd(processes::close);
        ClusterNginx nginx = ClusterNginx.start(options.nginx(), Files.createDirectories(work.resolve("nginx")),
                freePort(), instances.ports(), processes);
        String nginxVersion = processes.run(List.of(options.nginx().toString(), "-v"), 10).strip()
                .replace("nginx version: ", "");
        URI loadBalancer = URI.create("http://127.0.0.1:" + nginx.port());
        progress("started %s (pid %d) on %s in front of them", nginxVersion, nginx.pid(), loadBalancer);

        long setupStarted = System.nanoTime();
        Setup setup = setUp(loadBalancer, emulator, tenant, operator);
        double setupSeconds = seconds(setupStarted);

        AtomicInteger phase = new AtomicInteger(ClusterReport.BEFORE);
        Map<String, Long> readiness = new TreeMap<>();
        ClusterReport.Timeline timeline;
        try (ClusterAgents agents = new ClusterAgents(loadBalancer, MODEL, instances::instanceAt, phase::get)) {
            LoadResult load = load(instances, agents, setup, phase, readiness);
            long stopping = System.nanoTime();
            progress("load over; stopping every instance (SIGTERM: each finishes its requests and writes its usage)");
            Map<Integer, Integer> exits = instances.stopAll();
            double finalStop = seconds(stopping);
            Map<String, Map<String, Long>> records = database.invokeRecords(setup.workspaceId());
            ClusterDatabase.Rollups rollups = database.rollups(setup.workspaceId());
            nginx.stop();
            timeline = new ClusterReport.Timeline(startup, setupSeconds, load.seconds(), load.stopSent(),
                    load.stoppedAfter(), load.stopExit(), load.started(), load.ready(), finalStop, exits,
                    seconds(started));
            List<String> keyNames = new ArrayList<>(setup.agents().stream().map(ClusterAgents.Agent::keyName).toList());
            keyNames.add(setup.greedy().keyName());
            Map<Integer, List<String>> fallbacks = new TreeMap<>();
            for (int n = 1; n <= INSTANCES; n++) {
                fallbacks.put(n, instances.logLines(n, ClusterReport.REDIS_FALLBACK));
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            ClusterReport report = new ClusterReport(options, nginxVersion, instances.ports(), STOPPED, timeline,
                    setup.report(), agents, keyNames, readiness, fallbacks, records, rollups,
                    new double[] {loadBefore, loadAfter});
            System.out.print(report.text());
            if (!report.failures().isEmpty()) {
                System.err.println("cluster: logs stay in " + work);
                return 1;
            }
            return 0;
        }
    }

    /** What the setup made: the workspace, the agents' keys, and which instances answered its console requests. */
    private record Setup(String workspaceId, List<ClusterAgents.Agent> agents, ClusterAgents.Agent greedy,
                         ClusterReport.Setup report) {
    }

    /**
     * As an operator and a workspace's admin set Modelgate up, through the load balancer (so each console request may
     * reach another instance than the one that signed in: the sessions are in the database): the workspace, the
     * trust policy Modelgate shows put on the tenant's role, the role registered and approved, the model created and
     * Tested to READY, and an AGENT key for each agent.
     */
    private Setup setUp(URI loadBalancer, Emulator emulator, Tenant tenant, ModelgateApi.Account operator)
            throws IOException, InterruptedException {
        ModelgateApi.Account admin = ModelgateApi.Account.withRandomPassword("cluster-admin");
        try (ModelgateApi asOperator = ModelgateApi.signIn(loadBalancer, operator)) {
            String workspaceId = asOperator.createWorkspace(WORKSPACE, admin).path("workspace").path("id").asString();
            try (ModelgateApi asAdmin = ModelgateApi.signIn(loadBalancer, admin)) {
                emulator.updateAssumeRolePolicy(tenant.roleArn(), asAdmin.platformIdentity().trustPolicy());
                asOperator.approveRegistration(asAdmin.registerRole(tenant.roleArn()));
                String id = asAdmin.createModel(BenchGateway.draft(tenant, MODEL, Map.of())).get("id").stringValue();
                BenchGateway.test(asAdmin, id);
                List<ClusterAgents.Agent> agents = new ArrayList<>();
                for (int i = 1; i <= options.agents(); i++) {
                    String name = "cluster-agent-" + i;
                    agents.add(new ClusterAgents.Agent(name, asAdmin.createKey(name, "AGENT")));
                }
                ClusterAgents.Agent greedy = new ClusterAgents.Agent(ClusterAgents.GREEDY,
                        asAdmin.createKey(ClusterAgents.GREEDY, "AGENT"));
                Map<String, Integer> upstreams = new LinkedHashMap<>(asOperator.upstreams());
                asAdmin.upstreams().forEach((u, c) -> upstreams.merge(u, c, Integer::sum));
                progress("set up through nginx: workspace %s, model %s READY, %d AGENT keys", WORKSPACE, MODEL,
                        agents.size() + 1);
                return new Setup(workspaceId, agents, greedy, new ClusterReport.Setup(2, upstreams));
            }
        }
    }

    /** The load's timeline, in seconds from its start ({@code stoppedAfter}: from the SIGTERM to the exit). */
    private record LoadResult(double seconds, double stopSent, double stoppedAfter, int stopExit, double started,
                              double ready) {
    }

    /**
     * Runs the agents for {@code --seconds}; at {@code --stop-at} stops instance {@value #STOPPED}, starts it again
     * {@code --down} s after it exited, and goes on until it has been ready for {@code --after-ready} s. Reads each
     * instance's readiness once a second meanwhile.
     */
    private LoadResult load(ClusterInstances instances, ClusterAgents agents, Setup setup, AtomicInteger phase,
                            Map<String, Long> readiness) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        progress("load for %d s: %d agents at %d calls/s, a greedy agent offering %d/s; instance %d stopped at %d s",
                options.seconds(), options.agents(), options.agentRate(), options.keyRate() * options.greedyFactor(),
                STOPPED, options.stopAt());
        Thread load = Thread.ofVirtual().name("cluster-agents").start(() -> agents.run(setup.agents(),
                options.agentRate(), setup.greedy(), options.keyRate() * options.greedyFactor(), running::get));
        Thread probe = Thread.ofVirtual().name("cluster-readiness").start(() -> {
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
                while (running.get()) {
                    instances.readiness(http).forEach((n, status) -> {
                        synchronized (readiness) {
                            readiness.merge(n + ": " + status, 1L, Long::sum);
                        }
                    });
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        try {
            sleepUntil(start, options.stopAt());
            phase.set(ClusterReport.DOWN);
            double stopSent = seconds(start);
            progress("%.1f s: stopping instance %d (SIGTERM)", stopSent, STOPPED);
            int exit = instances.stop(STOPPED);
            double stoppedAfter = seconds(start) - stopSent;
            progress("%.1f s: instance %d exited with status %d; starting it again in %d s", seconds(start), STOPPED,
                    exit, options.downSeconds());
            Thread.sleep(Duration.ofSeconds(options.downSeconds()));
            double restarted = seconds(start);
            instances.start(STOPPED);
            instances.awaitHealthy(Duration.ofSeconds(180), STOPPED);
            double ready = seconds(start);
            phase.set(ClusterReport.AFTER);
            progress("%.1f s: instance %d healthy again", ready, STOPPED);
            sleepUntil(start, Math.max(options.seconds(), ready + options.afterReadySeconds()));
            return new LoadResult(seconds(start), stopSent, stoppedAfter, exit, restarted, ready);
        } finally {
            running.set(false);
            load.join(TimeUnit.SECONDS.toMillis(ClusterAgents.REQUEST_TIMEOUT.toSeconds() + 10));
            probe.interrupt();
            probe.join(5_000);
        }
    }

    // ---- cleaning up ----------------------------------------------------------------------------------------------

    /** Runs {@code step} when the run ends, however it ends; steps run in the reverse of their order here. */
    private synchronized void atEnd(Runnable step) {
        cleanup.push(step);
    }

    /** Runs the cleanup steps once (at the end, or from the shutdown hook on Ctrl-C or the time limit). */
    private void cleanUp() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            while (!cleanup.isEmpty()) {
                try {
                    cleanup.pop().run();
                } catch (RuntimeException e) {
                    System.err.println("cluster: a cleanup step failed: " + e.getMessage());
                }
            }
        }
    }

    private static void dropSchema(ClusterDatabase database) {
        try {
            database.dropSchema();
            progress("dropped the schema %s", database.schema());
        } catch (SQLException e) {
            System.err.println("cluster: could not drop the schema " + database.schema() + ": " + e.getMessage());
        }
    }

    private void deleteKeys(String prefix) {
        try (ClusterRedis redis = ClusterRedis.connect(options.redisUrl(), options.redisUrlShown())) {
            progress("deleted %d Redis keys under %s", redis.deleteKeys(prefix), prefix);
        } catch (IOException | RuntimeException e) {
            System.err.println("cluster: could not delete the Redis keys under " + prefix + ": " + e.getMessage());
        }
    }

    // ---- odds and ends --------------------------------------------------------------------------------------------

    private static void sleepUntil(long start, double secondsAfter) throws InterruptedException {
        long wait = start + (long) (secondsAfter * 1e9) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

        private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
