package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.error.ErrorCode;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI document and Swagger UI. */
class OpenApiIT extends ApiTestBase {

    @Test
    void openApi_isJsonListingTheModelOperations() {
        Api.Reply reply = api.get("/api/v1/openapi.json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        JsonNode document = reply.json();
        assertThat(document.get("openapi").stringValue()).startsWith("3.");
        JsonNode paths = document.get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/models", "/api/v1/models/{id}",
                "/api/v1/models/{id}/inference", "/api/v1/models/{id}/preview", "/api/v1/models/validate",
                "/api/v1/models/preview", "/api/v1/presets", "/api/v1/presets/suggest", "/api/v1/models/{id}/test",
                "/api/v1/models/test", "/api/v1/models/check-role", "/api/v1/models/{id}/tests",
                "/api/v1/registrations", "/api/v1/registrations/{id}", "/api/v1/registrations/{id}/revoke",
                "/api/v1/operator/registrations", "/api/v1/operator/registrations/{id}/approve",
                "/api/v1/operator/registrations/{id}/reject", "/api/v1/operator/registrations/{id}/revoke",
                "/api/v1/operator/settings", "/api/v1/workspace", "/api/v1/workspace/external-id/rotation",
                "/api/v1/workspace/external-id/rotation/confirm", "/v1/chat/completions", "/v1/models",
                "/v1/models/{name}");
        assertThat(paths.get("/api/v1/models").propertyNames()).contains("get", "post");
        assertThat(paths.get("/api/v1/models/{id}").propertyNames()).contains("get", "put", "delete");
        assertThat(paths.get("/api/v1/registrations").propertyNames()).contains("get", "post");
        assertThat(paths.get("/api/v1/operator/settings").propertyNames()).contains("get", "put");
        assertThat(paths.get("/api/v1/workspace/external-id/rotation").propertyNames()).contains("post", "delete");
    }

    @Test
    void openApi_listsEveryErrorCodeOfTheTable_andTheProblemSchemaTheApiAnswers() {
        JsonNode document = api.get("/api/v1/openapi.json").json();

        ArrayNode expected = Api.JSON.createArrayNode();
        for (ErrorCode code : ErrorCode.values()) {
            ObjectNode entry = expected.addObject().put("code", code.code())
                    .put("type", "https://modelgate.dev/problems/" + code.code());
            if (code.status() != 0) {
                entry.put("status", code.status());
            }
            entry.put("title", code.title()).put("meaning", code.meaning()).put("retry", code.retry().advice());
            code.answeredAs().ifPresent(api -> entry.put("answeredAs", api.code()));
        }
        assertThat(Api.canonical(document.get("x-error-codes"))).isEqualTo(Api.canonical(expected));
        JsonNode types = document.get("components").get("schemas").get("Problem").get("properties").get("type")
                .get("enum");
        assertThat(types.valueStream().map(JsonNode::stringValue)).containsExactlyElementsOf(
                Arrays.stream(ErrorCode.values()).filter(ErrorCode::answered).map(ErrorCode::type).toList());
        assertThat(types.valueStream().map(JsonNode::stringValue)).contains(
                "https://modelgate.dev/problems/timeout", "https://modelgate.dev/problems/not-found")
                .doesNotContain("https://modelgate.dev/problems/trust-policy-or-role");
    }

    @Test
    void openApi_hasATitleAndOneTagPerFeature_neverAControllerName() {
        JsonNode document = api.get("/api/v1/openapi.json").json();

        assertThat(document.get("info").get("title").stringValue()).isEqualTo("Modelgate API");
        assertThat(document.get("info").get("version").stringValue()).isEqualTo("v1");
        assertThat(document.get("info").get("description").stringValue()).contains("Authorization: Bearer mgk_");
        List<String> tags = document.get("tags").valueStream().map(t -> t.get("name").stringValue()).toList();
        assertThat(tags).containsExactly("Sign-in", "Invoke", "Test", "Models", "Presets and catalog",
                "OpenAI-compatible", "Role registrations", "Workspace", "Members and API keys", "Usage and audit",
                "Operator");
        Map<String, List<String>> tagged = new TreeMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                tagged.put(operation.getKey() + " " + path.getKey(), operation.getValue().get("tags").valueStream()
                        .map(JsonNode::stringValue).toList())));
        assertThat(tagged).allSatisfy((operation, its) -> assertThat(its).as(operation).hasSize(1)
                .allSatisfy(tag -> assertThat(tags).as(operation).contains(tag)));
        assertThat(tagged).containsEntry("post /api/v1/models/{name}/invoke", List.of("Invoke"))
                .containsEntry("post /api/v1/models/{id}/test", List.of("Test"))
                .containsEntry("put /api/v1/models/{id}", List.of("Models"))
                .containsEntry("get /api/v1/models/{id}/revisions/compare", List.of("Models"))
                .containsEntry("post /v1/chat/completions", List.of("OpenAI-compatible"))
                .containsEntry("get /api/v1/operator/settings", List.of("Operator"))
                .containsEntry("post /api/v1/session", List.of("Sign-in"));
    }

    @Test
    void openApi_offersTheBearerKeyAndTheSessionCookie_andSignInNeedsNeither() {
        JsonNode document = api.get("/api/v1/openapi.json").json();

        JsonNode schemes = document.get("components").get("securitySchemes");
        assertThat(schemes.get("apiKey").get("type").stringValue()).isEqualTo("http");
        assertThat(schemes.get("apiKey").get("scheme").stringValue()).isEqualTo("bearer");
        assertThat(schemes.get("session").get("type").stringValue()).isEqualTo("apiKey");
        assertThat(schemes.get("session").get("in").stringValue()).isEqualTo("cookie");
        assertThat(schemes.get("session").get("name").stringValue()).isEqualTo("MODELGATE_SESSION");
        assertThat(Api.canonical(document.get("security")))
                .isEqualTo(Api.canonical(Api.JSON.readTree("[{\"apiKey\": []}, {\"session\": []}]")));
        assertThat(document.get("paths").get("/api/v1/session").get("post").get("security").isEmpty()).isTrue();
        assertThat(document.get("paths").get("/api/v1/session/providers").get("get").get("security").isEmpty())
                .isTrue();
        assertThat(document.get("paths").get("/api/v1/models").get("post").has("security")).isFalse();
    }

    @Test
    void openApi_createModelExample_isAModelTheApiCreates() {
        JsonNode document = api.get("/api/v1/openapi.json").json();

        JsonNode example = document.get("paths").get("/api/v1/models").get("post").get("requestBody").get("content")
                .get("application/json").get("examples").get("example").get("value");
        Api.Reply created = api.post(Api.MODELS, example);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("name").stringValue()).isEqualTo("claude-haiku");
        for (String path : List.of("/api/v1/models/{name}/invoke", "/api/v1/models/{id}/test", "/api/v1/models/test",
                "/v1/chat/completions")) {
            assertThat(document.get("paths").get(path).get("post").get("requestBody").get("content")
                    .get("application/json").get("examples").get("example").get("value").isObject()).as(path).isTrue();
        }
        assertThat(document.get("paths").get("/api/v1/models/test").get("post").get("requestBody").get("content")
                .get("application/json").get("examples").get("example").get("value").get("model"))
                .isEqualTo(example);
    }

    @Test
    void docs_redirectToSwaggerUi() {
        Api.Reply redirect = api.get("/api/docs");

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo("/api/swagger-ui/index.html");
        Api.Reply page = new Api(port, HttpClient.Redirect.NORMAL).get("/api/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"swagger-ui\">");
    }
}
