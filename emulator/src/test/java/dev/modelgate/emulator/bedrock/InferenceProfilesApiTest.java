package dev.modelgate.emulator.bedrock;

import static dev.modelgate.emulator.bedrock.ControlPlaneTest.PLANE;
import static dev.modelgate.emulator.bedrock.ControlPlaneTest.assertValidation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ListInferenceProfiles / GetInferenceProfile: type filter, pagination, shapes and errors. */
class InferenceProfilesApiTest {

    private static final String TENANT = "222222222222";
    private static final String APP_ARN =
            "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("inferenceProfileSummaries").forEach(p -> ids.add(p.get("inferenceProfileId").asString()));
        return ids;
    }

    @Test
    void list_withoutType_showsOnlySystemDefinedProfilesOfTheRegion() {
        JsonNode page = Json.parse(PLANE.listInferenceProfiles("us-east-1", TENANT, null, null, null));

        assertThat(ids(page)).hasSize(10).contains("us.anthropic.claude-3-haiku-20240307-v1:0",
                "global.anthropic.claude-sonnet-4-20250514-v1:0").doesNotContain("h7q2m9x4k1zb");
        assertThat(page.has("nextToken")).isFalse();
    }

    @Test
    void list_systemProfile_hasTheExactSummaryShapeWithTheCallersAccount() {
        JsonNode page = Json.parse(PLANE.listInferenceProfiles("us-west-2", "333333333333", 1, null, "SYSTEM_DEFINED"));

        assertThat(page.at("/inferenceProfileSummaries/0").toString()).isEqualTo(Json.parse(
                "{'inferenceProfileName':'US Anthropic Claude 3 Haiku','description':'Routes requests to Anthropic"
                        + " Claude 3 Haiku in us-east-1 us-east-2 and us-west-2','createdAt':'2024-08-27T00:00:00Z',"
                        + "'updatedAt':'2024-08-27T00:00:00Z','inferenceProfileArn':'arn:aws:bedrock:us-west-2:"
                        + "333333333333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0','models':["
                        + "{'modelArn':'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'},"
                        + "{'modelArn':'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'},"
                        + "{'modelArn':'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'}"
                        + "],'inferenceProfileId':'us.anthropic.claude-3-haiku-20240307-v1:0','status':'ACTIVE',"
                        + "'type':'SYSTEM_DEFINED'}").toString());
    }

    @Test
    void list_application_showsTheCallersOwnProfilesOnly() {
        JsonNode mine = Json.parse(PLANE.listInferenceProfiles("us-east-1", TENANT, null, null, "APPLICATION"));
        JsonNode theirs = Json.parse(PLANE.listInferenceProfiles("us-east-1", "333333333333", null, null,
                "APPLICATION"));

        assertThat(ids(mine)).containsExactly("h7q2m9x4k1zb");
        assertThat(mine.at("/inferenceProfileSummaries/0/inferenceProfileArn").asString()).isEqualTo(APP_ARN);
        assertThat(mine.at("/inferenceProfileSummaries/0/type").asString()).isEqualTo("APPLICATION");
        assertThat(ids(theirs)).isEmpty();
    }

    @Test
    void list_pagesOfMaxResults_walkTheWholeListOnce() {
        List<String> all = ids(Json.parse(PLANE.listInferenceProfiles("eu-west-1", TENANT, null, null, null)));
        List<String> walked = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = Json.parse(PLANE.listInferenceProfiles("eu-west-1", TENANT, 3, token, null));
            assertThat(ids(page)).hasSizeLessThanOrEqualTo(3);
            walked.addAll(ids(page));
            token = page.has("nextToken") ? page.get("nextToken").asString() : null;
            if (token != null) {
                assertThat(token).as("token is opaque").doesNotContain("eu-west-1");
            }
            pages++;
        } while (token != null);

        assertThat(walked).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 2) / 3);
    }

    @Test
    void list_tokenOfAnotherQueryOrGarbage_isNotValid() {
        String token = Json.parse(PLANE.listInferenceProfiles("us-east-1", TENANT, 2, null, null))
                .get("nextToken").asString();

        assertValidation(() -> PLANE.listInferenceProfiles("us-west-2", TENANT, 2, token, null),
                "The provided nextToken is not valid.");
        assertValidation(() -> PLANE.listInferenceProfiles("us-east-1", "333333333333", 2, token, null),
                "The provided nextToken is not valid.");
        assertValidation(() -> PLANE.listInferenceProfiles("us-east-1", TENANT, 2, "not-a-token", null),
                "The provided nextToken is not valid.");
        assertThat(PLANE.listInferenceProfiles("us-east-1", TENANT, 2, token, null)).isNotEmpty();
    }

    @Test
    void list_outOfRangeParameters_failTheirConstraints() {
        assertValidation(() -> PLANE.listInferenceProfiles("us-east-1", TENANT, 0, "", "CUSTOM"), "3 validation"
                + " errors detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value"
                + " greater than or equal to 1; Value '' at 'nextToken' failed to satisfy constraint: Member must have"
                + " length greater than or equal to 1; Value 'CUSTOM' at 'typeEquals' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]");
        assertValidation(() -> PLANE.listInferenceProfiles("us-east-1", TENANT, 1001, null, null), "1 validation"
                + " error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value"
                + " less than or equal to 1000");
    }

    @Test
    void get_systemProfileByIdOrArn_returnsItsFieldsAtTopLevel() {
        JsonNode byId = Json.parse(PLANE.getInferenceProfile("eu-west-1", TENANT, "eu.amazon.nova-lite-v1:0"));
        JsonNode byArn = Json.parse(PLANE.getInferenceProfile("eu-west-1", TENANT,
                "arn:aws:bedrock:eu-west-1:222222222222:inference-profile/eu.amazon.nova-lite-v1:0"));

        assertThat(byId.get("inferenceProfileName").asString()).isEqualTo("EU Nova Lite");
        assertThat(byId.get("models")).hasSize(4);
        assertThat(byArn).isEqualTo(byId);
    }

    @Test
    void get_applicationProfileByIdOrArn_returnsIt() {
        assertThat(Json.parse(PLANE.getInferenceProfile("us-east-1", TENANT, "h7q2m9x4k1zb"))
                .get("inferenceProfileArn").asString()).isEqualTo(APP_ARN);
        assertThat(Json.parse(PLANE.getInferenceProfile("us-east-1", TENANT, APP_ARN)).get("type").asString())
                .isEqualTo("APPLICATION");
    }

    @Test
    void get_profileTheCallerCannotSeeHere_isNotFound() {
        for (String id : List.of("eu.amazon.nova-lite-v1:0", "us.nope-v1:0", APP_ARN.replace("222222222222",
                "333333333333"), "arn:aws:bedrock:us-west-2:222222222222:inference-profile/us.deepseek.r1-v1:0")) {
            assertThatThrownBy(() -> PLANE.getInferenceProfile("us-east-1", TENANT, id))
                    .isInstanceOfSatisfying(BedrockException.class,
                            e -> assertThat(e.errorType()).isEqualTo("ResourceNotFoundException"))
                    .hasMessage("Could not find inference profile " + id);
        }
        assertThatThrownBy(() -> PLANE.getInferenceProfile("us-east-1", "333333333333", "h7q2m9x4k1zb"))
                .hasMessage("Could not find inference profile h7q2m9x4k1zb");
    }

    @Test
    void get_identifierOutsideThePattern_isInvalid() {
        assertValidation(() -> PLANE.getInferenceProfile("us-east-1", TENANT, "no spaces"), "1 validation error"
                + " detected: Value 'no spaces' at 'inferenceProfileIdentifier' failed to satisfy constraint: Member"
                + " must satisfy regular expression pattern: (arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:"
                + "(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?"
                + "[a-zA-Z0-9-:.]+");
    }
}
