package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/catalog/models}: the model picker's list, asked of the emulator's Bedrock through the tenant's
 * role, and what happens when the role may not list or cannot be assumed.
 */
class CatalogApiIT extends TestRunApiTestBase {

    private static final String CATALOG = "/api/v1/catalog/models";

    @Test
    void catalog_roleThatMayList_answersTheRegionsModelsWithModalities_andTheProfilesContainingThem() {
        Api.Reply reply = api.post(CATALOG, Map.of("roleArn", role("ModelgateBedrockAccess"), "region", "us-east-1"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertNoSecret(reply.body());
        JsonNode catalog = reply.json();
        assertThat(catalog.get("region").stringValue()).isEqualTo("us-east-1");
        assertThat(catalog.get("listable").booleanValue()).isTrue();
        assertThat(catalog.get("profilesListable").booleanValue()).isTrue();
        assertThat(catalog.get("message").isNull()).isTrue();
        JsonNode haiku = find(catalog.get("foundationModels"), "modelId", HAIKU);
        assertThat(haiku.get("provider").stringValue()).isEqualTo("Anthropic");
        assertThat(haiku.get("onDemand").booleanValue()).isTrue();
        assertThat(strings(haiku.get("inputModalities"))).contains("TEXT");
        assertThat(strings(haiku.get("outputModalities"))).containsExactly("TEXT");
        JsonNode profile = find(catalog.get("inferenceProfiles"), "id", "us." + HAIKU);
        assertThat(strings(profile.get("models"))).containsExactly(HAIKU);
        assertThat(profile.get("type").stringValue()).isEqualTo("SYSTEM_DEFINED");
        assertThat(aws.emulator().journal().ofOperation("ListFoundationModels")).singleElement()
                .satisfies(call -> assertThat(call.caller()).startsWith("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/"));
    }

    @Test
    void catalog_roleThatMayNotList_saysSoPlainly_andListsNothing() {
        Api.Reply reply = api.post(CATALOG, Map.of("roleArn", role("InvokeOnly"), "region", "us-east-1"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode catalog = reply.json();
        assertThat(catalog.get("listable").booleanValue()).isFalse();
        assertThat(catalog.get("profilesListable").booleanValue()).isFalse();
        assertThat(catalog.get("foundationModels").isEmpty()).isTrue();
        assertThat(catalog.get("message").stringValue()).isEqualTo("The role may not call "
                + "bedrock:ListFoundationModels or bedrock:ListInferenceProfiles (AccessDeniedException); add them to "
                + "the role's permission policy to pick from a list. Type the model ID, inference profile ID or ARN instead.");
    }

    @Test
    void catalog_roleThatCannotBeAssumed_is502AssumeRoleFailed() {
        Api.Reply reply = api.post(CATALOG, Map.of("roleArn", role("TrustsSomeoneElse"), "region", "us-east-1"));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().get("type").stringValue()).isEqualTo("https://modelgate.dev/problems/assume-role-failed");
        assertThat(reply.json().get("reason").stringValue()).isEqualTo("ACCESS_DENIED");
    }

    @Test
    void catalog_invalidRoleAndForeignStsHost_is422NamingBoth_andCallsNothing() {
        Api.Reply reply = api.post(CATALOG, Map.of("roleArn", "arn:aws:iam::12:role/x", "region", "us-east-1",
                "stsEndpoint", "https://evil.example"));

        assertThat(reply.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        reply.json().get("violations").forEach(v -> fields.add(v.get("field").stringValue() + ":" + v.get("rule").stringValue()));
        assertThat(fields).containsExactly("roleArn:arn-account", "stsEndpoint:not-sts-host");
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).isEmpty();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.get(field).stringValue())) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.stringValue()));
        return out;
    }
}
