package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's request options through the API: kept as written, shown, replaced and removed by an update, validated with
 * problem+json naming each field under {@code options}, and nothing saved when they are wrong.
 */
class RequestOptionsApiIT extends ApiTestBase {

    private static ObjectNode withOptions(String name, String identifier, String version, String latency,
                                          String tier) {
        ObjectNode draft = Drafts.valid(name);
        ObjectNode options = draft.putObject("options");
        if (identifier != null || version != null) {
            ObjectNode guardrail = options.putObject("guardrail");
            guardrail.put("identifier", identifier).put("version", version).put("trace", true);
        }
        if (latency != null) {
            options.put("latency", latency);
        }
        if (tier != null) {
            options.put("serviceTier", tier);
        }
        return draft;
    }

    @Test
    void create_withOptions_showsThemAsWritten_andGetAnswersTheSame() {
        JsonNode created = create(withOptions("haiku", "mgdemoguard1", "DRAFT", "optimized", "priority"));

        assertThat(created.get("options")).isEqualTo(Api.JSON.readTree("""
                {"guardrail": {"identifier": "mgdemoguard1", "version": "DRAFT", "trace": true},
                 "latency": "optimized", "serviceTier": "priority"}"""));
        assertThat(api.get(path(created)).json().get("options")).isEqualTo(created.get("options"));
    }

    @Test
    void create_withoutOptions_showsNone() {
        JsonNode created = create(Drafts.valid("haiku"));

        assertThat(created.get("options").isNull()).isTrue();
    }

    @Test
    void update_replacesTheOptions_andAnUpdateWithoutThemRemovesThem() {
        JsonNode created = create(withOptions("haiku", "mgdemoguard1", "1", null, null));

        JsonNode updated = api.put(path(created), withOptions("haiku", null, null, "standard", "flex"),
                "If-Match", "\"1\"").json();
        assertThat(updated.get("options")).isEqualTo(Api.JSON.readTree("""
                {"guardrail": null, "latency": "standard", "serviceTier": "flex"}"""));
        assertThat(api.get(path(created)).json().get("options")).isEqualTo(updated.get("options"));

        JsonNode removed = api.put(path(created), Drafts.valid("haiku"), "If-Match", "\"2\"").json();
        assertThat(removed.get("options").isNull()).isTrue();
        assertThat(api.get(path(created)).json().get("options").isNull()).isTrue();
    }

    @Test
    void create_guardrailVersionInvalid_is422NamingOptionsGuardrailVersion_andSavesNothing() {
        String listBefore = api.get(MODELS).body();

        api.post(MODELS, withOptions("haiku", "mgdemoguard1", "0", null, null)).assertProblem(invalid(MODELS,
                violation("options.guardrail.version", "guardrail-version", "options.guardrail.version must be "
                        + "\"DRAFT\" or a version number from 1 to 99999999, got \"0\"")));

        assertThat(api.get(MODELS).body()).isEqualTo(listBefore);
    }

    @Test
    void create_everyOptionInvalid_is422ListingEachField() {
        ObjectNode draft = withOptions("haiku", "Guard", null, "fast", "cheap");

        api.post(MODELS, draft).assertProblem(invalid(MODELS, "4 fields are invalid; see violations",
                violation("options.guardrail.identifier", "guardrail-identifier", "options.guardrail.identifier must "
                        + "be a guardrail ID of 12 lowercase letters or digits (such as \"abcd1234wxyz\") or a "
                        + "guardrail ARN, got \"Guard\""),
                violation("options.guardrail.version", "required", "options.guardrail.version is required with a "
                        + "guardrail: \"DRAFT\" or a version number such as \"1\""),
                violation("options.latency", "one-of", "options.latency must be one of [\"standard\", "
                        + "\"optimized\"], got \"fast\""),
                violation("options.serviceTier", "one-of", "options.serviceTier must be one of [\"default\", "
                        + "\"priority\", \"flex\"], got \"cheap\"")));
    }

    @Test
    void create_guardrailArnOfAnotherRegion_is422() {
        api.post(MODELS, withOptions("haiku", "arn:aws:bedrock:eu-west-1:123456789012:guardrail/mgdemoguard1", "1",
                null, null)).assertProblem(invalid(MODELS, violation("options.guardrail.identifier",
                "arn-region-mismatch", "options.guardrail.identifier is a guardrail of Region eu-west-1, but Bedrock "
                        + "applies only guardrails of the model's Region us-east-1")));
    }

    @Test
    void update_invalidOptions_is422_andChangesNothing() {
        JsonNode created = create(withOptions("haiku", "mgdemoguard1", "1", null, null));

        api.put(path(created), withOptions("haiku", "mgdemoguard1", "1", "optimised", null), "If-Match", "\"1\"")
                .assertProblem(invalid(path(created), violation("options.latency", "one-of", "options.latency must "
                        + "be one of [\"standard\", \"optimized\"], got \"optimised\"")));

        api.get(path(created)).assertJson(200, created);
    }

    @Test
    void validate_reportsOptionsViolations_likeCreate() {
        Api.Reply reply = api.post(MODELS + "/validate", withOptions("haiku", "mgdemoguard1", "DRAFT", null, "slow"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("valid").booleanValue()).isFalse();
        assertThat(reply.json().get("violations")).isEqualTo(Api.array(violation("options.serviceTier", "one-of",
                "options.serviceTier must be one of [\"default\", \"priority\", \"flex\"], got \"slow\"")));
    }
}
