package dev.modelgate.bench;

import dev.modelgate.emulator.faults.FaultKind;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@link FaultSoak}'s result as Markdown: the run, then one table per figure, then the checks. */
final class SoakReport {

    private static final double MIB = 1024 * 1024;

    private SoakReport() {
    }

    static String markdown(FaultSoak.Result r) {
        StringBuilder out = new StringBuilder();
        SoakOptions o = r.options();
        FaultSoak.Calls calls = r.calls();
        out.append("## Fault soak\n\n");
        line(out, "- machine: %d cores (%s), %s %s; 1-minute load average %.2f before, %.2f after",
                Runtime.getRuntime().availableProcessors(), GatewayReport.cpuModel(),
                System.getProperty("java.vm.name"), Runtime.version(), r.loadBefore(), r.loadAfter());
        line(out, "- %d agents, closed loop; %d s warm-up without faults (%,d calls), %.0f s under faults (%,d calls, "
                        + "%.0f calls/s), then %d calls after the faults were lifted; seed %d, at most %,d calls",
                o.agents(), o.warmup().toSeconds(), calls.warmup(), calls.soakTime().toMillis() / 1e3, calls.soak(),
                calls.soak() / Math.max(0.001, calls.soakTime().toMillis() / 1e3), calls.recovery(), o.seed(),
                o.maxCalls());
        line(out, "- model: Claude 3 Haiku at the emulator, total timeout %d ms (3 attempts within it); tenant "
                + "sessions of 15 min; memory and threads read %d s after the load stopped", FaultSoak.TOTAL_TIMEOUT_MILLIS,
                o.settle().toSeconds());
        out.append('\n');

        FaultSchedule.Injected injected = r.injected();
        out.append("| fault injected | times |\n|---|---:|\n");
        for (FaultKind kind : FaultKind.values()) {
            long n = injected.faults().getOrDefault(kind, 0L);
            if (n != 0) {
                line(out, "| Bedrock answered %s (%s) | %,d |", kind, kind.status(), n);
            }
        }
        line(out, "| windows of 100–800 ms latency | %d |", injected.slowWindows());
        line(out, "| windows of 1.5–3.5 s latency (total timeout %d ms) | %d |", FaultSoak.TOTAL_TIMEOUT_MILLIS,
                injected.timeoutWindows());
        line(out, "| STS outages, clock moved %d h on as each began (sessions expire) | %d (%.0f s down in all) |",
                FaultSchedule.CLOCK_STEP.toHours(), injected.stsOutages(), injected.stsDownTime().toMillis() / 1e3);
        out.append('\n');

        long all = r.answers().values().stream().mapToLong(Long::longValue).sum();
        out.append("| answer (status, code) | calls | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> answer : r.answers().entrySet()) {
            line(out, "| %s | %,d | %.1f %% |", answer.getKey(), answer.getValue(), 100.0 * answer.getValue() / all);
        }
        line(out, "| **all** | **%,d** | |", all);
        out.append('\n');

        out.append("| usage records | agents counted | `GET /api/v1/usage` |\n|---|---:|---:|\n");
        JsonNode invoke = r.invokeUsage().path("totals");
        long metered = r.expectedOutcomes().values().stream().mapToLong(Long::longValue).sum();
        long ok = r.expectedOutcomes().getOrDefault("OK", 0L);
        line(out, "| INVOKE calls | %,d | %,d |", metered, invoke.path("calls").asLong());
        line(out, "| INVOKE succeeded | %,d | %,d |", ok, invoke.path("succeeded").asLong());
        line(out, "| INVOKE failed | %,d | %,d |", metered - ok, invoke.path("failed").asLong());
        line(out, "| input tokens | %,d | %,d |", r.agentInputTokens(), invoke.path("inputTokens").asLong());
        line(out, "| output tokens | %,d | %,d |", r.agentOutputTokens(), invoke.path("outputTokens").asLong());
        line(out, "| TEST calls | 1 | %,d |", r.testUsage().path("totals").path("calls").asLong());
        out.append('\n');

        out.append("| usage outcome | answered | server's `modelgate.invocations` |\n|---|---:|---:|\n");
        TreeSet<String> outcomes = new TreeSet<>(r.expectedOutcomes().keySet());
        outcomes.addAll(r.serverOutcomes().keySet());
        for (String outcome : outcomes) {
            line(out, "| %s | %,d | %,d |", outcome, r.expectedOutcomes().getOrDefault(outcome, 0L),
                    r.serverOutcomes().getOrDefault(outcome, 0L));
        }
        out.append('\n');

        out.append("| server JVM | before | after |\n|---|---:|---:|\n");
        line(out, "| heap after full GC | %.1f MiB | %.1f MiB |", r.before().heapBytes() / MIB, r.after().heapBytes() / MIB);
        line(out, "| live platform threads (daemon) | %d (%d) | %d (%d) |", r.before().liveThreads(),
                r.before().daemonThreads(), r.after().liveThreads(), r.after().daemonThreads());
        out.append('\n');

        List<String> newThreads = r.after().threadsSince(r.before());
        line(out, "Platform threads alive after that were not before: %s", newThreads.isEmpty() ? "none."
                : newThreads.stream().map(t -> "`" + t + "`").collect(Collectors.joining(", ")));
        out.append('\n');

        out.append("| class (live bytes grew most) | before | after |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> grown : r.after().grownSince(r.before(), 8)) {
            long before = r.before().bytesByClass().getOrDefault(grown.getKey(), 0L);
            line(out, "| `%s` | %,d | %,d |", grown.getKey(), before, before + grown.getValue());
        }
        out.append('\n');

        line(out, "Server log: %,d ERROR lines, %,d WARN lines%s", r.log().errors(), r.log().warnings(),
                r.log().firstLines().isEmpty() ? "." : "; the first:");
        r.log().firstLines().forEach(l -> out.append("- `").append(l.replace('`', '\'')).append("`\n"));
        out.append('\n');

        out.append("| check | result | figures |\n|---|---|---|\n");
        for (FaultSoak.Check check : r.checks()) {
            line(out, "| %s | %s | %s |", check.name(), check.passed() ? "pass" : "**FAIL**", check.detail());
        }
        if (!r.examples().isEmpty()) {
            out.append("\nFirst undocumented answers or failed calls:\n\n");
            r.examples().forEach(e -> out.append("- `").append(e.replace('`', '\'').replace('\n', ' ')).append("`\n"));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
