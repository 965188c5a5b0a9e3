package dev.modelgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@link GatewayOverhead}'s results as Markdown: the machine and settings, then two tables. */
final class GatewayReport {

    private GatewayReport() {
    }

    static String markdown(GatewayOptions options, List<GatewayOverhead.Level> levels, double loadBefore,
                           double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Direct SDK InvokeModel vs Modelgate's invoke endpoint\n\n");
        out.append(String.format(Locale.ROOT, "- machine: %d cores (%s), %s %s, %s %s %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch")));
        out.append(String.format(Locale.ROOT, "- 1-minute load average: %.2f before, %.2f after%n", loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "- %d s warm-up of each path at %d callers; then per path and concurrency "
                        + "%d s warm-up and %d s measured (at most %,d calls); closed loop, one virtual thread per caller%n",
                options.initialWarmup().toSeconds(), levels.stream().mapToInt(l -> l.gateway().callers()).max().orElse(0),
                options.warmup().toSeconds(), options.window().toSeconds(), options.maxCalls()));
        out.append("- emulator in the benchmark's JVM, signatures verified, no injected latency; Modelgate a child "
                + "process (H2 file database, rate limits raised to " + String.format(Locale.ROOT, "%,d", BenchGateway.RATE_LIMIT)
                + "/s); the model READY through a passed Test, invoked with an AGENT key (Authorization: Bearer)\n");
        out.append("- CPU per call: user + system time of the benchmark's JVM (callers and emulator), plus Modelgate's "
                + "for the gateway, over the window, per successful call\n\n");

        out.append("| callers | path | calls | calls/s | p50 | p90 | p99 | max | errors | CPU per call, all processes |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (GatewayOverhead.Level level : levels) {
            row(out, level.direct(), level.directCpu());
            row(out, level.gateway(), level.gatewayCpu().plus(level.serverCpu()));
        }

        out.append("\n| callers | added p50 | added p99 | throughput, Modelgate / direct | Modelgate CPU per call "
                + "| calls per Modelgate CPU-second | Modelgate JIT CPU in window |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (GatewayOverhead.Level level : levels) {
            LoadRun.Measurement direct = level.direct();
            LoadRun.Measurement gateway = level.gateway();
            double serverMicrosPerCall = level.serverCpu().toNanos() / 1e3 / Math.max(1, gateway.calls());
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %,.0f µs | %,.0f | %s |%n", gateway.callers(),
                    signedMs(gateway.latency(0.50) - direct.latency(0.50)),
                    signedMs(gateway.latency(0.99) - direct.latency(0.99)),
                    gateway.callsPerSecond() / direct.callsPerSecond(), serverMicrosPerCall, 1e6 / serverMicrosPerCall,
                    level.serverJitCpu().map(jit -> String.format(Locale.ROOT, "%.2f s of %.2f s",
                            jit.toMillis() / 1e3, level.serverCpu().toMillis() / 1e3)).orElse("n/a")));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, LoadRun.Measurement m, Duration cpu) {
        out.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,.0f | %s | %s | %s | %s | %d | %s |%n",
                m.callers(), m.label(), m.calls(), m.callsPerSecond(), ms(m.latency(0.50)), ms(m.latency(0.90)),
                ms(m.latency(0.99)), ms(m.latency(1.0)), m.errors(), micros(cpu, m.calls())));
    }

    private static String micros(Duration cpu, long calls) {
        return String.format(Locale.ROOT, "%,.0f µs", cpu.toNanos() / 1e3 / Math.max(1, calls));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.3f ms", nanos / 1e6);
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("CPU model unknown");
        } catch (IOException | RuntimeException e) {
            return "CPU model unknown";
        }
    }
}
