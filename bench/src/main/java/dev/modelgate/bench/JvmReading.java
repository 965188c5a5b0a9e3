package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The server's heap after a full garbage collection and its live platform threads, read as the platform operator
 * reads them: {@code jcmd <pid> GC.run} on the server's process, then {@code jvm.memory.used} (area heap),
 * {@code jvm.threads.live} and {@code jvm.threads.daemon} from {@code /actuator/metrics}. Virtual threads are not
 * counted by the JVM's thread metrics; a virtual thread that never ends holds its stack on the heap, which the heap
 * figure shows.
 *
 * @param heapBytes   heap in use right after a full collection (the lowest of {@value #READINGS} readings)
 * @param liveThreads   live platform threads (at the lowest heap reading)
 * @param daemonThreads of those, daemon threads
 */
record JvmReading(long heapBytes, long liveThreads, long daemonThreads) {

    static final int READINGS = 3;

    /** {@value #READINGS} collections and readings a second apart; the one with the least heap. */
    static JvmReading take(ServerProcess server, ModelgateApi asOperator) throws IOException, InterruptedException {
        JvmReading lowest = null;
        for (int i = 0; i < READINGS; i++) {
            collect(server.pid());
            JvmReading reading = new JvmReading(value(asOperator, "jvm.memory.used", "area:heap"),
                    value(asOperator, "jvm.threads.live"), value(asOperator, "jvm.threads.daemon"));
            if (lowest == null || reading.heapBytes < lowest.heapBytes) {
                lowest = reading;
            }
            Thread.sleep(1_000);
        }
        return lowest;
    }

    /** {@code jcmd <pid> GC.run}, with the jcmd of the JDK this runs on: a full collection in the server. */
    private static void collect(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd at " + jcmd + "; the soak needs a JDK, not a JRE");
        }
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " GC.run did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run exited with status " + process.exitValue());
        }
    }

    private static long value(ModelgateApi asOperator, String name, String... tags)
            throws IOException, InterruptedException {
        JsonNode metric = asOperator.metric(name, tags)
                .orElseThrow(() -> new IllegalStateException("the server has no metric " + name));
        for (JsonNode measurement : metric.path("measurements")) {
            if (measurement.path("statistic").asString().equals("VALUE")) {
                return Math.round(measurement.path("value").asDouble());
            }
        }
        throw new IllegalStateException("metric " + metric.path("name").asString() + " has no VALUE: " + metric);
    }
}
