package dev.modelgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link StreamOverhead}'s results as Markdown: the machine and settings, the streams' tables, the held streams. */
final class StreamReport {

    private StreamReport() {
    }

    static String markdown(StreamOptions options, StreamOverhead.Expected expected, List<StreamOverhead.Level> levels,
                           Optional<StreamOverhead.Held> held, double loadBefore, double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Direct SDK InvokeModelWithResponseStream vs Modelgate's streaming invoke endpoint\n\n");
        out.append(String.format(Locale.ROOT, "- machine: %d cores (%s), %s %s, %s %s %s%n",
                Runtime.getRuntime().availableProcessors(), GatewayReport.cpuModel(), System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch")));
        out.append(String.format(Locale.ROOT, "- 1-minute load average: %.2f before, %.2f after%n", loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "- each answer: %d output tokens in %d chunks with text (%d chunk events "
                        + "from Bedrock%s), %,d characters; the emulator waits %d ms before the first chunk and %d ms "
                        + "between two; every answer of every window checked (text, chunks, tokens)%n",
                expected.tokens(), expected.textChunks(), expected.directEvents(),
                options.throughModelgate() ? String.format(Locale.ROOT, ", %d SSE events from Modelgate up to done",
                        expected.gatewayEvents()) : "", expected.text().length(), options.firstChunk().toMillis(),
                options.chunkGap().toMillis()));
        out.append(String.format(Locale.ROOT, "- %d s warm-up of each path at %d callers; then per path and concurrency "
                        + "%d s warm-up and %d s measured (at most %,d streams); closed loop, one virtual thread per caller%n",
                options.initialWarmup().toSeconds(), levels.stream().mapToInt(l -> l.direct().callers()).max().orElse(0),
                options.warmup().toSeconds(), options.window().toSeconds(), options.maxStreams()));
        out.append("- first token: the first chunk with text (direct), the first `delta` event (Modelgate); total: the "
                + "stream complete (direct), the `done` event (Modelgate); both from the call's start\n");
        out.append("- CPU per stream: user + system time of the benchmark's JVM (callers and emulator), plus Modelgate's "
                + "for Modelgate, over the window, per successful stream; allocated: Modelgate's young-generation "
                + "allocation over the window (`jvm.gc.memory.allocated` between two full collections) per stream; "
                + "Modelgate's own first token and total: the `done` event's `timeToFirstTokenMs` and `latencyMs` (whole "
                + "milliseconds, as Modelgate measures them)\n\n");

        out.append("| callers | path | streams | streams/s | first token p50 | p99 | total p50 | p99 | max | errors "
                + "| CPU per stream, all processes | JIT CPU in window, all processes |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StreamOverhead.Level level : levels) {
            row(out, level.direct(), level.directCpu(), level.directJitCpu());
            level.gateway().ifPresent(g -> row(out, g, level.gatewayCpu().plus(level.serverCpu()),
                    level.gatewayJitCpu().flatMap(own -> level.serverJitCpu().map(own::plus))));
        }
        if (levels.stream().anyMatch(l -> l.gateway().isPresent())) {
            out.append("\n| callers | added first token p50 | added p99 | added total p50 | added p99 "
                    + "| Modelgate's own first token p50 / p99 | Modelgate's own total p50 / p99 | Modelgate CPU per stream "
                    + "| Modelgate allocated per stream | Modelgate JIT CPU in window |\n");
            out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (StreamOverhead.Level level : levels) {
                if (level.gateway().isEmpty()) {
                    continue;
                }
                StreamLoad.Measurement direct = level.direct();
                StreamLoad.Measurement gateway = level.gateway().get();
                long streams = Math.max(1, gateway.streams());
                out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %,.0f µs | %s | %s |%n",
                        gateway.callers(),
                        signedMs(gateway.firstToken(0.50) - direct.firstToken(0.50)),
                        signedMs(gateway.firstToken(0.99) - direct.firstToken(0.99)),
                        signedMs(gateway.total(0.50) - direct.total(0.50)),
                        signedMs(gateway.total(0.99) - direct.total(0.99)),
                        ownMs(gateway.serverFirstToken(0.50), gateway.serverFirstToken(0.99)),
                        ownMs(gateway.serverTotal(0.50), gateway.serverTotal(0.99)),
                        level.serverCpu().toNanos() / 1e3 / streams,
                        level.serverAllocated().map(b -> String.format(Locale.ROOT, "%,.0f KiB", b / 1024.0 / streams))
                                .orElse("n/a"),
                        level.serverJitCpu().map(jit -> String.format(Locale.ROOT, "%.2f s of %.2f s",
                                jit.toMillis() / 1e3, level.serverCpu().toMillis() / 1e3)).orElse("n/a")));
            }
        }
        held.ifPresent(h -> held(out, h));
        return out.toString();
    }

    private static void held(StringBuilder out, StreamOverhead.Held h) {
        out.append(String.format(Locale.ROOT, "%n### %d streams held open through Modelgate%n%n", h.streams()));
        out.append(String.format(Locale.ROOT, "Each past its first delta, the emulator sending a chunk every %d ms; "
                + "%d of %d still open after the readings. Heap: `jvm.memory.used{area=heap}` right after `jcmd GC.run`, "
                + "the lowest of %d readings.%n%n", StreamOverhead.HELD_CHUNK_GAP.toMillis(), h.stillOpen(), h.streams(),
                JvmReading.READINGS));
        out.append("| server | without streams | with them | per open stream |\n|---|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| heap after a full GC | %s | %s | %s |%n", mib(h.before().heapBytes()),
                mib(h.during().heapBytes()), kib((h.during().heapBytes() - h.before().heapBytes()) / (double) h.streams())));
        out.append(String.format(Locale.ROOT, "| resident set (VmRSS) | %s | %s | %s |%n", mib(h.rssBefore()),
                mib(h.rssDuring()), kib((h.rssDuring() - h.rssBefore()) / (double) h.streams())));
        out.append(String.format(Locale.ROOT, "| live platform threads | %d | %d | %.2f |%n", h.before().liveThreads(),
                h.during().liveThreads(), (h.during().liveThreads() - h.before().liveThreads()) / (double) h.streams()));
        out.append("\nThe classes whose live bytes grew most (`jcmd GC.class_histogram`), per open stream:\n\n");
        out.append("| class | bytes per open stream |\n|---|---:|\n");
        for (Map.Entry<String, Long> grown : h.during().grownSince(h.before(), 12)) {
            out.append(String.format(Locale.ROOT, "| `%s` | %,.0f |%n", grown.getKey(),
                    grown.getValue() / (double) h.streams()));
        }
        if (h.streamMeters().isEmpty()) {
            out.append("\nThe server has no `modelgate.stream.*` meter.\n");
        } else {
            out.append("\nModelgate's stream meters while the streams were open:\n\n");
            h.streamMeters().forEach((name, value) -> out.append("- `").append(name).append("`: ").append(value)
                    .append('\n'));
        }
    }

    private static void row(StringBuilder out, StreamLoad.Measurement m, Duration cpu, Optional<Duration> jit) {
        out.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,.1f | %s | %s | %s | %s | %s | %d | %,.0f µs | %s |%n",
                m.callers(), m.label(), m.streams(), m.streamsPerSecond(), ms(m.firstToken(0.50)),
                ms(m.firstToken(0.99)), ms(m.total(0.50)), ms(m.total(0.99)), ms(m.total(1.0)), m.errors(),
                cpu.toNanos() / 1e3 / Math.max(1, m.streams()), jit.map(j -> String.format(Locale.ROOT,
                        "%.2f s of %.2f s", j.toMillis() / 1e3, cpu.toMillis() / 1e3)).orElse("n/a")));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String ownMs(OptionalLong p50, OptionalLong p99) {
        return p50.isPresent() && p99.isPresent() ? String.format(Locale.ROOT, "%.0f / %.0f ms",
                p50.getAsLong() / 1e6, p99.getAsLong() / 1e6) : "n/a";
    }

    private static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.2f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String kib(double bytes) {
        return String.format(Locale.ROOT, "%+,.1f KiB", bytes / 1024);
    }
}
