package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Through Modelgate's OpenAI-compatible endpoint, streamed as an OpenAI SDK streams: {@code POST /v1/chat/completions}
 * with {@code "stream": true} and {@code stream_options.include_usage}, the AGENT key in {@code Authorization: Bearer},
 * over HTTP/1.1 with keep-alive. The answer's {@code data:} lines are read as they arrive and each chunk's JSON parsed:
 * the first chunk whose {@code choices[0].delta.content} is not empty is the first token, {@code data: [DONE]} the
 * end; the usage chunk's {@code completion_tokens} are the output tokens; a chunk with {@code error} fails the call.
 */
final class ChatCompletionsStreamPath implements StreamPath {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The most of a refusal's body kept for its message. */
    private static final int MAX_ERROR_BYTES = 2_000;

    private final String label;
    private final HttpClient http;
    private final HttpRequest request;

    /** @param apiKey the token of a key with the AGENT role (or above) in the model's workspace */
    ChatCompletionsStreamPath(String label, URI server, String apiKey, String modelName, String prompt) {
        this.label = label;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        byte[] body = JSON.writeValueAsBytes(ChatCompletionsPath.body(modelName, prompt, true));
        this.request = HttpRequest.newBuilder(server.resolve("/v1/chat/completions"))
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
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Modelgate answered " + response.statusCode() + ": "
                        + new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                throw new IllegalStateException("Modelgate answered 200 with Content-Type \"" + type
                        + "\", not text/event-stream");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8_192);
            StringBuilder text = new StringBuilder(4_096);
            long firstToken = 0;
            int chunks = 0;
            int textChunks = 0;
            long outputTokens = -1;
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // the blank line after each chunk
                }
                String data = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
                if (data.equals("[DONE]")) {
                    long end = System.nanoTime();
                    in.transferTo(OutputStream.nullOutputStream()); // the rest, if any, so that the connection is reused
                    if (textChunks == 0) {
                        throw new IllegalStateException("Modelgate's stream carried no text");
                    }
                    return new StreamAnswer(firstToken - start, end - start, chunks, textChunks, text.toString(),
                            outputTokens, -1, -1);
                }
                chunks++;
                JsonNode chunk = JSON.readTree(data);
                if (chunk.has("error")) {
                    throw new IllegalStateException("Modelgate's stream ended in an error chunk: " + data);
                }
                JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
                if (content.isString() && !content.stringValue().isEmpty()) {
                    if (textChunks++ == 0) {
                        firstToken = System.nanoTime();
                    }
                    text.append(content.stringValue());
                }
                JsonNode completionTokens = chunk.path("usage").path("completion_tokens");
                if (completionTokens.isNumber()) {
                    outputTokens = completionTokens.longValue();
                }
            }
            throw new IllegalStateException("Modelgate's stream ended without data: [DONE] after " + textChunks
                    + " chunks with text");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
