package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fault soak: concurrent agents invoke a model through Modelgate for a few minutes while the emulator throttles,
 * fails, slows down past the model's timeout, truncates bodies and takes STS down and up again
 * ({@link FaultSchedule}); afterwards it checks that every call got a documented answer ({@link InvokeAnswers}),
 * that every call left exactly one usage record (the agents' own counts against {@code GET /api/v1/usage} and the
 * server's {@code modelgate.invocations} timer by outcome), that Modelgate serves again once the faults are lifted,
 * and that the server's heap after a full collection and its live threads are back to their baseline.
 *
 * <pre>./modelgate bench soak [--seconds 180] [--agents 16] [--max-calls 200000] [--seed 11]</pre>
 *
 * Loopback only, bounded in time and in calls; it stops by itself. The server and its setup are
 * {@link BenchGateway}'s, with tenant sessions of 15 minutes (the shortest Modelgate allows) and a model whose total
 * timeout is {@value #TOTAL_TIMEOUT_MILLIS} ms. Prints a Markdown report on standard output (progress on standard
 * error) and exits with status 1 when a check fails, 2 for a bad option.
 */
public final class FaultSoak {

    static final String MODEL_NAME = "soak-haiku";
    /** The soaked model's total timeout, retries included: the schedule's slowest answers run past it. */
    static final int TOTAL_TIMEOUT_MILLIS = 2_000;
    /** Successive calls that must succeed once the faults are lifted. */
    static final int RECOVERY_CALLS = 10;
    /** How much more heap, after a full collection, the server may hold after the soak than before it. */
    static final long HEAP_SLACK_BYTES = 32L << 20;
    /** How many more live platform threads the server may have after the soak than before it. */
    static final long THREAD_SLACK = 8;

    private FaultSoak() {
    }

    /** One check: what it compares, whether it held, and the figures. */
    record Check(String name, boolean passed, String detail) {
    }

    /**
     * The server's log, for the report: its ERROR and WARN lines, counted, and the first few of each. Not a check:
     * what is logged at which level is the server's choice; an ERROR here is worth a look.
     */
    record ServerLog(long errors, long warnings, List<String> firstLines) {

        static ServerLog read(Path log) throws IOException {
            List<String> lines = Files.readAllLines(log);
            List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
            List<String> warnings = lines.stream().filter(l -> l.contains(" WARN ")).toList();
            List<String> first = new ArrayList<>(errors.subList(0, Math.min(3, errors.size())));
            first.addAll(warnings.subList(0, Math.min(3, warnings.size())));
            return new ServerLog(errors.size(), warnings.size(), first);
        }
    }

    /** Calls made in each part of the run. */
    record Calls(long warmup, long soak, long recovery, Duration soakTime) {
    }

    /** What the run saw, for {@link SoakReport}. */
    record Result(SoakOptions options, Calls calls, FaultSchedule.Injected injected, Map<String, Long> answers,
                  Map<String, Long> expectedOutcomes, Map<String, Long> serverOutcomes, JsonNode invokeUsage,
                  JsonNode testUsage, long agentInputTokens, long agentOutputTokens, JvmReading before,
                  JvmReading after, List<String> examples, List<Check> checks, ServerLog log, double loadBefore,
                  double loadAfter) {

        boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("modelgate-soak-");
        Result result;
        try {
            result = run(options, work);
        } catch (Exception | Error e) {
            System.err.println("FaultSoak failed; the server's log and database stay in " + work);
            throw e;
        }
        System.out.print(SoakReport.markdown(result));
        if (!result.passed()) {
            System.err.println("soak: a check failed; the server's log and database stay in " + work);
            System.exit(1);
        }
        GatewayOverhead.deleteTree(work);
    }

    private static Result run(SoakOptions options, Path work) throws IOException, InterruptedException {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant from = Instant.now().minusSeconds(1);
        try (BenchGateway bench = BenchGateway.start(options.serverJar(), work, List.of(),
                List.of("--modelgate.sessions.duration=PT15M"), FaultSoak::progress)) {
            BenchGateway.Setup setup = bench.setUp(bench.draft(MODEL_NAME,
                    Map.of("connectMillis", 1_000, "totalMillis", TOTAL_TIMEOUT_MILLIS)), FaultSoak::progress);
            try (SoakAgents agents = new SoakAgents(bench.server().baseUri(), setup.agentKey(), MODEL_NAME);
                 ModelgateApi asOperator = bench.signInAsOperator()) {
                progress("warming up: " + options.agents() + " agents, no faults (" + options.warmup().toSeconds() + " s)");
                agents.run(options.agents(), options.warmup(), options.maxCalls());
                long warmupCalls = agents.calls();
                JvmReading before = settleAndRead(options, bench, asOperator);

                progress("soaking: " + options.agents() + " agents under faults (" + options.soak().toSeconds() + " s)");
                long soakStarted = System.nanoTime();
                FaultSchedule.Injected injected;
                try (FaultSchedule schedule = FaultSchedule.start(bench.emulator(), options.seed())) {
                    agents.run(options.agents(), options.soak(), options.maxCalls());
                    injected = schedule.stop();
                }
                Duration soakTime = Duration.ofNanos(System.nanoTime() - soakStarted);
                long soakCalls = agents.calls() - warmupCalls;

                progress("faults lifted; " + RECOVERY_CALLS + " calls one after another must succeed");
                int recovered = 0;
                for (int i = 0; i < RECOVERY_CALLS; i++) {
                    recovered += agents.call() ? 1 : 0;
                }
                JvmReading after = settleAndRead(options, bench, asOperator);

                Instant to = Instant.now().plusSeconds(1);
                JsonNode invokeUsage;
                JsonNode testUsage;
                try (ModelgateApi asAdmin = bench.signInAsAdmin()) {
                    invokeUsage = asAdmin.usage(from, to, "INVOKE");
                    testUsage = asAdmin.usage(from, to, "TEST");
                }
                Map<String, Long> serverOutcomes = invocationsByOutcome(asOperator);
                List<Check> checks = check(agents, invokeUsage, testUsage, serverOutcomes, usageLeftBehind(asOperator),
                        recovered, before, after);
                return new Result(options, new Calls(warmupCalls, soakCalls, RECOVERY_CALLS, soakTime), injected,
                        agents.answers(), agents.expectedOutcomes(), serverOutcomes, invokeUsage, testUsage,
                        agents.inputTokens(), agents.outputTokens(), before, after, agents.examples(), checks,
                        ServerLog.read(bench.server().log()), loadBefore, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }

    private static JvmReading settleAndRead(SoakOptions options, BenchGateway bench, ModelgateApi asOperator)
            throws IOException, InterruptedException {
        progress("settling (" + options.settle().toSeconds() + " s), then reading heap after GC and threads");
        Thread.sleep(options.settle());
        JvmReading reading = JvmReading.take(bench.server(), asOperator);
        progress(String.format("  heap %.1f MiB, %d live threads", reading.heapBytes() / 1048576.0,
                reading.liveThreads()));
        return reading;
    }

    private static List<Check> check(SoakAgents agents, JsonNode invokeUsage, JsonNode testUsage,
                                     Map<String, Long> serverOutcomes, long usageLeftBehind, int recovered,
                                     JvmReading before, JvmReading after) {
        Map<String, Long> expected = agents.expectedOutcomes();
        long metered = expected.values().stream().mapToLong(Long::longValue).sum();
        long succeeded = expected.getOrDefault("OK", 0L);
        JsonNode totals = invokeUsage.path("totals");
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("every call answered", agents.noAnswer() == 0,
                agents.noAnswer() + " of " + agents.calls() + " calls got no answer"));
        checks.add(new Check("every answer documented", agents.undocumented() == 0,
                agents.undocumented() + " of " + agents.calls() + " answers are not in the documented set"));
        checks.add(new Check("one INVOKE usage record per metered call",
                totals.path("calls").asLong() == metered && totals.path("succeeded").asLong() == succeeded
                        && totals.path("failed").asLong() == metered - succeeded,
                String.format("agents: %d calls metered, %d succeeded, %d failed (and %d refused before metering); "
                                + "GET /api/v1/usage?kind=INVOKE: %d, %d, %d", metered, succeeded, metered - succeeded,
                        agents.unmetered(), totals.path("calls").asLong(), totals.path("succeeded").asLong(),
                        totals.path("failed").asLong())));
        checks.add(new Check("tokens of the successful calls",
                totals.path("inputTokens").asLong() == agents.inputTokens()
                        && totals.path("outputTokens").asLong() == agents.outputTokens(),
                String.format("agents: %d in, %d out; usage: %d in, %d out", agents.inputTokens(), agents.outputTokens(),
                        totals.path("inputTokens").asLong(), totals.path("outputTokens").asLong())));
        checks.add(new Check("one TEST usage record (the setup's Test)", testUsage.path("totals").path("calls").asLong() == 1,
                "GET /api/v1/usage?kind=TEST: " + testUsage.path("totals").path("calls").asLong() + " calls"));
        checks.add(new Check("outcomes as answered", serverOutcomes.equals(expected),
                "agents' answers by usage outcome vs the server's modelgate.invocations timer: "
                        + differences(expected, serverOutcomes)));
        checks.add(new Check("no usage record dropped or waiting", usageLeftBehind == 0,
                "modelgate.usage.dropped + modelgate.usage.buffered = " + usageLeftBehind));
        checks.add(new Check("serves again once the faults are lifted", recovered == RECOVERY_CALLS,
                recovered + " of " + RECOVERY_CALLS + " successive calls succeeded"));
        checks.add(new Check("heap back to its baseline", after.heapBytes() <= before.heapBytes() + HEAP_SLACK_BYTES,
                String.format("after a full GC: %.1f MiB before, %.1f MiB after (at most %d MiB more allowed)",
                        before.heapBytes() / 1048576.0, after.heapBytes() / 1048576.0, HEAP_SLACK_BYTES >> 20)));
        checks.add(new Check("threads back to their baseline", after.liveThreads() <= before.liveThreads() + THREAD_SLACK,
                String.format("live platform threads: %d before, %d after (at most %d more allowed)",
                        before.liveThreads(), after.liveThreads(), THREAD_SLACK)));
        return checks;
    }

    private static String differences(Map<String, Long> expected, Map<String, Long> actual) {
        Map<String, String> diff = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                diff.put(k, v + " answered, " + actual.getOrDefault(k, 0L) + " recorded");
            }
        });
        actual.forEach((k, v) -> {
            if (!expected.containsKey(k)) {
                diff.put(k, "0 answered, " + v + " recorded");
            }
        });
        return diff.isEmpty() ? "equal for all " + expected.size() + " outcomes" : diff.toString();
    }

    /** The server's {@code modelgate.invocations} timer: calls per {@code outcome} tag. */
    private static Map<String, Long> invocationsByOutcome(ModelgateApi asOperator) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        Optional<JsonNode> timer = asOperator.metric("modelgate.invocations");
        if (timer.isEmpty()) {
            return counts;
        }
        for (JsonNode tag : timer.get().path("availableTags")) {
            if (tag.path("tag").asString().equals("outcome")) {
                for (JsonNode outcome : tag.path("values")) {
                    String name = outcome.asString();
                    counts.put(name, count(asOperator.metric("modelgate.invocations", "outcome:" + name), "COUNT"));
                }
            }
        }
        return counts;
    }

    /** Usage records the server dropped or still holds in memory for the database. */
    private static long usageLeftBehind(ModelgateApi asOperator) throws IOException, InterruptedException {
        return count(asOperator.metric("modelgate.usage.dropped"), "COUNT")
                + count(asOperator.metric("modelgate.usage.buffered"), "VALUE");
    }

    private static long count(Optional<JsonNode> metric, String statistic) {
        if (metric.isEmpty()) {
            return 0;
        }
        for (JsonNode measurement : metric.get().path("measurements")) {
            if (measurement.path("statistic").asString().equals(statistic)) {
                return Math.round(measurement.path("value").asDouble());
            }
        }
        return 0;
    }

    static void progress(String line) {
        System.err.println("soak: " + line);
    }
}
