package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ListFoundationModels / GetFoundationModel: filters, shapes and errors. */
class ControlPlaneTest {

    static final ControlPlane PLANE = new ControlPlane(ModelCatalog.defaultCatalog());

    private static List<String> listIds(String region, String provider, String customization, String output,
                                        String inference) {
        JsonNode root = Json.parse(PLANE.listFoundationModels(region, provider, customization, output, inference));
        List<String> ids = new ArrayList<>();
        root.get("modelSummaries").forEach(m -> ids.add(m.get("modelId").asString()));
        return ids;
    }

    static void assertValidation(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BedrockException.class,
                e -> assertThat(e.errorType()).isEqualTo("ValidationException")).hasMessage(message);
    }

    @Test
    void listFoundationModels_noFilter_listsTheRegionsModelsWithoutMarketplaceOnes() {
        assertThat(listIds("us-east-1", null, null, null, null)).hasSize(19).contains("deepseek.r1-v1:0")
                .doesNotContain("upstage.solar-pro-v1");
        assertThat(listIds("eu-central-1", null, null, null, null)).containsExactly(
                "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
                "anthropic.claude-sonnet-4-20250514-v1:0", "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0",
                "amazon.nova-pro-v1:0", "amazon.titan-text-express-v1", "amazon.titan-text-lite-v1");
    }

    @Test
    void listFoundationModels_summary_hasTheExactFoundationModelSummaryShape() {
        JsonNode haiku = Json.parse(PLANE.listFoundationModels("us-west-2", "Anthropic", null, "TEXT", "ON_DEMAND"))
                .at("/modelSummaries/0");

        assertThat(haiku.toString()).isEqualTo(Json.parse("{'modelArn':'arn:aws:bedrock:us-west-2::foundation-model/"
                + "anthropic.claude-3-haiku-20240307-v1:0','modelId':'anthropic.claude-3-haiku-20240307-v1:0',"
                + "'modelName':'Claude 3 Haiku','providerName':'Anthropic','inputModalities':['TEXT','IMAGE'],"
                + "'outputModalities':['TEXT'],'responseStreamingSupported':true,'customizationsSupported':"
                + "['FINE_TUNING'],'inferenceTypesSupported':['ON_DEMAND','PROVISIONED'],"
                + "'modelLifecycle':{'status':'ACTIVE'}}").toString());
    }

    @Test
    void listFoundationModels_byProvider_matchesIgnoringCase() {
        assertThat(listIds("us-east-1", "anthropic", null, null, null)).containsExactly(
                "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
                "anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(listIds("us-east-1", "MISTRAL AI", null, null, null)).containsExactly(
                "mistral.mistral-7b-instruct-v0:2", "mistral.mistral-large-2402-v1:0");
        assertThat(listIds("us-east-1", "Mistral", null, null, null)).isEmpty();
    }

    @Test
    void listFoundationModels_byInferenceType_separatesOnDemandFromProvisioned() {
        assertThat(listIds("us-east-1", null, null, null, "ON_DEMAND")).doesNotContain("deepseek.r1-v1:0",
                "anthropic.claude-sonnet-4-20250514-v1:0").contains("cohere.command-r-v1:0");
        assertThat(listIds("us-east-1", null, null, null, "PROVISIONED")).containsExactly(
                "anthropic.claude-3-haiku-20240307-v1:0", "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0",
                "amazon.nova-pro-v1:0", "amazon.titan-text-express-v1", "amazon.titan-text-lite-v1");
    }

    @Test
    void listFoundationModels_byCustomizationAndOutputModality_filter() {
        assertThat(listIds("us-east-1", null, "CONTINUED_PRE_TRAINING", null, null))
                .containsExactly("amazon.titan-text-express-v1", "amazon.titan-text-lite-v1");
        assertThat(listIds("us-east-1", null, null, "IMAGE", null)).isEmpty();
    }

    @Test
    void listFoundationModels_badEnumValue_failsTheEnumConstraint() {
        assertValidation(() -> PLANE.listFoundationModels("us-east-1", null, null, "FOO", null), "1 validation"
                + " error detected: Value 'FOO' at 'byOutputModality' failed to satisfy constraint: Member must"
                + " satisfy enum value set: [TEXT, IMAGE, EMBEDDING]");
    }

    @Test
    void listFoundationModels_severalBadValues_areAllReported() {
        assertValidation(() -> PLANE.listFoundationModels("us-east-1", "a!", null, null, "INFERENCE_PROFILE"),
                "2 validation errors detected: Value 'a!' at 'byProvider' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}; Value 'INFERENCE_PROFILE' at"
                        + " 'byInferenceType' failed to satisfy constraint: Member must satisfy enum value set:"
                        + " [ON_DEMAND, PROVISIONED]");
    }

    @Test
    void getFoundationModel_byIdOrArn_returnsModelDetails() {
        JsonNode byId = Json.parse(PLANE.getFoundationModel("eu-west-1", "amazon.titan-text-lite-v1"));
        JsonNode byArn = Json.parse(PLANE.getFoundationModel("eu-west-1",
                "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-lite-v1"));

        assertThat(byId.propertyNames()).containsExactly("modelDetails");
        assertThat(byId.at("/modelDetails/modelLifecycle/status").asString()).isEqualTo("LEGACY");
        assertThat(byArn).isEqualTo(byId);
    }

    @Test
    void getFoundationModel_absentFromTheRegion_isNotFound() {
        for (String id : List.of("cohere.command-r-v1:0", "anthropic.claude-9-v1:0", "upstage.solar-pro-v1",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1")) {
            assertThatThrownBy(() -> PLANE.getFoundationModel("eu-west-1", id))
                    .isInstanceOfSatisfying(BedrockException.class, e -> {
                        assertThat(e.errorType()).isEqualTo("ResourceNotFoundException");
                        assertThat(e.httpStatus()).isEqualTo(404);
                    }).hasMessage("Could not find model " + id);
        }
    }

    @Test
    void getFoundationModel_identifierOutsideThePattern_isInvalid() {
        assertValidation(() -> PLANE.getFoundationModel("us-east-1", "Bad Model"), "1 validation error detected:"
                + " Value 'Bad Model' at 'modelIdentifier' failed to satisfy constraint: Member must satisfy regular"
                + " expression pattern: (arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/[a-z0-9-]{1,63}"
                + "[.]{1}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2})|([a-z0-9-]{1,63}[.]{1}"
                + "[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})");
    }

    @Test
    void iamResources_ofTheGetOperations_areTheNamedArns() {
        assertThat(ControlPlane.ANY_RESOURCE).isEqualTo("*");
        assertThat(ControlPlane.foundationModelResource("us-east-1", "amazon.nova-pro-v1:0"))
                .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0");
        assertThat(ControlPlane.inferenceProfileResource("us-east-1", "222222222222", "us.amazon.nova-pro-v1:0"))
                .isEqualTo("arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.amazon.nova-pro-v1:0");
        assertThat(ControlPlane.inferenceProfileResource("us-east-1", "222222222222", "h7q2m9x4k1zb")).isEqualTo(
                "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb");
        String arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0";
        assertThat(ControlPlane.foundationModelResource("us-east-1", arn)).isEqualTo(arn);
    }
}
