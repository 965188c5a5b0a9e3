package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's heap after a full garbage collection and its live platform threads, read as the platform operator
 * reads them: {@code jcmd <pid> GC.run} on the server's process, then {@code jvm.memory.used} (area heap),
 * {@code jvm.threads.live} and {@code jvm.threads.daemon} from {@code /actuator/metrics}. Virtual threads are not
 * counted by the JVM's thread metrics; a virtual thread that never ends holds its stack on the heap, which the heap
 * figure shows.
 *
 * <p>With them, the live objects' bytes per class ({@code jcmd <pid> GC.class_histogram}, which collects first), so
 * that a growth between two readings names the classes that grew.
 *
 * @param heapBytes     heap in use right after a full collection (the lowest of {@value #READINGS} readings)
 * @param liveThreads   live platform threads (at the lowest heap reading)
 * @param daemonThreads of those, daemon threads
 * @param bytesByClass  live bytes per class name, after the readings
 * @param threadNames   the platform threads' names ({@code jcmd <pid> Thread.print}), after the readings
 */
record JvmReading(long heapBytes, long liveThreads, long daemonThreads, Map<String, Long> bytesByClass,
                  List<String> threadNames) {

    static final int READINGS = 3;

    /** {@value #READINGS} collections and readings a second apart; the one with the least heap. */
    static JvmReading take(ServerProcess server, ModelgateApi asOperator) throws IOException, InterruptedException {
        JvmReading lowest = null;
        for (int i = 0; i < READINGS; i++) {
            jcmd(server.pid(), "GC.run");
            JvmReading reading = new JvmReading(value(asOperator, "jvm.memory.used", "area:heap"),
                    value(asOperator, "jvm.threads.live"), value(asOperator, "jvm.threads.daemon"), Map.of(), List.of());
            if (lowest == null || reading.heapBytes < lowest.heapBytes) {
                lowest = reading;
            }
            Thread.sleep(1_000);
        }
        return new JvmReading(lowest.heapBytes, lowest.liveThreads, lowest.daemonThreads,
                histogram(jcmd(server.pid(), "GC.class_histogram")), threadNames(jcmd(server.pid(), "Thread.print")));
    }

    /** The names of the platform threads now alive that were not before (a name alive twice counts twice). */
    List<String> threadsSince(JvmReading before) {
        List<String> added = new ArrayList<>(threadNames);
        before.threadNames.forEach(added::remove);
        return added;
    }

    /** {@code "name" #12 daemon prio=5 …} lines of a thread dump: the names. */
    private static List<String> threadNames(String dump) {
        return dump.lines().filter(l -> l.startsWith("\"") && l.indexOf('"', 1) > 0)
                .map(l -> l.substring(1, l.indexOf('"', 1))).sorted().toList();
    }

    /**
     * The classes whose live bytes grew most from {@code before} to this reading, largest growth first, at most
     * {@code limit}.
     */
    List<Map.Entry<String, Long>> grownSince(JvmReading before, int limit) {
        Map<String, Long> growth = new HashMap<>();
        bytesByClass.forEach((name, bytes) -> growth.put(name, bytes - before.bytesByClass.getOrDefault(name, 0L)));
        return growth.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit).toList();
    }

    /** {@code "   1:   120   4560   [B (java.base@25)"} lines: bytes by class name. */
    private static Map<String, Long> histogram(String text) {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":") && !fields[0].equals("num")) {
                bytes.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
            }
        }
        return bytes;
    }

    /** {@code jcmd <pid> <command>} with the jcmd of the JDK this runs on; its output. */
    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd at " + jcmd + "; the soak needs a JDK, not a JRE");
        }
        Path output = Files.createTempFile("modelgate-soak-jcmd-", ".txt");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " exited with status "
                        + process.exitValue());
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
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
