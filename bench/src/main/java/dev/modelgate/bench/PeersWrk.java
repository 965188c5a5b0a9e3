package dev.modelgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk as {@link PeersBench} runs it: pinned to core 0 (with the emulator), one thread, keep-alive connections, one
 * request replayed (method, headers and body from a generated Lua script).
 *
 * <p>wrk's own latency percentiles are corrected for coordinated omission (it adds the requests a stalled connection
 * would have sent at the rate it measured), which is right for open-model load and wrong at concurrency 1, where one
 * caller waits for each answer. With {@code sample} the script records every request's own latency instead (a
 * monotonic clock read through LuaJIT's FFI when wrk builds the request, which it does right before writing it, and
 * when its response is complete) and writes the raw samples out at the end.
 */
final class PeersWrk {

    /** What one wrk run saw. {@code latenciesMicros} is sorted, and empty unless sampled. */
    record Result(long requests, double requestsPerSecond, long non2xx, long socketErrors, String socketErrorLine,
                  long[] latenciesMicros) {
        long errors() {
            return non2xx + socketErrors;
        }
    }

    private final Path wrk;
    private final PeersProcesses processes;
    private final Path work;

    PeersWrk(Path wrk, PeersProcesses processes, Path work) {
        this.wrk = wrk;
        this.processes = processes;
        this.work = work;
    }

    /**
     * Runs wrk for {@code seconds} with {@code connections} connections against {@code url}; a request still
     * unanswered after {@code timeoutSeconds} counts as a timeout.
     */
    Result run(String url, Map<String, String> headers, String body, int connections, int seconds, int timeoutSeconds,
               boolean sample) throws IOException, InterruptedException {
        Path samples = Files.createTempFile(work, "samples-", ".txt");
        Path script = Files.createTempFile(work, "request-", ".lua");
        Files.writeString(script, script(headers, body, sample ? samples : null));
        try {
            String out = processes.run(List.of("taskset", "-c", "0", wrk.toString(), "-t1", "-c" + connections,
                    "-d" + seconds + "s", "--timeout", timeoutSeconds + "s", "-s", script.toString(), url),
                    seconds + timeoutSeconds + 60);
            long[] latencies = sample ? Files.readAllLines(samples).stream().filter(l -> !l.isBlank())
                    .mapToLong(l -> Math.round(Double.parseDouble(l))).sorted().toArray() : new long[0];
            Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                    .matcher(out);
            long socketErrors = 0;
            String errorLine = "";
            if (errors.find()) {
                errorLine = errors.group();
                for (int g = 1; g <= 4; g++) {
                    socketErrors += Long.parseLong(errors.group(g));
                }
            }
            return new Result(Long.parseLong(EmulatorLoad.find(out, "(\\d+) requests in")),
                    Double.parseDouble(EmulatorLoad.find(out, "Requests/sec:\\s+([0-9.]+)")),
                    Long.parseLong(EmulatorLoad.findOr(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0")), socketErrors, errorLine,
                    latencies);
        } finally {
            Files.deleteIfExists(samples);
            Files.deleteIfExists(script);
        }
    }

    private static String script(Map<String, String> headers, String body, Path samples) {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(luaString(body)).append('\n');
        headers.forEach((name, value) -> lua.append("wrk.headers[").append(luaString(name)).append("] = ")
                .append(luaString(value)).append('\n'));
        if (samples != null) {
            lua.append("""
                    local ffi = require("ffi")
                    ffi.cdef[[
                      typedef struct { long tv_sec; long tv_nsec; } peers_timespec;
                      int clock_gettime(int clock, peers_timespec *now);
                    ]]
                    local now = ffi.new("peers_timespec")
                    local function micros()
                      ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
                      return tonumber(now.tv_sec) * 1000000 + tonumber(now.tv_nsec) / 1000
                    end
                    local started = 0
                    local prepared = nil
                    samples = {}
                    function request()
                      if prepared == nil then prepared = wrk.format() end
                      started = micros()
                      return prepared
                    end
                    function response(status, headers, body)
                      samples[#samples + 1] = micros() - started
                    end
                    local threads = {}
                    function setup(thread) threads[#threads + 1] = thread end
                    function done(summary, latency, requests)
                      local out = io.open(%s, "w")
                      for _, thread in ipairs(threads) do
                        local taken = thread:get("samples")
                        for i = 1, #taken do out:write(string.format("%%.1f\\n", taken[i])) end
                      end
                      out:close()
                    end
                    """.formatted(luaString(samples.toString())));
        }
        return lua.toString();
    }

    private static String luaString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\%03d", c)); // Lua's decimal escape, 3 digits: any byte, UTF-8 as it is
            } else {
                out.append((char) c);
            }
        }
        return out.append('"').toString();
    }

    static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }
}
