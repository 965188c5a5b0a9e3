package dev.modelgate.bench;

import dev.modelgate.bench.ChatCompletionsOverhead.Level;
import dev.modelgate.bench.ChatCompletionsOverhead.Window;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link ChatCompletionsOverhead}'s results as Markdown: the machine and settings, then two tables per mode. */
final class ChatCompletionsReport {

    private ChatCompletionsReport() {
    }

    static String markdown(ChatCompletionsOptions options, Map<String, String> answers,
                           List<Level<LoadRun.Measurement>> plain, List<Level<StreamLoad.Measurement>> streams,
                           double loadBefore, double loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Modelgate's invoke endpoint vs its OpenAI-compatible chat completions endpoint\n\n");
        out.append(String.format(Locale.ROOT, "- machine: %d cores (%s), %s %s, %s %s %s%n",
                Runtime.getRuntime().availableProcessors(), GatewayReport.cpuModel(), System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch")));
        out.append(String.format(Locale.ROOT, "- 1-minute load average: %.2f before, %.2f after%n", loadBefore, loadAfter));
        out.append(String.format(Locale.ROOT, "- %d s warm-up of each endpoint and model at %d callers; then per "
                        + "model and concurrency %d rounds, the endpoints' order alternating, of %d s warm-up and %d s "
                        + "measured per endpoint (at most %,d calls a window); an endpoint's windows reported together; "
                        + "closed loop, one virtual thread per caller%n", options.initialWarmup().toSeconds(),
                options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(0), options.rounds(),
                options.warmup().toSeconds(), options.window().toSeconds(), options.maxCalls()));
        answers.forEach((model, text) -> out.append(String.format(Locale.ROOT,
                "- the %s model's answer through both endpoints: \"%s\"%n", model, text)));
        out.append("- Modelgate CPU: the server process's user + system time over the window, per successful call; "
                + "JIT: its compiler threads' share of it\n");
        if (!plain.isEmpty()) {
            out.append("\n### Non-streamed\n\n");
            out.append("| model | callers | endpoint | calls | calls/s | p50 | p90 | p99 | max | errors | Modelgate CPU per call |\n");
            out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Level<LoadRun.Measurement> level : plain) {
                callRow(out, level.model(), level.invoke());
                callRow(out, level.model(), level.chat());
            }
            out.append("\n| model | callers | chat completions − invoke, p50 | p99 | throughput, chat / invoke "
                    + "| Modelgate CPU per call, invoke → chat | JIT CPU in the windows |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Level<LoadRun.Measurement> level : plain) {
                LoadRun.Measurement invoke = level.invoke().measurement();
                LoadRun.Measurement chat = level.chat().measurement();
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %s → %s (%s) | %s |%n",
                        level.model(), level.callers(), signedMs(chat.latency(0.50) - invoke.latency(0.50)),
                        signedMs(chat.latency(0.99) - invoke.latency(0.99)),
                        chat.callsPerSecond() / invoke.callsPerSecond(),
                        micros(perCall(level.invoke().serverCpu(), invoke.calls())),
                        micros(perCall(level.chat().serverCpu(), chat.calls())),
                        signedMicros(perCall(level.chat().serverCpu(), chat.calls())
                                - perCall(level.invoke().serverCpu(), invoke.calls())),
                        jit(level.invoke(), level.chat())));
            }
        }
        if (!streams.isEmpty()) {
            out.append("\n### Streamed\n\n");
            out.append("First token: the first `delta` event with text (invoke), the first chunk with "
                    + "`choices[0].delta.content` (chat completions, `stream_options.include_usage` on); total: the "
                    + "`done` event (invoke), `data: [DONE]` (chat completions); both from the call's start. Every "
                    + "streamed answer is checked to carry the non-streamed answer's text.\n\n");
            out.append("| model | callers | endpoint | streams | streams/s | first token p50 | p99 | total p50 | p99 "
                    + "| max | errors | Modelgate CPU per stream |\n");
            out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Level<StreamLoad.Measurement> level : streams) {
                streamRow(out, level.model(), level.invoke());
                streamRow(out, level.model(), level.chat());
            }
            out.append("\n| model | callers | chat − invoke, first token p50 | p99 | total p50 | p99 "
                    + "| throughput, chat / invoke | Modelgate CPU per stream, invoke → chat | JIT CPU in the windows |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Level<StreamLoad.Measurement> level : streams) {
                StreamLoad.Measurement invoke = level.invoke().measurement();
                StreamLoad.Measurement chat = level.chat().measurement();
                out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.2f | %s → %s (%s) | %s |%n",
                        level.model(), level.callers(),
                        signedMs(chat.firstToken(0.50) - invoke.firstToken(0.50)),
                        signedMs(chat.firstToken(0.99) - invoke.firstToken(0.99)),
                        signedMs(chat.total(0.50) - invoke.total(0.50)),
                        signedMs(chat.total(0.99) - invoke.total(0.99)),
                        chat.streamsPerSecond() / invoke.streamsPerSecond(),
                        micros(perCall(level.invoke().serverCpu(), invoke.streams())),
                        micros(perCall(level.chat().serverCpu(), chat.streams())),
                        signedMicros(perCall(level.chat().serverCpu(), chat.streams())
                                - perCall(level.invoke().serverCpu(), invoke.streams())),
                        jit(level.invoke(), level.chat())));
            }
        }
        return out.toString();
    }

    private static void callRow(StringBuilder out, String model, Window<LoadRun.Measurement> window) {
        LoadRun.Measurement m = window.measurement();
        out.append(String.format(Locale.ROOT, "| %s | %d | %s | %,d | %,.0f | %s | %s | %s | %s | %d | %s |%n",
                model, m.callers(), m.label(), m.calls(), m.callsPerSecond(), ms(m.latency(0.50)), ms(m.latency(0.90)),
                ms(m.latency(0.99)), ms(m.latency(1.0)), m.errors(), micros(perCall(window.serverCpu(), m.calls()))));
    }

    private static void streamRow(StringBuilder out, String model, Window<StreamLoad.Measurement> window) {
        StreamLoad.Measurement m = window.measurement();
        out.append(String.format(Locale.ROOT, "| %s | %d | %s | %,d | %,.0f | %s | %s | %s | %s | %s | %d | %s |%n",
                model, m.callers(), m.label(), m.streams(), m.streamsPerSecond(), ms(m.firstToken(0.50)),
                ms(m.firstToken(0.99)), ms(m.total(0.50)), ms(m.total(0.99)), ms(m.total(1.0)), m.errors(),
                micros(perCall(window.serverCpu(), m.streams()))));
    }

    /** Microseconds of {@code cpu} per call. */
    private static double perCall(Duration cpu, long calls) {
        return cpu.toNanos() / 1e3 / Math.max(1, calls);
    }

    private static String jit(Window<?> invoke, Window<?> chat) {
        Optional<Duration> jit = invoke.serverJitCpu().flatMap(a -> chat.serverJitCpu().map(a::plus));
        Duration cpu = invoke.serverCpu().plus(chat.serverCpu());
        return jit.map(j -> String.format(Locale.ROOT, "%.2f s of %.2f s", j.toMillis() / 1e3, cpu.toMillis() / 1e3))
                .orElse("n/a");
    }

    private static String micros(double micros) {
        return String.format(Locale.ROOT, "%,.0f µs", micros);
    }

    private static String signedMicros(double micros) {
        return String.format(Locale.ROOT, "%+,.0f µs", micros);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    private static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.3f ms", nanos / 1e6);
    }
}
