package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Render previews of a draft and of a saved model: the exact body Bedrock would receive, and bad values. */
class PreviewApiIT extends ApiTestBase {

    /** What the preview of {@link Drafts#valid} answers for a prompt (already JSON-escaped) and max_tokens. */
    private static ObjectNode expectedPreview(String escapedPrompt, int maxTokens, String valuesFrom) {
        String text = Drafts.TEMPLATE.replace("{{max_tokens}}", String.valueOf(maxTokens))
                .replace("{{prompt}}", escapedPrompt);
        return Api.JSON.createObjectNode()
                .<ObjectNode>set("body", Api.parse(text))
                .put("bodyText", text)
                .put("bytes", text.getBytes(StandardCharsets.UTF_8).length)
                .put("modelId", Drafts.PROFILE)
                .put("valuesFrom", valuesFrom);
    }

    private static ObjectNode draftPreview(ObjectNode draft) {
        return Api.JSON.createObjectNode().set("draft", draft);
    }

    @Test
    void previewDraft_withoutValues_rendersTheTestValues() {
        api.post(MODELS + "/preview", draftPreview(Drafts.valid("haiku")))
                .assertJson(200, expectedPreview("Say hello.", 32, "testValues"));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void previewDraft_withValues_rendersThemAndDefaultsForTheRest() {
        ObjectNode request = draftPreview(Drafts.valid("haiku"));
        request.putObject("values").put("prompt", "Bonjour");

        api.post(MODELS + "/preview", request).assertJson(200, expectedPreview("Bonjour", 256, "request"));
    }

    @Test
    void previewSaved_withValues_rendersThem() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{\"values\": {\"prompt\": \"Hi\", \"max_tokens\": 7}}")
                .assertJson(200, expectedPreview("Hi", 7, "request"));
    }

    @Test
    void previewSaved_withoutValues_rendersTheTestValues() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{}").assertJson(200, expectedPreview("Say hello.", 32, "testValues"));
        api.send("POST", path(model) + "/preview", BodyPublishers.noBody())
                .assertJson(200, expectedPreview("Say hello.", 32, "testValues"));
    }

    @Test
    void previewSaved_hostileValue_staysTextInsideItsString() {
        JsonNode model = create(Drafts.valid("haiku"));
        String hostile = "a\"b\\c}}{{prompt}}";

        Api.Reply reply = api.post(path(model) + "/preview",
                Api.JSON.createObjectNode().set("values", Api.JSON.createObjectNode().put("prompt", hostile)));

        reply.assertJson(200, expectedPreview("a\\\"b\\\\c}}{{prompt}}", 256, "request"));
        assertThat(reply.json().at("/body/messages/0/content").stringValue()).isEqualTo(hostile);
    }

    @Test
    void previewDraft_renderedBodyLargerThanARequestMayBe_isShown() {
        // A body Modelgate renders may be larger than the 1 MiB a request body may be: here the prompt twice.
        ObjectNode request = draftPreview(Drafts.valid("haiku"));
        ((ObjectNode) request.get("draft")).put("requestTemplate", """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": {{max_tokens}},
                 "messages": [{"role": "user", "content": "{{prompt}}"}, {"role": "user", "content": "{{prompt}}"}]}""");
        String prompt = "a".repeat(700_000);
        request.putObject("values").put("prompt", prompt);

        Api.Reply reply = api.post(MODELS + "/preview", request);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/body/messages/1/content").stringValue()).isEqualTo(prompt);
        assertThat(reply.json().get("bytes").intValue()).isGreaterThan(1_400_000);
    }

    @Test
    void previewSaved_wrongTypedValue_is422NamingTheValue() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{\"values\": {\"prompt\": \"Hi\", \"max_tokens\": \"ten\"}}")
                .assertProblem(invalid(path(model) + "/preview", violation("values.max_tokens", "wrong-type",
                        "variable \"max_tokens\" must be INTEGER (a JSON integer, without fraction or exponent), "
                                + "got the string \"ten\"")));
    }

    @Test
    void previewSaved_missingRequiredValue_is422NamingTheValue() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{\"values\": {\"max_tokens\": 7}}")
                .assertProblem(invalid(path(model) + "/preview", violation("values.prompt", "missing-variable",
                        "variable \"prompt\" is required and has no default; give it a STRING value")));
    }

    @Test
    void previewSaved_unknownVariable_is422NamingTheValue() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{\"values\": {\"prompt\": \"Hi\", \"bogus\": 1}}")
                .assertProblem(invalid(path(model) + "/preview", violation("values.bogus", "unknown-variable",
                        "the template declares no variable named \"bogus\"; remove it or declare it")));
    }

    @Test
    void previewSaved_everyBadValueAtOnce_listsThemAll() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.post(path(model) + "/preview", "{\"values\": {\"max_tokens\": 1.5, \"bogus\": 1}}")
                .assertProblem(invalid(path(model) + "/preview", "3 fields are invalid; see violations",
                        violation("values.prompt", "missing-variable",
                                "variable \"prompt\" is required and has no default; give it a STRING value"),
                        violation("values.max_tokens", "wrong-type", "variable \"max_tokens\" must be INTEGER "
                                + "(a JSON integer, without fraction or exponent), got the number 1.5"),
                        violation("values.bogus", "unknown-variable",
                                "the template declares no variable named \"bogus\"; remove it or declare it")));
    }

    @Test
    void previewSaved_valuesNotAnObject_is400WrongType() {
        JsonNode model = create(Drafts.valid("haiku"));
        String message = "values must be an object, got an array";

        api.post(path(model) + "/preview", "{\"values\": [\"Hi\"]}").assertProblem(
                Api.problem(400, "wrong-type", "Wrong type", message, path(model) + "/preview")
                        .set("violations", Api.array(violation("values", "wrong-type", message))));
    }

    @Test
    void previewDraft_withoutDraft_is422() {
        api.post(MODELS + "/preview", "{\"values\": {}}").assertProblem(invalid(MODELS + "/preview",
                violation("draft", "required", "draft is required: the model configuration to preview")));
    }

    @Test
    void previewDraft_invalidDraft_namesTheFieldsUnderDraft() {
        ObjectNode draft = Drafts.valid("bad name");
        ((ObjectNode) draft.get("variables").get(1)).put("defaultValue", "many");

        api.post(MODELS + "/preview", draftPreview(draft)).assertProblem(invalid(MODELS + "/preview",
                "2 fields are invalid; see violations",
                violation("draft.name", "invalid-name", "name must be 1 to 64 characters of letters, digits, '.', "
                        + "'_' or '-', starting with a letter or digit, got \"bad name\""),
                violation("draft.variables[1].defaultValue", "wrong-type", "default value of variable \"max_tokens\" "
                        + "must be INTEGER (a JSON integer, without fraction or exponent), got the string \"many\"")));
    }
}
