package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The presets, the suggestion of one for a model, and {@code POST /api/v1/models/validate}. */
class PresetsAndValidationIT extends ApiTestBase {

    /** A model ID of each family, in the order the presets are listed. */
    private static final Map<String, String> MODEL_OF_FAMILY = new LinkedHashMap<>();

    static {
        MODEL_OF_FAMILY.put("ANTHROPIC_CLAUDE", "anthropic.claude-3-haiku-20240307-v1:0");
        MODEL_OF_FAMILY.put("AMAZON_NOVA", "amazon.nova-lite-v1:0");
        MODEL_OF_FAMILY.put("AMAZON_TITAN_TEXT", "amazon.titan-text-express-v1");
        MODEL_OF_FAMILY.put("META_LLAMA", "meta.llama3-8b-instruct-v1:0");
        MODEL_OF_FAMILY.put("MISTRAL", "mistral.mistral-7b-instruct-v0:2");
        MODEL_OF_FAMILY.put("COHERE_COMMAND_R", "cohere.command-r-v1:0");
        MODEL_OF_FAMILY.put("AI21_JAMBA", "ai21.jamba-1-5-mini-v1:0");
        MODEL_OF_FAMILY.put("DEEPSEEK_R1", "deepseek.r1-v1:0");
    }

    @Test
    void presets_listEveryFamily() {
        Api.Reply reply = api.get("/api/v1/presets");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(StreamSupport.stream(reply.json().spliterator(), false).map(p -> p.get("family").stringValue()))
                .containsExactlyElementsOf(MODEL_OF_FAMILY.keySet());
    }

    @Test
    void presets_sayWhetherTheFamilySpeaksConverse_andOfferItFirst() {
        JsonNode presets = api.get("/api/v1/presets").json();

        assertThat(presets).allSatisfy(p -> {
            assertThat(p.get("converseSupported").booleanValue()).as(p.get("family").stringValue()).isTrue();
            assertThat(p.get("apis").toString()).isEqualTo("[\"CONVERSE\",\"INVOKE_MODEL\"]");
            assertThat(p.at("/converse/systemPrompt").isBoolean()).isTrue();
        });
        JsonNode titan = StreamSupport.stream(presets.spliterator(), false)
                .filter(p -> p.get("family").stringValue().equals("AMAZON_TITAN_TEXT")).findFirst().orElseThrow();
        assertThat(titan.at("/converse/systemPrompt").booleanValue()).isFalse();
        assertThat(titan.at("/converse/toolUse").booleanValue()).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> preset_ofEachFamily_isSuggestedForItsModelsAndValidates() {
        return MODEL_OF_FAMILY.entrySet().stream().map(family -> DynamicTest.dynamicTest(family.getKey(), () -> {
            String model = family.getValue();
            JsonNode preset = api.get("/api/v1/presets/suggest?modelReference=" + model + "&region=us-west-2").json()
                    .get("preset");
            assertThat(preset.get("family").stringValue()).isEqualTo(family.getKey());
            ObjectNode draft = Api.JSON.createObjectNode().put("name", family.getKey().toLowerCase(Locale.ROOT))
                    .put("roleArn", Drafts.ROLE_ARN).put("region", "us-west-2").put("modelReference", model);
            draft.set("variables", preset.get("variables"));
            draft.set("requestTemplate", preset.get("template"));
            draft.set("outputMapping", preset.get("outputMapping"));

            api.post(MODELS + "/validate", draft).assertJson(200, parse("""
                    {"valid": true, "violations": [], "warnings": [],
                     "resolved": {"stsEndpoint": "https://sts.us-west-2.amazonaws.com", "signingRegion": "us-west-2",
                                  "model": {"kind": "FOUNDATION_MODEL_ID", "modelId": "%s", "baseModelId": "%s",
                                            "geoPrefix": null, "region": null, "accountId": null}}}"""
                    .formatted(model, model)));
        }));
    }

    @Test
    void suggest_referenceThatNamesNoFamily_answersNoPresetAndANote() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456";

        api.get("/api/v1/presets/suggest?modelReference=" + arn + "&region=us-east-1").assertJson(200, parse("""
                {"understood": {"kind": "PROVISIONED_MODEL_ARN", "modelId": "%s", "baseModelId": null,
                                "geoPrefix": null, "region": "us-east-1", "accountId": "123456789012"},
                 "preset": null,
                 "note": "this reference does not say which model family it serves; pick a preset from GET /api/v1/presets"}"""
                .formatted(arn)));
    }

    @Test
    void suggest_doubledGeoPrefix_is422NamingTheRule_notAProfileOfAPrefixedModel() {
        String stacked = "us.us.anthropic.claude-3-haiku-20240307-v1:0";

        api.get("/api/v1/presets/suggest?modelReference=" + stacked + "&region=us-east-1").assertProblem(Api.invalid(
                "/api/v1/presets/suggest", violation("modelReference", "stacked-geo-prefix", "model reference must "
                        + "start with at most one geography prefix (an inference profile ID is <geo>.<model ID>, and "
                        + "no model ID starts with a geography), but it starts with 2: us.us.; did you mean "
                        + "us.anthropic.claude-3-haiku-20240307-v1:0?, got \"" + stacked + "\"")));
    }

    @Test
    void suggest_withoutRegion_is400NamingTheParameter() {
        String message = "parameter \"region\" is required";

        api.get("/api/v1/presets/suggest?modelReference=" + Drafts.PROFILE).assertProblem(
                Api.problem(400, "invalid-parameter", "Invalid parameter", message, "/api/v1/presets/suggest")
                        .set("violations", Api.array(violation("region", "invalid-parameter", message))));
    }

    @Test
    void validate_validDraftWithAnUnusedVariable_isValidWithAWarning() {
        ObjectNode draft = Drafts.valid("haiku");
        ((ArrayNode) draft.get("variables")).add(Api.JSON.createObjectNode().put("name", "unused").put("type", "STRING")
                .put("required", false));

        api.post(MODELS + "/validate", draft).assertJson(200, parse("""
                {"valid": true, "violations": [],
                 "warnings": [{"field": "variables[2].name", "rule": "unused-variable",
                               "message": "variable \\"unused\\" is declared but no placeholder {{unused}} uses it"}],
                 "resolved": {"stsEndpoint": "https://sts.us-east-1.amazonaws.com", "signingRegion": "us-east-1",
                              "model": {"kind": "INFERENCE_PROFILE_ID", "modelId": "%s",
                                        "baseModelId": "anthropic.claude-3-haiku-20240307-v1:0", "geoPrefix": "us",
                                        "region": null, "accountId": null}}}""".formatted(Drafts.PROFILE)));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void validate_invalidDraft_listsEveryViolationAndSavesNothing() {
        ObjectNode draft = Drafts.valid("bad name").put("roleArn", "arn:aws:iam::12:role/x").put("region", "us-east-9");

        api.post(MODELS + "/validate", draft).assertJson(200, Api.JSON.createObjectNode().put("valid", false)
                .<ObjectNode>set("violations", Api.array(
                        violation("name", "invalid-name", "name must be 1 to 64 characters of letters, digits, '.', "
                                + "'_' or '-', starting with a letter or digit, got \"bad name\""),
                        violation("roleArn", "arn-account",
                                "role ARN must look like arn:aws:iam::<12 digits>:role/<name>, got \"arn:aws:iam::12:role/x\""),
                        violation("region", "unknown-region",
                                "region \"us-east-9\" is not an AWS region; did you mean us-east-1, us-east-2?")))
                .<ObjectNode>set("warnings", Api.array())
                .putNull("resolved"));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }
}
