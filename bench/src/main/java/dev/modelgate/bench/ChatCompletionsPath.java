package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Through Modelgate's OpenAI-compatible endpoint, as an OpenAI SDK calls it: {@code POST /v1/chat/completions} with
 * {@code {"model": name, "messages": [{"role": "user", "content": prompt}]}} and an AGENT key in
 * {@code Authorization: Bearer}, over HTTP/1.1 with keep-alive, then the answer parsed and
 * {@code choices[0].message.content} read.
 */
final class ChatCompletionsPath implements InvokePath {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String label;
    private final HttpClient http;
    private final HttpRequest request;

    /** @param apiKey the token of a key with the AGENT role (or above) in the model's workspace */
    ChatCompletionsPath(String label, URI server, String apiKey, String modelName, String prompt) {
        this.label = label;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        this.request = HttpRequest.newBuilder(server.resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(modelName, prompt, false))))
                .build();
    }

    /** The request body of one user message; with {@code stream}, also {@code stream_options.include_usage}. */
    static Map<String, Object> body(String modelName, String prompt, boolean stream) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", modelName);
        body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        if (stream) {
            body.put("stream", true);
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String call() throws Exception {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException("Modelgate answered " + response.statusCode() + ": "
                    + text.substring(0, Math.min(text.length(), 500)));
        }
        JsonNode answer = JSON.readTree(response.body());
        JsonNode text = answer.path("choices").path(0).path("message").path("content");
        if (!text.isString() || !answer.path("object").asString().equals("chat.completion")) {
            throw new IllegalStateException("Modelgate's answer is no chat.completion with choices[0].message.content");
        }
        return text.stringValue();
    }

    @Override
    public void close() {
        http.close();
    }
}
