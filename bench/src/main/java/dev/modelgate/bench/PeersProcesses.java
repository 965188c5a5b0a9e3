package dev.modelgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The child processes of {@link PeersBench} (the emulator, nginx, Portkey's node, wrk, psql) and of {@link ClusterRun}
 * (nginx), and what {@code /proc} says of them. Every child started here is stopped by {@link #close()} and, should the run end any other way (an
 * exception, the time limit, Ctrl-C), by a shutdown hook: SIGTERM to it and its descendants, then SIGKILL.
 */
final class PeersProcesses implements AutoCloseable {

    /** The unit of /proc/<pid>/stat's CPU times: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private final List<Process> children = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop-peers-children");

    PeersProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code command} (output to {@code log}, or discarded), remembered to be stopped at the end. */
    synchronized Process start(List<String> command, Path directory, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return launch(builder, command, environment);
    }

    /** Starts {@code command} with its standard input and output as pipes (for the emulator's commands). */
    synchronized Process startPiped(List<String> command, Path errors) {
        return launch(new ProcessBuilder(command).redirectError(errors.toFile()), command, Map.of());
    }

    /**
     * Starts a child with {@code environment} in place of the harness's own AWS_ variables, and keeps it to stop at
     * the end.
     */
    private Process launch(ProcessBuilder builder, List<String> command, Map<String, String> environment) {
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            children.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Runs {@code command} to its end (at most {@code timeoutSeconds}); its output. Fails on a non-zero status. */
    String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        return run(command, timeoutSeconds, false);
    }

    /** As {@link #run(List, int)}; with {@code anyStatus}, a non-zero status is not a failure (wrk -v exits 1). */
    String run(List<String> command, int timeoutSeconds, boolean anyStatus) throws IOException, InterruptedException {
        Path output = Files.createTempFile("modelgate-peers-", ".out");
        try {
            Process process = start(command, null, Map.of(), output);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                stop(process);
                throw new IllegalStateException(command.getFirst() + " did not end within " + timeoutSeconds + " s");
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0 && !anyStatus) {
                throw new IllegalStateException(String.join(" ", command) + " exited with status "
                        + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** CPU time (user + system) of {@code pid} and its descendants, in seconds, from /proc/PID/stat. */
    static double cpuSeconds(long pid) {
        long ticks = 0;
        for (long p : withDescendants(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            } catch (IOException gone) {
                // a descendant that ended meanwhile
            }
        }
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** Resident memory of {@code pid} and its descendants (VmRSS), in bytes. */
    static long rssBytes(long pid) {
        long kib = 0;
        for (long p : withDescendants(pid)) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(p), "status"))) {
                kib += lines.filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                        .sum();
            } catch (IOException | UncheckedIOException gone) {
                // a descendant that ended meanwhile
            }
        }
        return kib * 1024;
    }

    private static List<Long> withDescendants(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** Stops one child: SIGTERM to it and its descendants, up to 10 s, then SIGKILL. */
    static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            all.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private synchronized void stopAll() {
        for (Process process : children.reversed()) {
            stop(process);
        }
        children.clear();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
