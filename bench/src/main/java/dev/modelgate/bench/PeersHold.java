package dev.modelgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds requests open through a gateway: {@code held} requests, each on a connection of its own, started at an even
 * pace over a ramp (so that the offered rate stays within what one core serves, not a burst of every connection at
 * once), each timed from its send to its complete answer. What the upstream's latency then adds is the gateway's.
 */
final class PeersHold {

    /** What one hold saw; {@code latenciesMicros} (sorted) holds the answered requests' own latencies. */
    record Result(int held, long answered, long errors, String firstError, long[] latenciesMicros) {
    }

    private PeersHold() {
    }

    /**
     * Sends {@code held} requests over {@code ramp}, each on a new connection, and waits for every answer (a request
     * unanswered after {@code timeout} is an error). An answer other than 200 is an error.
     */
    static Result run(String url, Map<String, String> headers, String body, int held, Duration ramp, Duration timeout)
            throws InterruptedException {
        long[] latencies = new long[held];
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        HttpRequest.Builder template = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(template::header);
        HttpRequest request = template.build();
        // One client: with every earlier connection busy, it opens a new one for each request.
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build()) {
            CompletableFuture<?>[] calls = new CompletableFuture<?>[held];
            long start = System.nanoTime();
            long pace = ramp.toNanos() / Math.max(1, held);
            for (int i = 0; i < held; i++) {
                long due = start + i * pace;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int slot = i;
                long sent = System.nanoTime();
                calls[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                    long micros = (System.nanoTime() - sent) / 1_000;
                    if (failure == null && response.statusCode() == 200) {
                        latencies[slot] = micros;
                        answered.incrementAndGet();
                    } else {
                        latencies[slot] = -1;
                        errors.incrementAndGet();
                        firstError.compareAndSet("", failure != null ? failure.toString()
                                : "HTTP " + response.statusCode());
                    }
                    return null;
                });
            }
            CompletableFuture.allOf(calls).join();
        }
        long[] answeredLatencies = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(held, answered.get(), errors.get(), firstError.get(), answeredLatencies);
    }
}
