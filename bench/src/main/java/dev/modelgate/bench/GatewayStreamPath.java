package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Through Modelgate, as an agent streams: {@code POST /api/v1/models/{name}/invoke} with {@code "stream": true} and
 * {@code Accept: text/event-stream}, the AGENT key in {@code Authorization: Bearer}, over HTTP/1.1 with keep-alive.
 * The answer's Server-Sent Events are read as they arrive, line by line: the first {@code delta} event with text is
 * the first token, the {@code done} event the end; an {@code error} event fails the call. Each event's JSON is
 * parsed, as the direct path parses each chunk's.
 */
final class GatewayStreamPath implements StreamPath {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The most of a refusal's body kept for its message. */
    private static final int MAX_ERROR_BYTES = 2_000;

    private final String label;
    private final HttpClient http;
    private final HttpRequest request;

    /**
     * A template model's stream, {@code {"variables": {"prompt": prompt}, "stream": true}}, labelled
     * "Modelgate stream".
     *
     * @param apiKey the token of a key with the AGENT role (or above) in the model's workspace
     */
    GatewayStreamPath(URI server, String apiKey, String modelName, String prompt) {
        this("Modelgate stream", server, apiKey, modelName, Map.of("variables", Map.of("prompt", prompt)));
    }

    /** A stream of {@code requestBody} (a Converse model's {@code messages}, …) with {@code "stream": true} added. */
    GatewayStreamPath(String label, URI server, String apiKey, String modelName, Map<String, Object> requestBody) {
        this.label = label;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        Map<String, Object> streamed = new java.util.LinkedHashMap<>(requestBody);
        streamed.put("stream", true);
        byte[] body = JSON.writeValueAsBytes(streamed);
        this.request = HttpRequest.newBuilder(server.resolve("/api/v1/models/" + modelName + "/invoke"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public StreamAnswer call() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            Events events = new Events(start, opened(response, in));
            events.readUntilDone(null);
            in.transferTo(OutputStream.nullOutputStream()); // the rest, if any, so that the connection is reused
            return events.answer();
        }
    }

    /**
     * Opens a stream and returns once its first {@code delta} has arrived; a virtual thread then goes on reading it
     * as it comes until it ends or {@link Held#close()} cancels it. For holding streams open while the server is
     * measured.
     */
    Held hold() throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        InputStream in = response.body();
        CountDownLatch firstDelta = new CountDownLatch(1);
        Thread reader;
        try {
            Events events = new Events(start, opened(response, in));
            reader = Thread.ofVirtual().name("held-stream").start(() -> {
                try {
                    events.readUntilDone(firstDelta);
                } catch (IOException | RuntimeException closedOrFailed) {
                    // closed by Held.close(), or failed: the caller sees the latch not counted down
                }
            });
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new Held(in, firstDelta, reader);
    }

    /** A stream held open by {@link #hold()}. */
    record Held(InputStream in, CountDownLatch firstDelta, Thread reader) implements AutoCloseable {
        /** Closes the stream (Modelgate sees its caller go away) and waits a little for the reader to stop. */
        @Override
        public void close() throws IOException, InterruptedException {
            in.close();
            reader.join(Duration.ofSeconds(5));
        }
    }

    /** The stream's lines, after checking that it is one: 200, {@code text/event-stream}. */
    private static BufferedReader opened(HttpResponse<InputStream> response, InputStream in) throws IOException {
        if (response.statusCode() != 200) {
            String text = new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
            throw new IllegalStateException("Modelgate answered " + response.statusCode() + ": " + text);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            throw new IllegalStateException("Modelgate answered 200 with Content-Type \"" + type
                    + "\", not text/event-stream");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8_192);
    }

    /** Server-Sent Events as the contract writes them: an {@code event:} line, one {@code data:} line, a blank line. */
    private static final class Events {
        private final long start;
        private final BufferedReader lines;
        private final StringBuilder text = new StringBuilder(4_096);
        private long firstToken;
        private long end;
        private int events;
        private int textChunks;
        private long outputTokens = -1;
        private long serverFirstToken = -1;
        private long serverTotal = -1;

        Events(long start, BufferedReader lines) {
            this.start = start;
            this.lines = lines;
        }

        /** Reads up to and including the {@code done} event; counts {@code firstDelta} down at the first text. */
        void readUntilDone(CountDownLatch firstDelta) throws IOException {
            String event = "message";
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    event = "message";
                } else if (line.startsWith("event:")) {
                    event = field(line, 6);
                } else if (line.startsWith("data:")) {
                    events++;
                    switch (event) {
                        case "delta" -> {
                            JsonNode delta = JSON.readTree(field(line, 5)).path("text");
                            if (delta.isString() && !delta.stringValue().isEmpty()) {
                                if (textChunks++ == 0) {
                                    firstToken = System.nanoTime();
                                    if (firstDelta != null) {
                                        firstDelta.countDown();
                                    }
                                }
                                text.append(delta.stringValue());
                            }
                        }
                        case "done" -> {
                            end = System.nanoTime();
                            JsonNode done = JSON.readTree(field(line, 5));
                            outputTokens = done.path("usage").path("outputTokens").asLong(-1);
                            serverFirstToken = done.path("timeToFirstTokenMs").asLong(-1);
                            serverTotal = done.path("latencyMs").asLong(-1);
                            return;
                        }
                        case "error" -> throw new IllegalStateException("Modelgate's stream ended in an error event: "
                                + field(line, 5));
                        default -> {
                            // other events (toolUse, …) carry no text of a template model
                        }
                    }
                }
            }
            throw new IllegalStateException("Modelgate's stream ended without a done event after " + textChunks
                    + " deltas");
        }

        StreamAnswer answer() {
            if (textChunks == 0) {
                throw new IllegalStateException("Modelgate's stream carried no text");
            }
            return new StreamAnswer(firstToken - start, end - start, events, textChunks, text.toString(), outputTokens,
                    serverFirstToken, serverTotal);
        }

        /** A field's value: what follows the colon, without the one space that may follow it. */
        private static String field(String line, int colon) {
            return line.length() > colon && line.charAt(colon) == ' ' ? line.substring(colon + 1) : line.substring(colon);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
