package dev.modelgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link ClusterRun} prints at the end, and its checks: no usage record lost (for every key, the records with
 * outcome {@code OK} equal its 200 answers), the daily usage rollups equal to the records written by three instances
 * at once, the greedy key's limit held across the instances (what it got through,
 * by its answers and by its usage records, is at most the burst plus the rate over the time from its first call to its
 * last answer, within which every token it got was taken, plus one for rounding), and the restarted instance serving
 * again.
 */
final class ClusterReport {

    /** Phases of the load: before the stop, from the stop until the restarted instance is ready, after. */
    static final int BEFORE = 0;
    static final int DOWN = 1;
    static final int AFTER = 2;
    /** What an instance logs when it gives up on Redis and counts the limits on its own ({@code RedisBuckets}). */
    static final String REDIS_FALLBACK = "Redis did not answer (";

    /**
     * When things happened, in seconds: {@code stopSent}, {@code started} and {@code ready} from the load's start;
     * {@code stoppedAfter} from the SIGTERM to the exit.
     */
    record Timeline(double startupSeconds, double setupSeconds, double loadSeconds, double stopSent,
                    double stoppedAfter, int stopExit, double started, double ready, double finalStopSeconds,
                    Map<Integer, Integer> finalExits, double totalSeconds) {
    }

    /** The console requests of the setup, by the upstream that answered them. */
    record Setup(int sessions, Map<String, Integer> upstreams) {
    }

    private final ClusterOptions options;
    private final String nginxVersion;
    private final List<Integer> ports;
    private final int stopped;
    private final Timeline timeline;
    private final Setup setup;
    private final ClusterAgents agents;
    private final List<String> keyNames;
    private final Map<String, Long> readiness;
    private final Map<Integer, List<String>> fallbacks;
    private final Map<String, Map<String, Long>> records;
    private final ClusterDatabase.Rollups rollups;
    private final double[] loadAverage;
    private final List<String> failures = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    /**
     * @param stopped   the instance (1-based) stopped and started again
     * @param keyNames  every agent's key name, the greedy one last
     * @param readiness readiness readings, by {@code "<instance> <status> redis <status>"}
     * @param fallbacks each instance's log lines saying it gave up on Redis ({@link #REDIS_FALLBACK})
     * @param records   the workspace's {@code INVOKE} usage records by caller name and outcome
     */
    ClusterReport(ClusterOptions options, String nginxVersion, List<Integer> ports, int stopped, Timeline timeline,
                  Setup setup, ClusterAgents agents, List<String> keyNames, Map<String, Long> readiness,
                  Map<Integer, List<String>> fallbacks, Map<String, Map<String, Long>> records,
                  ClusterDatabase.Rollups rollups, double[] loadAverage) {
        this.options = options;
        this.nginxVersion = nginxVersion;
        this.ports = ports;
        this.stopped = stopped;
        this.timeline = timeline;
        this.setup = setup;
        this.agents = agents;
        this.keyNames = keyNames;
        this.readiness = readiness;
        this.rollups = rollups;
        this.fallbacks = fallbacks;
        this.records = records;
        this.loadAverage = loadAverage;
        write();
    }

    String text() {
        return out.toString();
    }

    /** Each failed check, in words; empty when the run passed. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void write() {
        line("Modelgate cluster run: %d instances behind %s, on PostgreSQL and Redis", ports.size(), nginxVersion);
        line("  instances  127.0.0.1:%s; %s", String.join(", ", ports.stream().map(String::valueOf).toList()),
                String.join(" ", ClusterInstances.JVM));
        line("  limits     per key %d/s, burst %d; per workspace %,d/s", options.keyRate(), options.keyBurst(),
                ClusterInstances.WORKSPACE_RATE);
        line("  machine    %d cores; load average %.1f at the start, %.1f at the end",
                Runtime.getRuntime().availableProcessors(), loadAverage[0], loadAverage[1]);
        line("");
        writeTimeline();
        line("");
        writeAnswers();
        line("");
        writeInstances();
        line("");
        writeRecords();
        line("");
        writeGreedy();
        line("");
        writeReadiness();
        line("");
        if (failures.isEmpty()) {
            line("result: PASS (no usage record lost, the rollups equal the records, the limit held across the "
                    + "instances, instance %d served again "
                    + "after its restart)", stopped);
        } else {
            line("result: FAIL");
            failures.forEach(f -> line("  - %s", f));
        }
    }

    private void writeTimeline() {
        Timeline t = timeline;
        line("timeline (seconds from the load's start)");
        line("  %6.1f  load starts: %d agents at %d calls/s each, 1 greedy agent offering %d/s", 0.0,
                options.agents(), options.agentRate(), options.keyRate() * options.greedyFactor());
        line("  %6.1f  instance %d sent SIGTERM; it exited %.1f s later (status %d)", t.stopSent(), stopped,
                t.stoppedAfter(), t.stopExit());
        line("  %6.1f  instance %d started again on the same port", t.started(), stopped);
        line("  %6.1f  instance %d healthy again (%.1f s after its start)", t.ready(), stopped, t.ready() - t.started());
        line("  %6.1f  load ends", t.loadSeconds());
        line("  instances up %.1f s, setup %.1f s, load %.1f s, graceful stop of all %.1f s (exit statuses %s); "
                        + "whole run %.1f s", t.startupSeconds(), t.setupSeconds(), t.loadSeconds(),
                t.finalStopSeconds(), t.finalExits().values(), t.totalSeconds());
        line("  setup through the load balancer: %d console sessions, %d requests, answered by %s",
                setup.sessions(), setup.upstreams().values().stream().mapToInt(Integer::intValue).sum(),
                answeredBy(setup.upstreams()));
    }

    private void writeAnswers() {
        long calls = agents.calls();
        Map<String, Long> answers = agents.answers();
        long noAnswer = answers.entrySet().stream().filter(e -> e.getKey().startsWith("no answer"))
                .mapToLong(Map.Entry::getValue).sum();
        String greedy = keyNames.getLast();
        long greedyCalls = agents.answersOf(greedy).values().stream().mapToLong(Long::longValue).sum();
        long paced200 = keyNames.subList(0, keyNames.size() - 1).stream()
                .mapToLong(k -> agents.answersOf(k).getOrDefault("200", 0L)).sum();
        line("calls %,d (answered %,d, without an answer %,d): the %d paced agents' %,d (%,d answered 200), "
                        + "the greedy agent's %,d", calls, calls - noAnswer, noAnswer, keyNames.size() - 1,
                calls - greedyCalls, paced200, greedyCalls);
        answers.forEach((label, count) -> line("  %-52s %,9d", label, count));
        agents.latencyMillis().ifPresent(l -> line("  latency of the 200 answers: p50 %.1f ms, p99 %.1f ms, max %.0f ms",
                l[0], l[1], l[2]));
        line("  Retry-After waited by the paced agents: %,d times", agents.waitedRetryAfter());
        agents.examples().forEach(e -> line("  example: %s", e));
    }

    private void writeInstances() {
        line("answers by instance   %18s %22s %18s", "before the stop", "stop to ready again",
                "after that");
        for (int n = 0; n <= ports.size(); n++) {
            long before = agents.answersFrom(n, BEFORE);
            long down = agents.answersFrom(n, DOWN);
            long after = agents.answersFrom(n, AFTER);
            if (n == 0 && before + down + after == 0) {
                continue;
            }
            line("  %-19s %,18d %,22d %,18d", n == 0 ? "none named" : "instance " + n, before, down, after);
        }
        if (agents.answersFrom(stopped, AFTER) == 0) {
            failures.add("instance " + stopped + " served no call after it was ready again");
        }
    }

    private void writeRecords() {
        long ok = 0;
        long twoHundreds = 0;
        long all = 0;
        long metered = 0;
        List<String> mismatched = new ArrayList<>();
        for (String key : keyNames) {
            Map<String, Long> byOutcome = recordsOf(key);
            long keyOk = byOutcome.getOrDefault("OK", 0L);
            long key200 = agents.answersOf(key).getOrDefault("200", 0L);
            ok += keyOk;
            twoHundreds += key200;
            all += byOutcome.values().stream().mapToLong(Long::longValue).sum();
            metered += agents.meteredAnswersOf(key);
            if (keyOk != key200) {
                mismatched.add(String.format(Locale.ROOT, "%s: %,d OK records for %,d answers 200", key, keyOk, key200));
            }
        }
        long others = records.entrySet().stream().filter(e -> keyNames.stream().noneMatch(k -> isKey(e.getKey(), k)))
                .mapToLong(e -> e.getValue().values().stream().mapToLong(Long::longValue).sum()).sum();
        line("usage records in PostgreSQL (INVOKE, the run's workspace), counted after every instance stopped");
        line("  records with outcome OK / answers 200         %,9d / %,d%s", ok, twoHundreds,
                ok == twoHundreds ? " (equal for each of the " + keyNames.size() + " keys)" : "");
        line("  every record / answers that leave a record    %,9d / %,d", all, metered);
        if (others > 0) {
            line("  records of other callers                      %,9d", others);
        }
        mismatched.forEach(m -> line("  %s", m));
        line("  daily rollups / records, every kind           %,9d calls in %,d rows, %,d rows differing", rollups.calls(),
                rollups.rows(), rollups.mismatched());
        if (rollups.mismatched() > 0) {
            failures.add(String.format(Locale.ROOT, "%,d daily usage rollup rows differ from the records they count",
                    rollups.mismatched()));
        }
        if (ok < twoHundreds) {
            failures.add(String.format(Locale.ROOT, "%,d usage records lost: %,d calls answered 200, %,d OK records",
                    twoHundreds - ok, twoHundreds, ok));
        } else if (ok > twoHundreds) {
            failures.add(String.format(Locale.ROOT, "%,d OK records more than answers 200: calls Modelgate completed "
                    + "whose answer did not reach the agent as a 200", ok - twoHundreds));
        }
    }

    private void writeGreedy() {
        String greedy = keyNames.getLast();
        Map<String, Long> answers = agents.answersOf(greedy);
        long limited = answers.getOrDefault("429 rate-limited", 0L);
        long fromModelgate = answers.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("no answer") && !e.getKey().contains("not problem+json"))
                .mapToLong(Map.Entry::getValue).sum();
        long accepted = fromModelgate - limited;
        long recorded = recordsOf(greedy).values().stream().mapToLong(Long::longValue).sum();
        double seconds = agents.greedySeconds();
        long bound = (long) Math.floor(options.keyBurst() + options.keyRate() * seconds) + 1;
        line("the greedy key %s (limit %d/s, burst %d)", greedy, options.keyRate(), options.keyBurst());
        line("  offered     %,9d calls; %.1f s from its first call to its last answer (%d× the limit; %,d not "
                        + "sent with %d in flight)",
                agents.greedyOffered(), seconds, options.greedyFactor(), agents.greedySkipped(),
                ClusterAgents.GREEDY_IN_FLIGHT);
        line("  let through %,9d (answers other than 429 rate-limited); usage records of the key %,d", accepted,
                recorded);
        line("  bound       %,9d (burst %d + %d/s × %.1f s + 1)", bound, options.keyBurst(), options.keyRate(),
                seconds);
        if (Math.max(accepted, recorded) > bound) {
            long gaveUp = fallbacks.values().stream().mapToLong(List::size).sum();
            failures.add(String.format(Locale.ROOT, "the limit was exceeded: the greedy key got %,d calls through "
                    + "(%,d usage records), more than its bound of %,d%s", accepted, recorded, bound, gaveUp == 0 ? ""
                    : String.format(Locale.ROOT, "; the instances gave up on Redis %,d times and counted on their own "
                    + "meanwhile (below)", gaveUp)));
        }
    }

    private void writeReadiness() {
        line("readiness (GET /actuator/health/readiness on each instance, once a second during the load)");
        readiness.forEach((reading, count) -> line("  instance %-40s %,6d", reading, count));
        line("Redis given up on, the limits counted per instance until it answered again (the instances' logs)");
        fallbacks.forEach((n, lines) -> {
            Map<String, Long> why = new TreeMap<>();
            for (String l : lines) {
                String cause = l.substring(l.indexOf(REDIS_FALLBACK) + REDIS_FALLBACK.length());
                int end = cause.indexOf(':');
                why.merge(end < 0 ? cause : cause.substring(0, end), 1L, Long::sum); // the exception's class
            }
            line("  instance %d: %,d times%s", n, lines.size(), why.isEmpty() ? "" : " " + why);
        });
    }

    private Map<String, Long> recordsOf(String keyName) {
        Map<String, Long> sum = new TreeMap<>();
        records.forEach((caller, byOutcome) -> {
            if (isKey(caller, keyName)) {
                byOutcome.forEach((outcome, count) -> sum.merge(outcome, count, Long::sum));
            }
        });
        return sum;
    }

    /** Whether a usage record's caller name ({@code "mgk_ab12cd34 (name)"}) is the key named {@code keyName}. */
    private static boolean isKey(String callerName, String keyName) {
        return callerName.endsWith(" (" + keyName + ")");
    }

    private String answeredBy(Map<String, Integer> upstreams) {
        Map<Integer, Integer> byInstance = new TreeMap<>();
        upstreams.forEach((upstream, count) -> {
            String last = upstream.substring(upstream.lastIndexOf(',') + 1).strip();
            int port = Integer.parseInt(last.substring(last.lastIndexOf(':') + 1));
            byInstance.merge(ports.indexOf(port) + 1, count, Integer::sum);
        });
        List<String> parts = new ArrayList<>();
        byInstance.forEach((n, count) -> parts.add("instance " + n + " (" + count + ")"));
        return parts.isEmpty() ? "no instance named" : String.join(", ", parts);
    }

    private void line(String format, Object... arguments) {
        out.append(String.format(Locale.ROOT, format, arguments)).append('\n');
    }
}
