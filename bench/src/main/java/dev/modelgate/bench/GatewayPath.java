package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Through Modelgate, as an agent calls: {@code POST /api/v1/models/{name}/invoke} with an AGENT key in
 * {@code Authorization: Bearer}, over HTTP/1.1 with keep-alive (the JDK client keeps idle connections and opens one
 * per concurrent caller at most), then the answer parsed and its text read.
 */
final class GatewayPath implements InvokePath {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String label;
    private final HttpClient http;
    private final HttpRequest request;

    /**
     * A template model's call, {@code {"variables": {"prompt": prompt}}}, labelled "Modelgate".
     *
     * @param apiKey the token of a key with the AGENT role (or above) in the model's workspace
     */
    GatewayPath(URI server, String apiKey, String modelName, String prompt) {
        this("Modelgate", server, apiKey, modelName, Map.of("variables", Map.of("prompt", prompt)));
    }

    /** A call with {@code body} as the invoke endpoint's request (a Converse model's {@code messages}, …). */
    GatewayPath(String label, URI server, String apiKey, String modelName, Map<String, Object> requestBody) {
        this.label = label;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        byte[] body = JSON.writeValueAsBytes(requestBody);
        this.request = HttpRequest.newBuilder(server.resolve("/api/v1/models/" + modelName + "/invoke"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
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
        JsonNode text = JSON.readTree(response.body()).path("output").path("text");
        if (!text.isString()) {
            throw new IllegalStateException("Modelgate's answer has no output.text");
        }
        return text.stringValue();
    }

    @Override
    public void close() {
        http.close();
    }
}
