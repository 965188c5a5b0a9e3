package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.connection.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form of model reference Modelgate accepts, and what it reports for each. */
class ModelReferenceParserTest {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    @ParameterizedTest
    @ValueSource(strings = {HAIKU, "amazon.titan-text-express-v1", "meta.llama3-8b-instruct-v1:0", "amazon.nova-lite-v1:0",
        "mistral.mistral-7b-instruct-v0:2", "cohere.command-r-plus-v1:0", "ai21.jamba-1-5-mini-v1:0",
        "amazon.titan-text-express-v1:0:8k", "deepseek.r1-v1:0"})
    void parse_baseModelId_isSentAsIs(String id) {
        assertThat(ModelReferenceParser.parse(id, US_EAST_1)).isEqualTo(
                new ModelReference(id, ModelReferenceKind.FOUNDATION_MODEL_ID, id, id, null, null, null));
    }

    @ParameterizedTest
    @CsvSource({"us, us-east-1", "us, us-west-2", "us, ca-central-1", "eu, eu-west-1", "eu, eu-south-2",
        "apac, ap-south-1", "apac, me-central-1", "apac, ap-southeast-7", "us-gov, us-gov-west-1",
        "jp, ap-northeast-1", "jp, ap-northeast-3", "au, ap-southeast-2", "au, ap-southeast-4", "global, sa-east-1",
        "global, us-east-1"})
    void parse_crossRegionProfileId_reportsGeoAndBaseModel(String prefix, String region) {
        String id = prefix + "." + HAIKU;

        ModelReference reference = ModelReferenceParser.parse(id, Region.of(region));

        assertThat(reference).isEqualTo(new ModelReference(id, ModelReferenceKind.INFERENCE_PROFILE_ID, id, HAIKU,
                GeoPrefix.fromPrefix(prefix).orElseThrow(), null, null));
    }

    @ParameterizedTest
    @CsvSource({"aws, us-east-1", "aws-cn, cn-north-1", "aws-us-gov, us-gov-west-1"})
    void parse_foundationModelArn_sendsItsModelId(String partition, String region) {
        String arn = "arn:" + partition + ":bedrock:" + region + "::foundation-model/" + HAIKU;

        assertThat(ModelReferenceParser.parse(arn, Region.of(region))).isEqualTo(new ModelReference(arn,
                ModelReferenceKind.FOUNDATION_MODEL_ARN, HAIKU, HAIKU, null, Region.of(region), null));
    }

    @Test
    void parse_marketplaceFoundationModelArn_sendsTheName() {
        String arn = "arn:aws:bedrock:us-east-1::foundation-model/upstage-solar-pro-2";

        assertThat(ModelReferenceParser.parse(arn, US_EAST_1)).isEqualTo(new ModelReference(arn,
                ModelReferenceKind.MARKETPLACE_MODEL_ARN, "upstage-solar-pro-2", null, null, US_EAST_1, null));
    }

    @Test
    void parse_inferenceProfileArn_reportsAccountGeoAndBaseModel() {
        String arn = "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu." + HAIKU;

        assertThat(ModelReferenceParser.parse(arn, Region.of("eu-west-3"))).isEqualTo(new ModelReference(arn,
                ModelReferenceKind.INFERENCE_PROFILE_ARN, arn, HAIKU, GeoPrefix.EU, Region.of("eu-west-3"), "123456789012"));
    }

    @ParameterizedTest
    @CsvSource({"application-inference-profile, APPLICATION_INFERENCE_PROFILE_ARN",
        "provisioned-model, PROVISIONED_MODEL_ARN", "custom-model-deployment, CUSTOM_MODEL_DEPLOYMENT_ARN",
        "imported-model, IMPORTED_MODEL_ARN"})
    void parse_accountResourceArn_isSentAsIs(String type, ModelReferenceKind kind) {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:" + type + "/abc123def456";

        assertThat(ModelReferenceParser.parse(arn, US_EAST_1))
                .isEqualTo(new ModelReference(arn, kind, arn, null, null, US_EAST_1, "123456789012"));
    }

    @Test
    void parse_customModelArn_reportsItsBaseModel() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl";

        ModelReference reference = ModelReferenceParser.parse(arn, US_EAST_1);

        assertThat(reference.kind()).isEqualTo(ModelReferenceKind.CUSTOM_MODEL_ARN);
        assertThat(reference.baseModelId()).isEqualTo("amazon.titan-text-express-v1:0:8k");
        assertThat(reference.modelId()).isEqualTo(arn);
    }

    @Test
    void parse_customModelArnOfAnImportedModel_hasNoBaseModel() {
        String arn = "arn:aws:bedrock:us-west-2:123456789012:custom-model/imported/abcdefghijkl";

        ModelReference reference = ModelReferenceParser.parse(arn, Region.of("us-west-2"));

        assertThat(reference.kind()).isEqualTo(ModelReferenceKind.CUSTOM_MODEL_ARN);
        assertThat(reference.baseModelId()).isNull();
    }

    @Test
    void parse_sageMakerMarketplaceEndpointArn() {
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/My-Endpoint-1";

        assertThat(ModelReferenceParser.parse(arn, US_EAST_1)).isEqualTo(new ModelReference(arn,
                ModelReferenceKind.MARKETPLACE_ENDPOINT_ARN, arn, null, null, US_EAST_1, "123456789012"));
    }

    @Test
    void parse_bareTwelveCharacterId_isAProvisionedThroughputId() {
        assertThat(ModelReferenceParser.parse("a1b2c3d4e5f6", US_EAST_1)).isEqualTo(new ModelReference("a1b2c3d4e5f6",
                ModelReferenceKind.PROVISIONED_MODEL_ID, "a1b2c3d4e5f6", null, null, null, null));
    }

    @Test
    void parse_modelIdOfTheLongestAllowedLength_isAccepted() {
        String id = "p." + "a".repeat(63) + "." + "b".repeat(63) + ":" + "c".repeat(10);

        assertThat(id).hasSize(140);
        assertThat(ModelReferenceParser.parse(id, US_EAST_1).kind()).isEqualTo(ModelReferenceKind.FOUNDATION_MODEL_ID);
    }

    @Test
    void validate_acceptedReference_hasNoViolations() {
        assertThat(ModelReferenceParser.validate("us." + HAIKU, US_EAST_1)).isEmpty();
    }

    @Test
    void kinds_knowWhichPartsTheyCarry() {
        assertThat(ModelReferenceKind.FOUNDATION_MODEL_ARN.arn()).isTrue();
        assertThat(ModelReferenceKind.FOUNDATION_MODEL_ARN.hasAccount()).isFalse();
        assertThat(ModelReferenceKind.MARKETPLACE_ENDPOINT_ARN.hasAccount()).isTrue();
        assertThat(ModelReferenceKind.PROVISIONED_MODEL_ID.arn()).isFalse();
        assertThat(ModelReferenceKind.INFERENCE_PROFILE_ARN.crossRegionProfile()).isTrue();
    }
}
