package dev.modelgate.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code /api/v1/openapi.json} (and Swagger UI at {@code /api/docs}) says beyond the operations springdoc finds:
 * the title and description, one tag per feature (by path, so a new endpoint lands in its feature's tag), the two
 * ways to authenticate (an API key as a bearer token, or the console's session cookie), and an example body for the
 * main requests.
 */
@Component
class ApiDocument implements OpenApiCustomizer {

    static final String API_KEY = "apiKey";
    static final String SESSION = "session";

    /** A feature's tag: its name, what it says, and the path prefixes that belong to it (first match wins). */
    private record Feature(String name, String description, List<String> prefixes) {

        boolean owns(String path) {
            return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        }
    }

    private static final List<Feature> FEATURES = List.of(
            new Feature("Sign-in", "Console sessions: sign in (answers the session cookie), sign out, change the "
                    + "password; the sign-in providers", List.of("/api/v1/session")),
            new Feature("Invoke", "Agents call a READY model by name, answered as JSON or as Server-Sent Events",
                    List.of("/api/v1/models/{name}/invoke")),
            new Feature("Test", "Test a saved model or an unsaved draft stage by stage (assume the role, invoke, map, "
                    + "stream), with a diagnosis of the first stage that fails; check a role; a model's Test runs",
                    List.of("/api/v1/models/test", "/api/v1/models/{id}/test", "/api/v1/models/{id}/tests",
                            "/api/v1/models/check-role")),
            new Feature("Models", "A workspace's external models: create, read, update, delete, validate and "
                    + "preview the exact body Bedrock receives; turn inference on and off; fallbacks and balancing; "
                    + "revisions (history with each one's "
                    + "usage and Test runs, compare two, promote, roll back)", List.of("/api/v1/models")),
            new Feature("Presets and catalog", "Starting configurations per model family, which one fits a model "
                    + "reference, and the Bedrock models and inference profiles a role may see",
                    List.of("/api/v1/presets", "/api/v1/catalog")),
            new Feature("OpenAI-compatible", "Chat Completions and the model list as OpenAI's SDKs call them "
                    + "(errors in OpenAI's shape)", List.of("/v1")),
            new Feature("Role registrations", "A workspace registers its IAM roles; Modelgate assumes only approved "
                    + "ones", List.of("/api/v1/registrations")),
            new Feature("Workspace", "The workspace, its External ID and its rotation; the platform's principal and "
                    + "the trust policy to paste", List.of("/api/v1/workspace", "/api/v1/platform")),
            new Feature("Members and API keys", "Who may use the workspace: console accounts and API keys",
                    List.of("/api/v1/members", "/api/v1/keys")),
            new Feature("Usage and audit", "Calls, tokens and spend per model, key and day, and as CSV; the prices "
                    + "in effect; budgets per day or month; the audit log",
                    List.of("/api/v1/usage", "/api/v1/prices", "/api/v1/budgets", "/api/v1/audit")),
            new Feature("Operator", "Platform operators: approve role registrations, settings, workspaces, price "
                    + "overrides, the platform's audit log", List.of("/api/v1/operator")));

    /** Paths anyone may call (AccessRules): sign in and out, the session, the sign-in providers. */
    private static final List<String> PUBLIC = List.of("/api/v1/session", "/api/v1/session/providers");

    /** Where no feature claims a path; the document test fails on it, so that it gets a feature. */
    static final String UNTAGGED = "Other";

    private static final String DESCRIPTION = """
            Modelgate lets the workspaces of an agent platform bring their own LLMs on Amazon Bedrock without handing \
            over long-lived keys: Modelgate assumes the workspace's IAM role through STS (bound to the workspace's \
            External ID), renders the model's request template, calls Bedrock, maps the answer with JSONPath and \
            records usage.

            **Authenticate** with an API key of the workspace as `Authorization: Bearer mgk_…` (Authorize → apiKey), \
            or sign in to the console in this browser: its session cookie is sent along (a request that changes \
            something also carries the `XSRF-TOKEN` cookie's value in `X-XSRF-TOKEN`, which this page does for you).

            **Errors** are RFC 9457 problem+json (schema `Problem`); `x-error-codes` lists every code with its \
            status, meaning and retry advice. Under `/v1` errors take OpenAI's shape.""";

    private final JsonMapper json;

    ApiDocument(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title("Modelgate API").version("v1").description(DESCRIPTION));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("mgk_…").description("An API key of the workspace (the console's API keys "
                                + "page, or POST /api/v1/keys); its role decides what it may call"))
                .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE).name("MODELGATE_SESSION").description("A console session: "
                                + "POST /api/v1/session signs in and sets it. It is HttpOnly: in a browser signed in "
                                + "to the console, leave this empty, the browser sends it itself"));
        openApi.security(List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(SESSION)));
        openApi.tags(FEATURES.stream().map(f -> new Tag().name(f.name()).description(f.description())).toList());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            String tag = FEATURES.stream().filter(f -> f.owns(path)).map(Feature::name).findFirst().orElse(UNTAGGED);
            item.readOperations().forEach(operation -> operation.setTags(List.of(tag)));
            if (PUBLIC.contains(path)) {
                item.readOperations().forEach(operation -> operation.setSecurity(List.of()));
            }
        });
        example(openApi, "/api/v1/models", "A Claude 3 Haiku model through the US inference profile", CREATE_MODEL);
        example(openApi, "/api/v1/models/{name}/invoke", "Fill the prompt; other variables take their defaults",
                INVOKE);
        example(openApi, "/api/v1/models/{id}/test", "Test the saved model with these values", TEST_SAVED);
        example(openApi, "/api/v1/models/test", "Test a draft before saving it", "{\"model\": " + CREATE_MODEL
                + ", \"variables\": {\"prompt\": \"What is Modelgate?\"}}");
        example(openApi, "/v1/chat/completions", "One user message to a model of the workspace", CHAT);
    }

    /** Sets the JSON example of the POST body of {@code path}, when the document has one. */
    private void example(OpenAPI openApi, String path, String summary, String body) {
        PathItem item = openApi.getPaths().get(path);
        Operation post = item == null ? null : item.getPost();
        if (post == null || post.getRequestBody() == null || post.getRequestBody().getContent() == null) {
            return;
        }
        MediaType media = post.getRequestBody().getContent().get("application/json");
        if (media != null) {
            media.setExamples(Map.of("example", new Example().summary(summary)
                    .value(json.readValue(body, Object.class))));
        }
    }

    static final String CREATE_MODEL = """
            {
              "name": "claude-haiku",
              "description": "Claude 3 Haiku through the US profile",
              "roleArn": "arn:aws:iam::222222222222:role/ModelgateBedrockAccess",
              "region": "us-east-1",
              "modelReference": "us.anthropic.claude-3-haiku-20240307-v1:0",
              "variables": [
                {"name": "prompt", "type": "STRING", "required": true, "testValue": "Say hello to Modelgate."},
                {"name": "max_tokens", "type": "INTEGER", "required": false, "defaultValue": 512, "testValue": 64}
              ],
              "requestTemplate": "{\\"anthropic_version\\": \\"bedrock-2023-05-31\\", \\"max_tokens\\": {{max_tokens}}, \
            \\"messages\\": [{\\"role\\": \\"user\\", \\"content\\": [{\\"type\\": \\"text\\", \\"text\\": \\"{{prompt}}\\"}]}]}",
              "outputMapping": {
                "text": "$.content[0].text",
                "inputTokens": "$.usage.input_tokens",
                "outputTokens": "$.usage.output_tokens",
                "extras": {"stopReason": "$.stop_reason"}
              }
            }""";

    static final String INVOKE = """
            {"variables": {"prompt": "What is Modelgate?"}, "stream": false}""";

    static final String TEST_SAVED = """
            {"variables": {"prompt": "What is Modelgate?"}}""";

    static final String CHAT = """
            {"model": "claude-haiku", "messages": [{"role": "user", "content": "What is Modelgate?"}]}""";
}
