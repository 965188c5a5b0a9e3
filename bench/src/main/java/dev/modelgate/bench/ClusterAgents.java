package dev.modelgate.bench;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * {@link ClusterRun}'s agents, invoking one model through the load balancer, each on virtual threads:
 * <ul>
 *   <li>well-behaved agents, each with its own AGENT key, paced at a fixed rate under their key's limit (never
 *       catching up after a slow answer), each waiting the {@code Retry-After} seconds an answer asks for;</li>
 *   <li>one greedy agent with its own key, offering a multiple of the limit at a fixed rate whatever the answers
 *       (each call on a thread of its own, at most {@value #GREEDY_IN_FLIGHT} in flight) and ignoring
 *       {@code Retry-After}: what it gets through is what the limit let through.</li>
 * </ul>
 * Every answer is counted by its status and problem code, by the instance that gave it (the load balancer's
 * {@value ClusterNginx#UPSTREAM_HEADER}) and the run's phase at that moment, and by agent. Thread-safe.
 */
final class ClusterAgents implements AutoCloseable {

    static final String GREEDY = "cluster-greedy";
    static final int GREEDY_IN_FLIGHT = 256;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One agent: its key's name (as the usage records name it) and token. */
    record Agent(String keyName, String token) {
        @Override
        public String toString() {
            return "Agent[" + keyName + "]";
        }
    }

    /**
     * What an agent received for one call: its label ({@code 200}, {@code 429 rate-limited}, …), the instance that
     * answered (0: none named), whether it leaves a usage record, and how long it took.
     */
    record Answer(String label, int instance, boolean metered, long latencyNanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI invoke;
    private final byte[] body;
    private final IntUnaryOperator instanceAtPort;
    private final IntSupplier phase;
    private final LongSupplier clock = System::nanoTime;

    private final LongAdder calls = new LongAdder();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    /** Per agent (key name): answers by label. */
    private final Map<String, Map<String, LongAdder>> byAgent = new ConcurrentHashMap<>();
    /** Per agent (key name): answers that leave a usage record. */
    private final Map<String, LongAdder> meteredByAgent = new ConcurrentHashMap<>();
    /** Per instance (0: no instance named) and phase: answers. */
    private final Map<String, LongAdder> byInstance = new ConcurrentHashMap<>();
    private final LongAdder waitedRetryAfter = new LongAdder();
    private final LongAdder greedyOffered = new LongAdder();
    private final LongAdder greedySkipped = new LongAdder();
    private final AtomicLong greedyFirst = new AtomicLong(Long.MAX_VALUE);
    /** When the greedy agent's last answer came (or its last call failed). */
    private final AtomicLong greedyLast = new AtomicLong(Long.MIN_VALUE);
    private final List<Long> latencies = new ArrayList<>(); // guarded by itself: nanoseconds of the 200 answers
    private final List<String> examples = new ArrayList<>(); // guarded by itself

    /**
     * @param loadBalancer    where the agents send their calls
     * @param instanceAtPort  the instance (1-based) listening on a port, 0 for none
     * @param phase           the run's phase (0, 1, 2, …) at the moment an answer comes
     */
    ClusterAgents(URI loadBalancer, String modelName, IntUnaryOperator instanceAtPort, IntSupplier phase) {
        this.invoke = loadBalancer.resolve("/api/v1/models/" + modelName + "/invoke");
        this.body = JSON.writeValueAsBytes(Map.of("variables", Map.of("prompt", Prompts.SHORT)));
        this.instanceAtPort = instanceAtPort;
        this.phase = phase;
    }

    /**
     * Runs every agent until {@code running} says stop, then waits for the calls in flight (each ends within
     * {@link #REQUEST_TIMEOUT}).
     *
     * @param agentRate  each well-behaved agent's calls per second
     * @param greedyRate the greedy agent's calls per second
     */
    void run(List<Agent> agents, int agentRate, Agent greedy, int greedyRate, BooleanSupplier running) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Agent agent : agents) {
                threads.execute(() -> paced(agent, agentRate, running));
            }
            threads.execute(() -> greedy(greedy, greedyRate, running));
        }
    }

    private void paced(Agent agent, int rate, BooleanSupplier running) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = clock.getAsLong() + ThreadLocalRandom.current().nextLong(interval);
        while (running.getAsBoolean()) {
            if (!sleepUntil(next)) {
                return;
            }
            long sent = clock.getAsLong();
            HttpResponse<byte[]> response = call(agent);
            Optional<Long> retryAfter = response == null ? Optional.empty()
                    : response.headers().firstValue("Retry-After").map(ClusterAgents::seconds);
            next = Math.max(next + interval, clock.getAsLong());
            if (retryAfter.isPresent() && retryAfter.get() > 0) {
                waitedRetryAfter.increment();
                next = Math.max(next, sent + TimeUnit.SECONDS.toNanos(retryAfter.get()));
            }
        }
    }

    private void greedy(Agent agent, int rate, BooleanSupplier running) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        Semaphore inFlight = new Semaphore(GREEDY_IN_FLIGHT);
        long next = clock.getAsLong();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            while (running.getAsBoolean()) {
                if (!sleepUntil(next)) {
                    return;
                }
                next += interval;
                greedyOffered.increment();
                if (!inFlight.tryAcquire()) {
                    greedySkipped.increment();
                    continue;
                }
                greedyFirst.accumulateAndGet(clock.getAsLong(), Math::min);
                calls.execute(() -> {
                    try {
                        call(agent);
                    } finally {
                        greedyLast.accumulateAndGet(clock.getAsLong(), Math::max);
                        inFlight.release();
                    }
                });
            }
        }
    }

    /** One call, counted; the response, or null when none came. */
    private HttpResponse<byte[]> call(Agent agent) {
        calls.increment();
        long started = clock.getAsLong();
        HttpRequest request = HttpRequest.newBuilder(invoke).header("Authorization", "Bearer " + agent.token())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            count(agent, new Answer("no answer (" + e.getClass().getSimpleName() + ")", 0, false,
                    clock.getAsLong() - started));
            return null;
        }
        count(agent, classify(response, clock.getAsLong() - started));
        return response;
    }

    private Answer classify(HttpResponse<byte[]> response, long latency) {
        int status = response.statusCode();
        int instance = response.headers().firstValue(ClusterNginx.UPSTREAM_HEADER)
                .map(ClusterAgents::lastPort).map(port -> port < 0 ? 0 : instanceAtPort.applyAsInt(port)).orElse(0);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String code = null;
        if (status != 200) {
            if (!contentType.startsWith("application/problem+json")) {
                String text = new String(response.body(), StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ")
                        .replaceAll("\\s+", " ").strip();
                example(status + " " + contentType + ": " + text.substring(0, Math.min(120, text.length())));
                return new Answer(status + " (not problem+json: from the load balancer)", instance, false, latency);
            }
            try {
                JsonNode problem = JSON.readTree(response.body());
                code = problem.path("code").isString() ? problem.path("code").asString()
                        : problem.path("type").asString("").replace(InvokeAnswers.TYPE_BASE, "");
            } catch (JacksonException e) {
                return new Answer(status + " (problem+json that does not parse)", instance, false, latency);
            }
        }
        Optional<InvokeAnswers.Answer> documented = InvokeAnswers.find(status, code);
        String label = code == null ? Integer.toString(status) : status + " " + code;
        return new Answer(documented.isPresent() ? label : label + " (not in the invoke table)", instance,
                documented.flatMap(InvokeAnswers.Answer::usageOutcome).isPresent(), latency);
    }

    private void count(Agent agent, Answer answer) {
        tally(answers, answer.label());
        tally(byAgent.computeIfAbsent(agent.keyName(), a -> new ConcurrentHashMap<>()), answer.label());
        if (answer.metered()) {
            tally(meteredByAgent, agent.keyName());
        }
        tally(byInstance, answer.instance() + "/" + phase.getAsInt());
        if (answer.label().equals("200")) {
            synchronized (latencies) {
                latencies.add(answer.latencyNanos());
            }
        }
    }

    /** The port of the last upstream in {@code 127.0.0.1:8081, 127.0.0.1:8082}; -1 when there is none. */
    private static int lastPort(String upstreams) {
        String last = upstreams.substring(upstreams.lastIndexOf(',') + 1).strip();
        int colon = last.lastIndexOf(':');
        try {
            return colon < 0 ? -1 : Integer.parseInt(last.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: Modelgate never sends one; wait a second
        }
    }

    private boolean sleepUntil(long deadline) {
        long wait = deadline - clock.getAsLong();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void tally(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void example(String text) {
        synchronized (examples) {
            if (examples.size() < 5) {
                examples.add(text);
            }
        }
    }

    // ---- what was counted ----------------------------------------------------------------------------------------

    long calls() {
        return calls.sum();
    }

    /** Answers by label ({@code 200}, {@code 429 rate-limited}, …), most frequent first. */
    Map<String, Long> answers() {
        return sorted(answers);
    }

    /** Answers of the agent with key {@code keyName}, by label. */
    Map<String, Long> answersOf(String keyName) {
        return sorted(byAgent.getOrDefault(keyName, Map.of()));
    }

    /** Answers from instance {@code n} (0: none named) in {@code phase}. */
    long answersFrom(int n, int phase) {
        LongAdder count = byInstance.get(n + "/" + phase);
        return count == null ? 0 : count.sum();
    }

    /** Answers to the agent with key {@code keyName} that leave a usage record (by Modelgate's table of answers). */
    long meteredAnswersOf(String keyName) {
        LongAdder count = meteredByAgent.get(keyName);
        return count == null ? 0 : count.sum();
    }

    long waitedRetryAfter() {
        return waitedRetryAfter.sum();
    }

    long greedyOffered() {
        return greedyOffered.sum();
    }

    /** Greedy calls not sent because {@value #GREEDY_IN_FLIGHT} were in flight already. */
    long greedySkipped() {
        return greedySkipped.sum();
    }

    /**
     * Seconds from the greedy agent's first call to its last answer: every call it got through took its token within
     * them.
     */
    double greedySeconds() {
        return greedyFirst.get() == Long.MAX_VALUE ? 0 : (greedyLast.get() - greedyFirst.get()) / 1e9;
    }

    /** The 200 answers' latencies in milliseconds: p50, p99, max; empty when there were none. */
    Optional<double[]> latencyMillis() {
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (sorted.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new double[] {LoadRun.nearestRank(sorted, 0.50) / 1e6, LoadRun.nearestRank(sorted, 0.99) / 1e6,
                sorted[sorted.length - 1] / 1e6});
    }

    List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((k, v) -> result.put(k, v.sum()));
        return result;
    }

    /** Closes the HTTP client. */
    @Override
    public void close() {
        http.close();
    }
}
