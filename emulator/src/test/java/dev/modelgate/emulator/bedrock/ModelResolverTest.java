package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a runtime {modelId} resolves, and AWS's answer to each one that does not. */
class ModelResolverTest {

    private static final ModelCatalog CATALOG = ModelCatalog.defaultCatalog();
    private static final String TENANT = "222222222222";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String INVALID = "The provided model identifier is invalid.";

    private static ResolvedModel resolve(String modelId, String region, Operation op) {
        return CATALOG.resolve(modelId, region, TENANT, op);
    }

    private static void assertValidation(String modelId, String region, Operation op, String message) {
        assertThatThrownBy(() -> resolve(modelId, region, op)).isInstanceOfSatisfying(BedrockException.class, e -> {
            assertThat(e.errorType()).isEqualTo("ValidationException");
            assertThat(e.httpStatus()).isEqualTo(400);
        }).hasMessage(message);
    }

    @Test
    void bareId_onDemandModelInItsRegion_isTheFoundationModel() {
        ResolvedModel r = resolve(HAIKU, "us-east-1", Operation.INVOKE);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.FOUNDATION_MODEL);
        assertThat(r.family()).isEqualTo(ModelFamily.ANTHROPIC_CLAUDE);
        assertThat(r.servedModelId()).isEqualTo(HAIKU);
        assertThat(r.modelIdAsSent()).isEqualTo(HAIKU);
        assertThat(r.resourceArns()).containsExactly("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
    }

    @Test
    void foundationModelArn_ofTheCallRegion_resolvesLikeTheBareId() {
        String arn = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-text-express-v1";
        ResolvedModel r = resolve(arn, "eu-central-1", Operation.CONVERSE);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.FOUNDATION_MODEL);
        assertThat(r.family()).isEqualTo(ModelFamily.AMAZON_TITAN_TEXT);
        assertThat(r.resourceArns()).containsExactly(arn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad-model", "throttle-model", "anthropic.claude-9-v1:0", "us.nova", "not a model!!",
        "arn:aws:bedrock:us-east-1::foundation-model/", "arn:aws-cn:bedrock:us-east-1::foundation-model/x.y",
        "arn:aws:bedrock:us-east-1:222222222222:custom-model/amazon.titan-text-express-v1/abcdefghijkl",
        "upstage.solar-pro-v1", ""})
    void unknownOrMalformedIdentifier_isInvalid(String modelId) {
        assertValidation(modelId, "us-east-1", Operation.INVOKE, INVALID);
    }

    @Test
    void modelNotOfferedInTheRegion_isInvalid() {
        assertValidation("cohere.command-r-v1:0", "eu-west-1", Operation.INVOKE, INVALID);
        assertValidation("amazon.titan-text-express-v1", "ap-southeast-2", Operation.INVOKE, INVALID);
    }

    @Test
    void foundationModelArnOfAnotherRegion_isInvalid() {
        assertValidation("arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU, "us-east-1", Operation.INVOKE,
                INVALID);
    }

    @Test
    void profileOnlyModel_byBareIdOrArn_needsAnInferenceProfile() {
        String message = "Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput"
                + " isn't supported. Retry your request with the ID or ARN of an inference profile that contains this"
                + " model.";
        assertValidation("anthropic.claude-sonnet-4-20250514-v1:0", "us-east-1", Operation.INVOKE, message);
        assertValidation("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
                "us-east-1", Operation.CONVERSE, message);
    }

    @Test
    void systemProfileId_inItsGeography_authorisesProfileAndRegionalModel() {
        ResolvedModel r = resolve("us.deepseek.r1-v1:0", "us-west-2", Operation.INVOKE_STREAM);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.SYSTEM_PROFILE);
        assertThat(r.family()).isEqualTo(ModelFamily.DEEPSEEK_R1);
        assertThat(r.servedModelId()).isEqualTo("deepseek.r1-v1:0");
        assertThat(r.resourceArns()).containsExactly(
                "arn:aws:bedrock:us-west-2:222222222222:inference-profile/us.deepseek.r1-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/deepseek.r1-v1:0");
    }

    @Test
    void globalProfile_alsoAuthorisesTheRegionlessModelArn() {
        ResolvedModel r = resolve("global.anthropic.claude-sonnet-4-20250514-v1:0", "ap-northeast-1",
                Operation.CONVERSE_STREAM);

        assertThat(r.resourceArns()).containsExactly(
                "arn:aws:bedrock:ap-northeast-1:222222222222:inference-profile/"
                        + "global.anthropic.claude-sonnet-4-20250514-v1:0",
                "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
                "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
    }

    @Test
    void systemProfileArn_ofTheCallersAccountAndRegion_resolves() {
        String arn = "arn:aws:bedrock:eu-west-3:222222222222:inference-profile/eu." + HAIKU;
        assertThat(resolve(arn, "eu-west-3", Operation.INVOKE).resourceArns()).first().isEqualTo(arn);
    }

    @Test
    void profileFromAnotherGeography_isInvalid() {
        assertValidation("eu." + HAIKU, "us-east-1", Operation.INVOKE, INVALID);
        assertValidation("arn:aws:bedrock:us-east-1:222222222222:inference-profile/apac." + HAIKU, "us-east-1",
                Operation.INVOKE, INVALID);
    }

    @Test
    void profileArnOfAnotherRegion_isInvalid() {
        assertValidation("arn:aws:bedrock:us-west-2:222222222222:inference-profile/us." + HAIKU, "us-east-1",
                Operation.INVOKE, INVALID);
    }

    @Test
    void applicationProfile_resolvesToItsModel_andAuthorisesProfileAndModel() {
        String arn = "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";
        ResolvedModel r = resolve(arn, "us-east-1", Operation.CONVERSE);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.APPLICATION_PROFILE);
        assertThat(r.servedModelId()).isEqualTo(HAIKU);
        assertThat(r.resourceArns()).containsExactly(arn, "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
    }

    @Test
    void provisionedAndCustomDeployment_resolveToTheirServedModels() {
        ResolvedModel provisioned = resolve("arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa",
                "us-east-1", Operation.INVOKE_STREAM);
        ResolvedModel deployment = resolve(
                "arn:aws:bedrock:us-east-1:222222222222:custom-model-deployment/c2d6e8g4j0lw", "us-east-1",
                Operation.CONVERSE);

        assertThat(provisioned.kind()).isEqualTo(ResolvedModel.Kind.PROVISIONED);
        assertThat(provisioned.family()).isEqualTo(ModelFamily.AMAZON_TITAN_TEXT);
        assertThat(provisioned.resourceArns()).containsExactly(provisioned.modelIdAsSent());
        assertThat(deployment.kind()).isEqualTo(ResolvedModel.Kind.CUSTOM_DEPLOYMENT);
        assertThat(deployment.family()).isEqualTo(ModelFamily.AMAZON_NOVA);
    }

    @Test
    void importedModel_invokesAsLlama_butNotThroughConverse() {
        String arn = "arn:aws:bedrock:us-east-1:222222222222:imported-model/i5f9h3k7m1rt";

        ResolvedModel r = resolve(arn, "us-east-1", Operation.INVOKE);
        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.IMPORTED);
        assertThat(r.family()).isEqualTo(ModelFamily.META_LLAMA);
        assertValidation(arn, "us-east-1", Operation.CONVERSE, "This action doesn't support the model that you"
                + " provided. Try again with a supported text or chat model.");
    }

    @Test
    void sageMakerEndpoint_resolvesAsMarketplaceEndpoint() {
        String arn = "arn:aws:sagemaker:us-east-1:222222222222:endpoint/mg-marketplace-mistral-7b";
        ResolvedModel r = resolve(arn, "us-east-1", Operation.INVOKE);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.MARKETPLACE_ENDPOINT);
        assertThat(r.family()).isEqualTo(ModelFamily.MISTRAL);
        assertThat(r.resourceArns()).containsExactly(arn);
    }

    @Test
    void marketplaceFoundationModelArn_isInvokable() {
        String arn = "arn:aws:bedrock:us-east-1::foundation-model/upstage.solar-pro-v1";
        ResolvedModel r = resolve(arn, "us-east-1", Operation.CONVERSE);

        assertThat(r.kind()).isEqualTo(ResolvedModel.Kind.MARKETPLACE_FOUNDATION);
        assertThat(r.family()).isEqualTo(ModelFamily.AI21_JAMBA);
        assertThat(r.resourceArns()).containsExactly(arn);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:bedrock:us-east-1:333333333333:application-inference-profile/h7q2m9x4k1zb",
        "arn:aws:bedrock:us-east-1:333333333333:provisioned-model/p3v8n2d6s4qa",
        "arn:aws:sagemaker:us-east-1:333333333333:endpoint/mg-marketplace-mistral-7b",
        "arn:aws:bedrock:us-east-1:333333333333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"})
    void resourceOfAnotherAccount_isAccessDenied(String arn) {
        assertThatThrownBy(() -> resolve(arn, "us-east-1", Operation.INVOKE))
                .isInstanceOfSatisfying(BedrockException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("AccessDeniedException");
                    assertThat(e.httpStatus()).isEqualTo(403);
                }).hasMessage("You don't have access to the model with the specified model ID.");
    }

    @Test
    void ownResource_inAnotherRegionOrUnknown_isInvalid() {
        assertValidation("arn:aws:bedrock:us-west-2:222222222222:provisioned-model/p3v8n2d6s4qa", "us-west-2",
                Operation.INVOKE, INVALID);
        assertValidation("arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa", "us-west-2",
                Operation.INVOKE, INVALID);
        assertValidation("arn:aws:bedrock:us-east-1:222222222222:imported-model/NOTVALIDID12", "us-east-1",
                Operation.INVOKE, INVALID);
    }

    @Test
    void streamingOperation_onAModelWithoutStreaming_isUnsupported() {
        String llama4 = "us.meta.llama4-maverick-17b-instruct-v1:0";
        assertThat(resolve(llama4, "us-east-1", Operation.INVOKE).kind()).isEqualTo(ResolvedModel.Kind.SYSTEM_PROFILE);
        assertValidation(llama4, "us-east-1", Operation.INVOKE_STREAM, "The model is unsupported for streaming.");
        assertValidation(llama4, "us-east-1", Operation.CONVERSE_STREAM, "The model is unsupported for streaming.");
    }

    @Test
    void malformedRegionOrAccount_isACallerBug() {
        assertThatThrownBy(() -> CATALOG.resolve(HAIKU, "us-east-1", "12", Operation.INVOKE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("account must be 12 digits, got \"12\"");
        assertThatThrownBy(() -> CATALOG.resolve(HAIKU, "USEAST", TENANT, Operation.INVOKE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
