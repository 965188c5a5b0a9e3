package dev.modelgate.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link PeersBench} measured, gathered over its rounds, and written as a Markdown report with a PNG chart
 * (Java2D, no network service).
 */
final class PeersReport {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final PeersOptions options;
    private final int bodyBytes;
    private final List<PeersBench.Target> targets;
    private final Map<String, String> versions;
    private final String portkeyListeners;
    private final Map<String, long[]> samples = new LinkedHashMap<>();
    private final Map<String, Long> latencyErrors = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Throughput>> throughput = new LinkedHashMap<>();
    private final Map<String, StreamLoad.Measurement> streams = new LinkedHashMap<>();
    private final List<Hold> holds = new ArrayList<>();

    /** The windows of one path at one concurrency, added up. */
    private record Throughput(long requests, double rpsSum, int windows, double cpuSeconds, long errors) {
        Throughput and(Throughput other) {
            return new Throughput(requests + other.requests, rpsSum + other.rpsSum, windows + other.windows,
                    cpuSeconds + other.cpuSeconds, errors + other.errors);
        }
    }

    private record Hold(String gateway, int held, int established, long idleRss, long rss, long idleHeap, long heap,
                        long answered, long errors, double p99Ms, double maxLatencyMs, int maxListenQueue,
                        long listenOverflows, long listenDrops) {
    }

    PeersReport(PeersOptions options, int bodyBytes, List<PeersBench.Target> targets, Map<String, String> versions,
                String portkeyListeners) {
        this.options = options;
        this.bodyBytes = bodyBytes;
        this.targets = targets;
        this.versions = versions;
        this.portkeyListeners = portkeyListeners;
    }

    void latency(PeersBench.Target target, PeersWrk.Result result) {
        samples.merge(target.label(), result.latenciesMicros(), PeersWrk::concat);
        latencyErrors.merge(target.label(), result.errors(), Long::sum);
    }

    void throughput(PeersBench.Target target, int connections, PeersWrk.Result result, double cpuSeconds) {
        throughput.computeIfAbsent(target.label(), k -> new TreeMap<>()).merge(connections,
                new Throughput(result.requests(), result.requestsPerSecond(), 1, cpuSeconds, result.errors()),
                Throughput::and);
    }

    void stream(String label, StreamLoad.Measurement measurement) {
        streams.merge(label, measurement, StreamLoad.Measurement::and);
    }

    void hold(PeersBench.Target target, int held, int established, long idleRss, long rss, long idleHeap, long heap,
              PeersHold.Result result, int maxListenQueue, long overflows, long drops) {
        long baseline = holds.stream().filter(h -> h.gateway.equals(target.gateway())).findFirst()
                .map(Hold::idleRss).orElse(idleRss);
        holds.add(new Hold(target.gateway(), held, established, baseline, rss, idleHeap, heap, result.answered(),
                result.errors(), ms(result.latenciesMicros(), 0.99), ms(result.latenciesMicros(), 1.0), maxListenQueue, overflows, drops));
        if (!result.firstError().isEmpty()) {
            System.out.println("peers: " + target.gateway() + " holding " + held + ": " + result.errors()
                    + " failed, the first: " + result.firstError());
        }
    }

    /** Failed requests of every measured window, stream and hold. */
    long errors() {
        long errors = latencyErrors.values().stream().mapToLong(Long::longValue).sum();
        errors += throughput.values().stream().flatMap(m -> m.values().stream()).mapToLong(Throughput::errors).sum();
        errors += streams.values().stream().mapToLong(StreamLoad.Measurement::errors).sum();
        errors += holds.stream().mapToLong(Hold::errors).sum();
        return errors;
    }

    static Path chartOf(Path report) {
        return report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", ".png"));
    }

    /** Writes {@code peers-<time>.md} and its chart to {@code folder}; the report's path. */
    Path write(Path folder, Instant started, Duration took, double loadBefore, double loadAfter) throws IOException {
        Files.createDirectories(folder);
        String name = "peers-" + STAMP.format(started) + (isQuick() ? "-quick" : "");
        Path report = folder.resolve(name + ".md");
        Files.writeString(report, markdown(started, took, loadBefore, loadAfter, name + ".png"));
        chart(chartOf(report));
        return report;
    }

    private boolean isQuick() {
        return options.warmupSeconds() < 60;
    }

    private String markdown(Instant started, Duration took, double loadBefore, double loadAfter, String chart) {
        StringBuilder md = new StringBuilder();
        md.append("# Modelgate and its peers, one run against one upstream\n\n");
        if (isQuick()) {
            md.append("**Smoke run** (`--quick`: short warm-ups and windows). Proves every path works; its figures are "
                    + "not results.\n\n");
        }
        md.append(String.format("- %s UTC, %d s; load average %.2f before, %.2f after%n",
                started.atZone(ZoneOffset.UTC).toLocalDateTime().withNano(0), took.toSeconds(), loadBefore, loadAfter));
        versions.forEach((what, version) -> md.append("- ").append(what).append(": ").append(version).append('\n'));
        md.append("- upstream: the emulator, one process, SigV4 signatures verified, journal off; a ")
                .append(bodyBytes).append("-byte Claude Messages body (InvokeModel)\n");
        md.append("- Modelgate JVM: `").append(String.join(" ", PeersBench.MODELGATE_JVM))
                .append("` (what the README recommends for production on one or two cores); Portkey `@portkey-ai/gateway` 1.15.2 on node with the preloads "
                        + "of `bench/peers/`; nginx with a keep-alive upstream pool (128)\n");
        md.append("- pinning: each gateway `taskset -c 1`; wrk (1 thread), the emulator and the harness `taskset -c 0`\n");
        md.append("- Portkey listens on: `").append(portkeyListeners).append("`\n");
        md.append(String.format("- options: %d rounds, interleaved (even rounds in reverse order); concurrency 1 for %d s, "
                        + "%s for %d s per round; warm-up %d s per Modelgate JVM, %d s per other path; holds %s against "
                        + "%d ms of upstream latency%n%n",
                options.rounds(), options.c1Seconds(), options.concurrency(), options.seconds(),
                options.warmupSeconds(), options.peerWarmupSeconds(), options.holds(), options.holdLatencyMs()));

        String direct = targets.getFirst().label();
        long[] floor = samples.getOrDefault(direct, new long[0]);
        md.append("## Latency at concurrency 1 (each request's own time)\n\n");
        md.append("| path | requests | p50 ms | p99 ms | added p50 ms | added p99 ms | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (PeersBench.Target target : targets) {
            long[] s = samples.getOrDefault(target.label(), new long[0]);
            boolean isDirect = target.label().equals(direct);
            md.append(String.format("| %s | %,d | %.3f | %.3f | %s | %s | %d |%n", target.label(), s.length,
                    ms(s, 0.5), ms(s, 0.99), isDirect ? "–" : String.format("%+.3f", ms(s, 0.5) - ms(floor, 0.5)),
                    isDirect ? "–" : String.format("%+.3f", ms(s, 0.99) - ms(floor, 0.99)),
                    latencyErrors.getOrDefault(target.label(), 0L)));
        }
        md.append("\n## Throughput and the gateway's CPU\n\n");
        md.append("| path | connections | requests/s | gateway CPU ms per request | requests per gateway CPU-second | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (PeersBench.Target target : targets) {
            throughput.getOrDefault(target.label(), Map.of()).forEach((connections, t) -> md.append(String.format(
                    "| %s | %d | %,.0f | %s | %s | %d |%n", target.label(), connections, t.rpsSum / t.windows,
                    Double.isNaN(t.cpuSeconds) ? "–" : String.format("%.3f", 1000 * t.cpuSeconds / t.requests),
                    Double.isNaN(t.cpuSeconds) ? "–" : String.format("%,.0f", t.requests / t.cpuSeconds), t.errors)));
        }
        if (!streams.isEmpty()) {
            md.append("\n## Streaming at concurrency 1 (time to first token)\n\n");
            md.append("| path | streams | first token p50 ms | p99 ms | total p50 ms | added first token p50 ms | added p99 ms | errors |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            StreamLoad.Measurement base = streams.values().stream().filter(m -> m.label().startsWith("direct"))
                    .findFirst().orElse(null);
            for (StreamLoad.Measurement m : streams.values()) {
                boolean isBase = m == base;
                md.append(String.format("| %s | %,d | %.3f | %.3f | %.3f | %s | %s | %d |%n", m.label(), m.streams(),
                        first(m, 0.5), first(m, 0.99), m.streams() == 0 ? Double.NaN : m.total(0.5) / 1e6,
                        isBase || base == null ? "–" : String.format("%+.3f", first(m, 0.5) - first(base, 0.5)),
                        isBase || base == null ? "–" : String.format("%+.3f", first(m, 0.99) - first(base, 0.99)),
                        m.errors()));
            }
        }
        md.append("\n## Memory per request in flight\n\n");
        md.append("RSS idle: before the gateway's first hold (RSS rarely shrinks once grown). Live heap: after a full GC, idle "
                + "just before each hold and while holding (Modelgate: `jcmd GC.class_histogram`; Portkey: V8's "
                + "heapUsed + external after gc()). Requests: each on a connection of its own, started at an even "
                + "pace over half the upstream's latency; answered: those answered 200. p99 and slowest over the "
                + "upstream: the held requests' own latencies (send to complete answer), nearest rank, minus the "
                + "upstream's latency.\n\n");
        md.append("| gateway | held | connections seen | RSS idle MiB | RSS holding MiB | RSS KiB per request | "
                + "live heap idle MiB | live heap holding MiB | heap KiB per request | answered | errors | "
                + "p99 over the upstream, ms | slowest over the upstream, ms | max listen queue | "
                + "ListenOverflows / ListenDrops (machine) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Hold h : holds) {
            boolean heap = h.heap >= 0;
            md.append(String.format("| %s | %,d | %,d | %.1f | %.1f | %.1f | %s | %s | %s | %,d | %d | %s | %s | %d | %d / %d |%n",
                    h.gateway, h.held, h.established, mib(h.idleRss), mib(h.rss), (h.rss - h.idleRss) / 1024.0 / h.held,
                    heap ? String.format("%.1f", mib(h.idleHeap)) : "–", heap ? String.format("%.1f", mib(h.heap)) : "–",
                    heap ? String.format("%.1f", (h.heap - h.idleHeap) / 1024.0 / h.held) : "–", h.answered, h.errors,
                    over(h.p99Ms), over(h.maxLatencyMs),
                    h.maxListenQueue, h.listenOverflows, h.listenDrops));
        }
        md.append("\n![chart](").append(chart).append(")\n");
        return md.toString();
    }

    private String over(double latencyMs) {
        return Double.isNaN(latencyMs) ? "–" : String.format("%+,.0f", latencyMs - options.holdLatencyMs());
    }

    private static double ms(long[] sortedMicros, double quantile) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        return LoadRun.nearestRank(sortedMicros, quantile) / 1000.0;
    }

    private static double first(StreamLoad.Measurement m, double quantile) {
        return m.streams() == 0 ? Double.NaN : m.firstToken(quantile) / 1e6;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    /** Two panels: added latency over direct at concurrency 1 (p50, p99), and requests per gateway CPU-second. */
    private void chart(Path file) throws IOException {
        List<PeersBench.Target> gateways = targets.subList(1, targets.size());
        int rowHeight = 34;
        int width = 1500;
        int height = 110 + rowHeight * gateways.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString("Modelgate and its peers" + (isQuick() ? " (smoke run: not results)" : "")
                    + ", same upstream, same " + bodyBytes + "-byte body", 16, 24);
            long[] floor = samples.getOrDefault(targets.getFirst().label(), new long[0]);
            int labelWidth = 340;
            int panel = (width - labelWidth - 60) / 2;
            int top = 70;
            double[] p50 = new double[gateways.size()];
            double[] p99 = new double[gateways.size()];
            double[] perCpu = new double[gateways.size()];
            int busiest = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int i = 0; i < gateways.size(); i++) {
                long[] s = samples.getOrDefault(gateways.get(i).label(), new long[0]);
                p50[i] = ms(s, 0.5) - ms(floor, 0.5);
                p99[i] = ms(s, 0.99) - ms(floor, 0.99);
                Throughput t = throughput.getOrDefault(gateways.get(i).label(), Map.of()).get(busiest);
                perCpu[i] = t == null || Double.isNaN(t.cpuSeconds) || t.cpuSeconds == 0 ? 0 : t.requests / t.cpuSeconds;
            }
            double maxLatency = Math.max(0.001, max(p99));
            double maxCpu = Math.max(1, max(perCpu));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(String.format("added latency over direct at concurrency 1, ms (dark p50, light p99; axis 0–%.2f ms)",
                    maxLatency), labelWidth, top - 14);
            g.drawString(String.format("requests per gateway CPU-second at %d connections (log scale, 1–%,.0f)", busiest,
                    maxCpu), labelWidth + panel + 40, top - 14);
            for (int i = 0; i < gateways.size(); i++) {
                int y = top + i * rowHeight;
                g.setColor(Color.DARK_GRAY);
                g.drawString(gateways.get(i).label(), 16, y + 20);
                bar(g, labelWidth, y + 4, panel, p99[i] / maxLatency, new Color(0x9ecae1),
                        String.format("p50 %.3f, p99 %.3f", p50[i], p99[i]), 26);
                bar(g, labelWidth, y + 10, panel, p50[i] / maxLatency, new Color(0x3182bd), "", 14);
                bar(g, labelWidth + panel + 40, y + 6, panel, perCpu[i] <= 1 ? 0 : Math.log10(perCpu[i]) / Math.log10(maxCpu),
                        new Color(0x31a354), String.format("%,.0f", perCpu[i]), 22);
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(labelWidth, top - 6, labelWidth, height - 30);
            g.drawLine(labelWidth + panel + 40, top - 6, labelWidth + panel + 40, height - 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
            g.drawString("Each gateway pinned to core 1; wrk and the emulator on core 0. See the Markdown report for "
                    + "every figure and its errors.", 16, height - 10);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void bar(Graphics2D g, int x, int y, int width, double share, Color color, String label, int height) {
        int length = (int) Math.round(Math.max(0, Math.min(1, Double.isNaN(share) ? 0 : share)) * (width - 150));
        g.setColor(color);
        g.fillRect(x + 1, y, length, height);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, x + length + 6, y + height - 2);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }
}
