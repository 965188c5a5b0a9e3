package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests the server cannot read as a model at all: broken JSON, unknown fields, wrong JSON types, the wrong media
 * type or method. Each is a 400-class problem naming what is wrong, and saves nothing.
 */
class MalformedRequestIT extends ApiTestBase {

    private static final String DRAFT_FIELDS = "[name, description, inferenceEnabled, roleArn, stsEndpoint, region, "
            + "modelReference, variables, requestTemplate, outputMapping, timeouts, options, api, converse, chat]";

    private static ObjectNode malformed(String detail, String instance) {
        return problem(400, "malformed-json", "Malformed JSON", detail, instance);
    }

    private static ObjectNode unknownField(String field, String allowed, String instance) {
        return problem(400, "unknown-field", "Unknown field", "unknown field \"" + field + "\"; allowed here: " + allowed,
                instance).set("violations", Api.array(violation(field, "unknown-field",
                        "unknown field \"" + field + "\"")));
    }

    private static ObjectNode wrongType(String field, String message, String instance) {
        return problem(400, "wrong-type", "Wrong type", message, instance)
                .set("violations", Api.array(violation(field, "wrong-type", message)));
    }

    @Test
    void create_malformedJson_is400WithLineAndColumn() {
        api.post(MODELS, "{\n  \"name\": \"x\",\n  \"roleArn\": }").assertProblem(malformed(
                "the request body is not valid JSON for this endpoint at line 3, column 14: "
                        + "Unexpected character ('}' (code 125)): expected a value", MODELS));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{} 5", "{} true", "{} []"})
    void create_contentAfterTheJsonValue_is400(String body) {
        api.post(MODELS, body).assertProblem(malformed(
                "the request body is not valid JSON for this endpoint at line 1, column 4: content follows the JSON value",
                MODELS));
    }

    @Test
    void create_invalidUtf8_is400() {
        byte[] body = "{\"name\": \"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);

        api.sendRaw("POST", MODELS, body, "Content-Type", "application/json").assertProblem(malformed(
                "the request body is not valid JSON for this endpoint at line 1, column 12: Invalid UTF-8 start byte 0xff",
                MODELS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null"})
    void create_emptyOrNullBody_is400(String body) {
        api.post(MODELS, body)
                .assertProblem(malformed("the request body is missing or is not valid JSON", MODELS));
    }

    @Test
    void create_unknownTopLevelField_is400NamingItAndTheAllowedOnes() {
        ObjectNode draft = Drafts.valid("haiku").put("bogus", 1);

        api.post(MODELS, draft).assertProblem(unknownField("bogus", DRAFT_FIELDS, MODELS));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void create_unknownFieldOfAVariable_is400NamingItsPath() {
        ObjectNode draft = Drafts.valid("haiku");
        ((ObjectNode) draft.get("variables").get(0)).put("bogus", true);

        api.post(MODELS, draft).assertProblem(unknownField("variables[0].bogus",
                "[name, type, required, defaultValue, testValue, description]", MODELS));
    }

    @Test
    void create_unknownMemberOfTheChatRule_is400NamingItsPathAndTheMembers() {
        ObjectNode draft = Drafts.valid("haiku");
        draft.putObject("chat").put("max_tokens", "max_tokens");

        api.post(MODELS, draft).assertProblem(unknownField("chat.max_tokens",
                "[prompt, system, messages, tools, maxTokens, temperature, topP, stop]", MODELS));
    }

    @Test
    void create_unknownFieldOfTheOutputMapping_is400NamingItsPath() {
        ObjectNode draft = Drafts.valid("haiku");
        ((ObjectNode) draft.get("outputMapping")).put("bogus", "$.x");

        api.post(MODELS, draft).assertProblem(unknownField("outputMapping.bogus",
                "[text, inputTokens, outputTokens, extras, stream]", MODELS));
    }

    @Test
    void inference_unknownField_is400() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model) + "/inference", "{\"enabled\": false, \"why\": \"tests\"}")
                .assertProblem(unknownField("why", "[enabled]", path(model) + "/inference"));
        assertThat(api.get(path(model)).json().get("inferenceEnabled").booleanValue()).isTrue();
    }

    /** Before the fix these were "Malformed JSON" naming Java types ({@code java.util.ArrayList<…$Variable>}). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
            {"variables": "x"}                         | variables                | variables must be an array, got a string
            {"variables": [1]}                         | variables[0]             | variables[0] must be an object, got a number
            {"name": 5}                                | name                     | name must be a string, got a number
            {"name": {"first": "x"}}                   | name                     | name must be a string, got an object
            {"description": false}                     | description              | description must be a string, got false
            {"inferenceEnabled": "true"}               | inferenceEnabled         | inferenceEnabled must be true or false, got a string
            {"variables": [{"required": 1}]}           | variables[0].required    | variables[0].required must be true or false, got a number
            {"variables": [{"type": ["STRING"]}]}      | variables[0].type        | variables[0].type must be a string, got an array
            {"outputMapping": "$.content[0].text"}     | outputMapping            | outputMapping must be an object, got a string
            {"outputMapping": {"extras": ["$.a"]}}     | outputMapping.extras     | outputMapping.extras must be an object, got an array
            {"outputMapping": {"extras": {"stop": 1}}} | outputMapping.extras.stop | outputMapping.extras.stop must be a string, got a number
            {"chat": "prompt"}                         | chat                     | chat must be an object, got a string
            {"chat": {"prompt": 5}}                    | chat.prompt              | chat.prompt must be a string, got a number
            {"chat": {"tools": ["tools"]}}             | chat.tools               | chat.tools must be a string, got an array
            """)
    void create_wrongJsonType_is400NamingTheField(String body, String field, String message) {
        api.post(MODELS, body).assertProblem(wrongType(field, message, MODELS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": ", "{\"name\": \"haiku\", \"bogus\": 1}", "{\"variables\": \"x\"}", ""})
    void update_unreadableBody_is400AndChangesNothing(String body) {
        JsonNode model = create(Drafts.valid("haiku"));

        Api.Reply reply = api.put(path(model), body, "If-Match", "\"1\"");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo(Api.PROBLEM_JSON);
        Api.Reply read = api.get(path(model));
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        read.assertJson(200, model);
    }

    @Test
    void create_bodyNotAnObject_is400WrongType() {
        api.post(MODELS, "[]").assertProblem(problem(400, "wrong-type", "Wrong type",
                "the request body must be an object, got an array", MODELS));
    }

    @Test
    void inference_enabledNotABoolean_is400NamingIt() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model) + "/inference", "{\"enabled\": \"yes\"}").assertProblem(wrongType("enabled",
                "enabled must be true or false, got a string", path(model) + "/inference"));
    }

    @Test
    void inference_withoutEnabled_is422() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model) + "/inference", "{}").assertProblem(Api.invalid(path(model) + "/inference",
                violation("enabled", "required", "enabled must be true or false")));
    }

    @Test
    void create_notJsonMediaType_is415() {
        api.sendRaw("POST", MODELS, Api.canonical(Drafts.valid("haiku")).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain").assertProblem(problem(415, "unsupported-media-type",
                "Unsupported media type", "send the body as application/json", MODELS));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void patch_isNotAMethodOfAModel_is405ListingTheAllowedOnes() {
        JsonNode model = create(Drafts.valid("haiku"));

        Api.Reply reply = api.sendRaw("PATCH", path(model), "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");

        reply.assertProblem(problem(405, "method-not-allowed", "Method not allowed",
                "PATCH is not supported here; allowed: DELETE, GET, PUT", path(model)));
        assertThat(reply.header("Allow")).isEqualTo("DELETE,GET,PUT");
    }

    @Test
    void delete_ofTheCollection_is405ListingTheAllowedOnes() {
        Api.Reply reply = api.delete(MODELS, "If-Match", "\"1\"");

        reply.assertProblem(problem(405, "method-not-allowed", "Method not allowed",
                "DELETE is not supported here; allowed: GET, POST", MODELS));
        assertThat(reply.header("Allow")).isEqualTo("GET,POST");
    }

    @Test
    void unknownPath_is404() {
        api.get("/api/v1/nothing").assertProblem(problem(404, "not-found", "Not found",
                "no such resource: /api/v1/nothing", "/api/v1/nothing"));
    }
}
