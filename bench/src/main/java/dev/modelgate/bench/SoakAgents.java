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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's agents: callers of the invoke endpoint with an AGENT key, each on its own virtual thread, calling back to
 * back, each answer checked against {@link InvokeAnswers} and counted: by answer, by the usage outcome it should have
 * left, and the tokens of the successful ones. Thread-safe; the counts accumulate over every {@link #run}.
 */
final class SoakAgents implements AutoCloseable {

    /** How long an agent waits for an answer: far beyond any model timeout the soak sets, so every call gets one. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Undocumented answers kept as examples for the report; all are counted. */
    private static final int MAX_EXAMPLES = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpRequest request;

    private final AtomicLong started = new AtomicLong();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LongAdder unmetered = new LongAdder();
    private final LongAdder undocumented = new LongAdder();
    private final LongAdder noAnswer = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();
    private final List<String> examples = new ArrayList<>(); // guarded by itself

    /** @param agentKey the token of an AGENT key of the model's workspace */
    SoakAgents(URI server, String agentKey, String modelName) {
        byte[] body = JSON.writeValueAsBytes(Map.of("variables", Map.of("prompt", Prompts.SHORT)));
        this.request = HttpRequest.newBuilder(server.resolve("/api/v1/models/" + modelName + "/invoke"))
                .header("Authorization", "Bearer " + agentKey)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * {@code agents} agents call until {@code duration} has passed or the calls of every run so far reach
     * {@code maxCalls}; returns once every call in flight has been answered.
     */
    void run(int agents, Duration duration, long maxCalls) {
        long deadline = System.nanoTime() + duration.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < agents; i++) {
                threads.execute(() -> {
                    while (System.nanoTime() - deadline < 0 && started.getAndIncrement() < maxCalls) {
                        call();
                    }
                });
            }
        }
    }

    /** One call, answered and counted; true when it succeeded. */
    boolean call() {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            noAnswer.increment();
            example("no answer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        return count(response);
    }

    private boolean count(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            return refuse(status + " (a body that is not JSON)", response);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String code = null;
        if (status != 200) {
            String type = body.path("type").asString("");
            if (!contentType.startsWith("application/problem+json") || !type.startsWith(InvokeAnswers.TYPE_BASE)
                    || body.path("status").asInt() != status) {
                return refuse(status + " (not problem+json of type " + InvokeAnswers.TYPE_BASE + "…: " + contentType
                        + ", type \"" + type + "\")", response);
            }
            code = type.substring(InvokeAnswers.TYPE_BASE.length());
        }
        Optional<InvokeAnswers.Answer> documented = InvokeAnswers.find(status, code);
        if (documented.isEmpty()) {
            return refuse(status + " " + code + " (not documented)", response);
        }
        InvokeAnswers.Answer answer = documented.get();
        if (answer.retryAfter() != response.headers().firstValue("Retry-After").isPresent()) {
            return refuse(answer.label() + (answer.retryAfter() ? " without" : " with") + " Retry-After", response);
        }
        if (status == 200 && !(body.path("output").path("text").isString()
                && body.path("usage").path("inputTokens").isNumber()
                && body.path("usage").path("outputTokens").isNumber())) {
            return refuse("200 without output.text and both token counts", response);
        }
        tally(answers, answer.label());
        answer.usageOutcome().ifPresentOrElse(
                outcome -> tally(outcomes, outcome.equals(InvokeAnswers.ASSUME_ROLE_OUTCOME_PREFIX)
                        ? outcome + body.path("reason").asString("") : outcome),
                unmetered::increment);
        if (status == 200) {
            inputTokens.add(body.path("usage").path("inputTokens").asLong());
            outputTokens.add(body.path("usage").path("outputTokens").asLong());
        }
        return status == 200;
    }

    private boolean refuse(String what, HttpResponse<byte[]> response) {
        undocumented.increment();
        tally(answers, "undocumented: " + what);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        example(what + ": " + text.substring(0, Math.min(300, text.length())));
        return false;
    }

    private static void tally(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void example(String text) {
        synchronized (examples) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(text);
            }
        }
    }

    /** Calls made and counted, answered or not. */
    long calls() {
        return answers.values().stream().mapToLong(LongAdder::sum).sum() + noAnswer.sum();
    }

    /** Answers by {@link InvokeAnswers.Answer#label()}, and the undocumented ones by what was wrong. */
    Map<String, Long> answers() {
        return sorted(answers);
    }

    /** The usage outcome each metered answer should have left, counted. */
    Map<String, Long> expectedOutcomes() {
        return sorted(outcomes);
    }

    /** Calls answered with a documented refusal given before metering (none expected in the soak). */
    long unmetered() {
        return unmetered.sum();
    }

    /** Calls answered with something the documentation does not list. */
    long undocumented() {
        return undocumented.sum();
    }

    /** Calls that got no answer within {@link #REQUEST_TIMEOUT}, or whose connection failed. */
    long noAnswer() {
        return noAnswer.sum();
    }

    long inputTokens() {
        return inputTokens.sum();
    }

    long outputTokens() {
        return outputTokens.sum();
    }

    /** Up to 10 undocumented answers or failed calls, as they came. */
    List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    @Override
    public void close() {
        http.close();
    }
}
