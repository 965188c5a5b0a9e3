package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The few Modelgate API calls that set the benchmark up: Modelgate's identity, create a model, Test it, preview its
 * body, read it.
 */
final class ModelgateApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ModelgateApi(URI base) {
        this.base = base;
    }

    /** The body Modelgate would send to Bedrock for {@code values}, exactly, and the model ID it would send it to. */
    record Preview(String bodyText, String modelId) {
    }

    /** {@code POST /api/v1/models}: the created model. */
    JsonNode createModel(Map<String, Object> draft) throws IOException, InterruptedException {
        return expect(201, post("/api/v1/models", draft), "creating the model");
    }

    /**
     * Registers the role for the workspace and approves the registration, as the workspace admin and then the
     * platform operator do: Modelgate assumes only approved roles.
     */
    void registerAndApprove(String roleArn) throws IOException, InterruptedException {
        JsonNode registration = expect(201, post("/api/v1/registrations", Map.of("roleArn", roleArn)),
                "registering the role");
        expect(200, post("/api/v1/operator/registrations/" + registration.path("id").asString() + "/approve",
                Map.of()), "approving the role's registration");
    }

    /** {@code POST /api/v1/models/{id}/test} with the variables' test values: the Test's run, passed or failed. */
    JsonNode test(String id) throws IOException, InterruptedException {
        return expect(200, post("/api/v1/models/" + id + "/test", Map.of()), "testing the model");
    }

    /** Modelgate's principal as a tenant's role must trust it: the workspace's External ID and the trust policy. */
    record Identity(String externalId, String trustPolicy) {
    }

    /** {@code GET /api/v1/platform/identity}: the External ID and the trust policy as JSON text, ready to paste. */
    Identity platformIdentity() throws IOException, InterruptedException {
        JsonNode identity = expect(200, get("/api/v1/platform/identity"), "reading Modelgate's identity");
        return new Identity(identity.get("externalId").stringValue(), JSON.writeValueAsString(identity.get("trustPolicy")));
    }

    /** {@code POST /api/v1/models/{id}/preview} with {@code values}. */
    Preview preview(String id, Map<String, Object> values) throws IOException, InterruptedException {
        JsonNode preview = expect(200, post("/api/v1/models/" + id + "/preview", Map.of("values", values)),
                "previewing the model's body");
        return new Preview(preview.get("bodyText").stringValue(), preview.get("modelId").stringValue());
    }

    /** {@code GET /api/v1/models/{id}}. */
    JsonNode model(String id) throws IOException, InterruptedException {
        return expect(200, get("/api/v1/models/" + id), "reading the model");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": " + response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        http.close();
    }
}
