package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.error.ErrorCode;
import java.net.http.HttpClient;
import java.util.Arrays;
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
