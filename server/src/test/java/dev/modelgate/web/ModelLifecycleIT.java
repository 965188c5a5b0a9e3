package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Create, read, update, toggle and delete a model: the happy paths, with their exact bodies and ETags. */
class ModelLifecycleIT extends ApiTestBase {

    private static final String RESOLVED = """
            {"stsEndpoint": "https://sts.us-east-1.amazonaws.com", "signingRegion": "us-east-1",
             "model": {"kind": "INFERENCE_PROFILE_ID", "modelId": "us.anthropic.claude-3-haiku-20240307-v1:0",
                       "baseModelId": "anthropic.claude-3-haiku-20240307-v1:0", "geoPrefix": "us", "region": null,
                       "accountId": null}}""";

    @Test
    void create_fromTheSuggestedClaudePreset_answers201WithLocationEtagAndWhatWasUnderstood() {
        Api.Reply suggestion = api.get("/api/v1/presets/suggest?modelReference=" + Drafts.PROFILE + "&region=us-east-1");
        assertThat(suggestion.status()).isEqualTo(200);
        assertThat(suggestion.json().get("understood")).isEqualTo(parse(RESOLVED).get("model"));
        JsonNode preset = suggestion.json().get("preset");
        assertThat(preset.get("family").stringValue()).isEqualTo("ANTHROPIC_CLAUDE");
        ObjectNode draft = Api.JSON.createObjectNode().put("name", "haiku").put("roleArn", Drafts.ROLE_ARN)
                .put("region", "us-east-1").put("modelReference", Drafts.PROFILE);
        draft.set("variables", preset.get("variables"));
        draft.set("requestTemplate", preset.get("template"));
        draft.set("outputMapping", preset.get("outputMapping"));

        Api.Reply created = api.post(MODELS, draft);

        assertThat(created.status()).isEqualTo(201);
        ObjectNode body = (ObjectNode) created.json();
        String id = body.get("id").stringValue();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.header("Location")).isEqualTo(MODELS + "/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(body.get("externalId").stringValue()).matches("mg-[a-z2-7]{32}");
        assertThat(body.get("updatedAt")).isEqualTo(body.get("createdAt"));
        assertThat(Instant.parse(body.get("createdAt").stringValue())).isBefore(Instant.now().plusSeconds(1));
        body.remove(List.of("id", "externalId", "createdAt", "updatedAt"));
        ObjectNode expected = Api.JSON.createObjectNode()
                .put("name", "haiku").put("description", "").put("provider", "AMAZON_BEDROCK")
                .put("inferenceEnabled", true).put("status", "DRAFT").put("revision", 1)
                .put("roleArn", Drafts.ROLE_ARN).put("stsEndpoint", "").put("region", "us-east-1")
                .put("modelReference", Drafts.PROFILE)
                .put("createdBy", actor).put("updatedBy", actor).put("api", "INVOKE_MODEL").putNull("converse")
                .putNull("liveRevision").put("draftRevision", 1);
        expected.set("variables", preset.get("variables"));
        expected.set("requestTemplate", preset.get("template"));
        expected.set("outputMapping", preset.get("outputMapping"));
        expected.set("timeouts", Api.JSON.createObjectNode().put("connectMillis", 5_000).put("totalMillis", 60_000));
        expected.set("resolved", parse(RESOLVED));
        expected.set("warnings", Api.array());
        expected.putObject("timeouts").put("connectMillis", 5000).put("totalMillis", 60000);
        expected.putNull("options");
        expected.putNull("chat");
        expected.set("chatEffective", parse("""
                {"prompt": "prompt", "system": "system.prompt", "messages": null, "tools": null,
                 "maxTokens": "max_tokens", "temperature": "temperature", "topP": null, "stop": null}"""));
        assertThat(Api.canonical(body)).isEqualTo(Api.canonical(expected));
    }

    @Test
    void get_afterCreate_answersTheCreatedBodyWithItsEtag() {
        Api.Reply created = api.post(MODELS, Drafts.valid("haiku"));

        Api.Reply read = api.get(created.header("Location"));

        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        read.assertJson(200, created.json());
    }

    @Test
    void create_timestampsInTheResponse_equalThoseReadBack() {
        JsonNode created = create(Drafts.valid("haiku"));

        JsonNode read = api.get(path(created)).json();

        // The clock ticks in microseconds, what the database keeps; nanoseconds would come back cut.
        assertThat(read.get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(read.get("updatedAt")).isEqualTo(created.get("updatedAt"));
    }

    @Test
    void externalId_isTheWorkspaceOne_sameForEveryModelAndCall() {
        JsonNode first = create(Drafts.valid("first"));
        JsonNode second = create(Drafts.valid("second"));

        assertThat(second.get("externalId")).isEqualTo(first.get("externalId"));
        assertThat(api.get(path(first)).json().get("externalId")).isEqualTo(first.get("externalId"));
    }

    @Test
    void update_withTheCurrentEtag_answersTheNextRevisionAsDraft() {
        JsonNode created = create(Drafts.valid("haiku"));
        ObjectNode changed = Drafts.valid("haiku-v2").put("description", "now with a shorter default");
        ((ObjectNode) changed.get("variables").get(1)).put("defaultValue", 128);

        Api.Reply updated = api.put(path(created), changed, "If-Match", "\"1\"");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        ObjectNode expected = ((ObjectNode) created.deepCopy())
                .put("name", "haiku-v2").put("description", "now with a shorter default")
                .put("revision", 2).put("status", "DRAFT").put("draftRevision", 2)
                .put("updatedAt", updated.json().get("updatedAt").stringValue());
        ((ObjectNode) expected.get("variables").get(1)).put("defaultValue", 128);
        updated.assertJson(200, expected);
        assertThat(Instant.parse(expected.get("updatedAt").stringValue()))
                .isAfter(Instant.parse(created.get("createdAt").stringValue()));
        Api.Reply read = api.get(path(created));
        assertThat(read.header("ETag")).isEqualTo("\"2\"");
        read.assertJson(200, expected);
    }

    @Test
    void inference_disabled_keepsTheRevisionAndEtag() {
        JsonNode created = create(Drafts.valid("haiku"));

        Api.Reply toggled = api.put(path(created) + "/inference", "{\"enabled\": false}");

        assertThat(toggled.header("ETag")).isEqualTo("\"1\"");
        ObjectNode expected = ((ObjectNode) created.deepCopy()).put("inferenceEnabled", false)
                .put("updatedAt", toggled.json().get("updatedAt").stringValue());
        toggled.assertJson(200, expected);
        api.get(path(created)).assertJson(200, expected);
    }

    @Test
    void update_withoutInferenceEnabled_leavesItAsItWas() {
        JsonNode created = create(Drafts.valid("haiku"));
        api.put(path(created) + "/inference", "{\"enabled\": false}");

        Api.Reply updated = api.put(path(created), Drafts.valid("haiku"), "If-Match", "\"1\"");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("inferenceEnabled").booleanValue()).isFalse();
        assertThat(updated.json().get("revision").intValue()).isEqualTo(2);
    }

    @Test
    void delete_withTheCurrentEtag_answers204AndTheModelIsGone() {
        JsonNode created = create(Drafts.valid("haiku"));

        Api.Reply deleted = api.delete(path(created), "If-Match", "\"1\"");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        String id = created.get("id").stringValue();
        api.get(path(created)).assertProblem(Api.problem(404, "not-found", "Not found", "no model with id " + id,
                path(created)));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }
}
