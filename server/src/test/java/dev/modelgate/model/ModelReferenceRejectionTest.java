package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule a model reference can break, with its code and exact message. */
class ModelReferenceRejectionTest {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    @Test
    void blank_isRefused() {
        assertThat(violations("   ")).containsExactly(violation("blank", "model reference must not be blank; enter a "
                + "model ID like anthropic.claude-3-haiku-20240307-v1:0, an inference profile ID or an ARN, got \"   \""));
        assertThat(rules(null)).containsExactly("blank");
        assertThat(rules("")).containsExactly("blank");
    }

    @Test
    void leadingTrailingOrInnerWhitespace_isRefused() {
        assertThat(violations(" " + HAIKU)).containsExactly(violation("whitespace", "model reference must not contain "
                + "whitespace (found leading whitespace), got \" anthropic.claude-3-haiku-20240307-v1:0\""));
        assertThat(violations(HAIKU + "\n").getFirst().message()).contains("(found trailing whitespace)");
        assertThat(violations("amazon.titan text").getFirst().message()).contains("(found a space at index 12)");
        assertThat(violations("amazon.titan\u00a0text").getFirst().message()).contains("(found whitespace U+00A0 at index 12)");
    }

    @Test
    void characterBedrockNeverAccepts_isNamedWithItsIndex() {
        assertThat(violations("amazon.titan#1")).containsExactly(violation("invalid-character", "model reference may "
                + "contain only letters, digits, -, ., :, _ and (in ARNs) /; Bedrock never accepts '#' (U+0023), found at "
                + "index 12, got \"amazon.titan#1\""));
        assertThat(violations("amazon.titan?x").getFirst().message()).contains("'?' (U+003F), found at index 12");
        assertThat(violations("amazon.titan%3A0").getFirst().message()).contains("'%' (U+0025), found at index 12");
        assertThat(violations("amazon.tit\u00e1n").getFirst().message())
                .contains("'\u00e1' (U+00E1), found at index 10, got \"amazon.tit\\u00e1n\"");
    }

    @Test
    void slashOutsideAnArn_isAnInvalidCharacter() {
        assertThat(violations("foundation-model/" + HAIKU).getFirst().message())
                .contains("'/' (U+002F), found at index 16");
    }

    @Test
    void tooLong_isRefused() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + "a".repeat(2048);

        assertThat(violations(arn)).first().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("too-long");
            assertThat(v.message()).startsWith("model reference must have at most 2048 characters (got 2105), got \"arn:");
        });
    }

    @Test
    void wordWithoutProviderDot_isUnrecognized() {
        assertThat(violations("claude")).containsExactly(violation("unrecognized-model-reference", "model reference "
                + "must be a model ID like anthropic.claude-3-haiku-20240307-v1:0, an inference profile ID like "
                + "us.anthropic.claude-3-haiku-20240307-v1:0, a 12-character Provisioned Throughput ID or an ARN, "
                + "got \"claude\""));
        assertThat(rules("ABCDEFGHIJKL")).containsExactly("unrecognized-model-reference");
        assertThat(rules("abcdefghijk")).containsExactly("unrecognized-model-reference");
    }

    @Test
    void malformedModelId_isRefused_withALowercaseHintWhenThatHelps() {
        assertThat(violations("Anthropic.Claude-3-Haiku")).containsExactly(violation("malformed-model-id", "model "
                + "reference must be a model ID like anthropic.claude-3-haiku-20240307-v1:0 (provider.model, in lowercase "
                + "letters, digits and -, with optional :version, at most 140 characters); IDs are lowercase: did you mean "
                + "anthropic.claude-3-haiku?, got \"Anthropic.Claude-3-Haiku\""));
        assertThat(rules("anthropic..claude")).containsExactly("malformed-model-id");
        assertThat(rules("anthropic.claude:")).containsExactly("malformed-model-id");
        assertThat(rules("anthropic.claude_3")).containsExactly("malformed-model-id");
        assertThat(rules("p." + "a".repeat(64))).containsExactly("malformed-model-id");
    }

    @Test
    void profileIdWithoutAModelId_isMalformed() {
        assertThat(violations("us.claude")).containsExactly(violation("malformed-model-id", "model reference must be an "
                + "inference profile ID like us.anthropic.claude-3-haiku-20240307-v1:0 (us.<model ID>, at most 64 "
                + "characters), got \"us.claude\""));
        assertThat(rules("global." + "a".repeat(30) + "." + "b".repeat(30))).containsExactly("malformed-model-id");
    }

    @Test
    void geoPrefixThatCannotServeTheRegion_isRefused() {
        assertThat(violations("eu." + HAIKU)).containsExactly(violation("geo-region-mismatch", "model reference's eu. "
                + "inference profile can be called only from eu-* Regions, not from the model's region us-east-1 (from "
                + "us-east-1 use us. or global.), got \"eu.anthropic.claude-3-haiku-20240307-v1:0\""));
        assertThat(rules("us-gov." + HAIKU)).containsExactly("geo-region-mismatch");
        assertThat(rules("apac." + HAIKU, "me-south-1")).containsExactly("geo-region-mismatch");
        assertThat(rules("jp." + HAIKU, "ap-northeast-2")).containsExactly("geo-region-mismatch");
        assertThat(rules("au." + HAIKU, "ap-southeast-1")).containsExactly("geo-region-mismatch");
        assertThat(rules("us." + HAIKU, "ca-west-1")).containsExactly("geo-region-mismatch");
        assertThat(rules("us." + HAIKU, "us-gov-east-1")).containsExactly("geo-region-mismatch");
        assertThat(rules("global." + HAIKU, "us-gov-west-1")).containsExactly("geo-region-mismatch");
    }

    @Test
    void geoPrefixInARegionNoProfileServes_saysSo() {
        assertThat(violations("global." + HAIKU, "cn-north-1").getFirst().message()).isEqualTo("model reference's "
                + "global. inference profile can be called only from commercial Regions (partition aws), not from the "
                + "model's region cn-north-1 (no cross-Region profile serves cn-north-1), got \"global." + HAIKU + "\"");
    }

    @Test
    void doubledGeoPrefix_isRefused_notReadAsAProfileOfAPrefixedModel() {
        assertThat(violations("us.us." + HAIKU)).containsExactly(violation("stacked-geo-prefix", "model reference "
                + "must start with at most one geography prefix (an inference profile ID is <geo>.<model ID>, and no "
                + "model ID starts with a geography), but it starts with 2: us.us.; did you mean "
                + "us.anthropic.claude-3-haiku-20240307-v1:0?, got \"us.us.anthropic.claude-3-haiku-20240307-v1:0\""));
        assertThat(violations("global.global." + HAIKU)).extracting(Violation::rule).containsExactly("stacked-geo-prefix");
    }

    @Test
    void stackedGeoPrefixes_areRefused_suggestingThoseTheRegionCanCall() {
        assertThat(violations("us.eu.global." + HAIKU).getFirst().message()).isEqualTo("model reference must start "
                + "with at most one geography prefix (an inference profile ID is <geo>.<model ID>, and no model ID "
                + "starts with a geography), but it starts with 3: us.eu.global.; did you mean us." + HAIKU
                + " or global." + HAIKU + "?, got \"us.eu.global." + HAIKU + "\"");
        assertThat(rules("us-gov.us." + HAIKU, "us-gov-west-1")).containsExactly("stacked-geo-prefix");
        assertThat(rules("apac.jp." + HAIKU, "ap-northeast-1")).containsExactly("stacked-geo-prefix");
        assertThat(rules("eu.au.claude", "eu-west-1")).containsExactly("stacked-geo-prefix");
        assertThat(violations("eu.eu.x", "eu-west-1").getFirst().message())
                .endsWith("but it starts with 2: eu.eu., got \"eu.eu.x\"");
    }

    @Test
    void stackedGeoPrefixInsideAnyArn_isRefused() {
        String profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.us." + HAIKU;
        assertThat(violations(profile)).containsExactly(violation("stacked-geo-prefix", "model ARN resource ID must "
                + "start with at most one geography prefix (an inference profile ID is <geo>.<model ID>, and no model "
                + "ID starts with a geography), but it starts with 2: us.us.; did you mean "
                + "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + HAIKU + "?, got \"" + profile + "\""));
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/us.global." + HAIKU))
                .containsExactly("stacked-geo-prefix");
        assertThat(rules("arn:aws:bedrock:us-east-1::foundation-model/global.us." + HAIKU))
                .containsExactly("stacked-geo-prefix");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:custom-model/us.us." + HAIKU + "/abcdefghijkl"))
                .containsExactly("stacked-geo-prefix");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.us.us." + HAIKU, "eu-west-1"))
                .containsExactly("arn-region-mismatch", "stacked-geo-prefix");
    }

    @Test
    void geoPrefixWhereABaseModelIdBelongs_isRefused() {
        String foundation = "arn:aws:bedrock:us-east-1::foundation-model/us." + HAIKU;
        assertThat(violations(foundation)).containsExactly(violation("geo-prefix-in-base-model", "model ARN of a "
                + "foundation model names a base model ID, which never starts with a geography prefix, but \"us."
                + HAIKU + "\" starts with us.; a cross-Region profile is named by its ID us." + HAIKU + " or its ARN "
                + "arn:aws:bedrock:us-east-1:<account>:inference-profile/us." + HAIKU + ", got \"" + foundation + "\""));
        String custom = "arn:aws:bedrock:us-east-1:123456789012:custom-model/global." + HAIKU + "/abcdefghijkl";
        assertThat(violations(custom)).containsExactly(violation("geo-prefix-in-base-model", "model ARN of a custom "
                + "model names the base model ID it was trained from, which never starts with a geography prefix, but "
                + "\"global." + HAIKU + "\" starts with global. (a custom model is based on a foundation model, not on "
                + "an inference profile), got \"" + custom + "\""));
    }

    @Test
    void profileIdInAnApplicationProfileArn_saysWhereItBelongs() {
        assertThat(violations("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/us." + HAIKU)
                .getFirst().message()).startsWith("model ARN resource ID must be 12 lowercase letters or digits (\"us."
                + HAIKU + "\" is a cross-Region profile ID, whose ARN is …:inference-profile/us." + HAIKU + "), not ");
    }

    @Test
    void uppercaseStackedPrefix_getsNoHintTowardsAnotherInvalidReference() {
        assertThat(violations("US.us." + HAIKU).getFirst().message()).doesNotContain("did you mean");
    }

    @Test
    void unsupportedArnResourceType_listsTheSupportedOnes() {
        assertThat(violations("arn:aws:bedrock:us-east-1:123456789012:agent/X")).containsExactly(violation(
                "arn-resource-type", "model ARN resource type \"agent\" is not supported; supported: foundation-model, "
                        + "inference-profile, application-inference-profile, provisioned-model, custom-model, "
                        + "custom-model-deployment, imported-model (bedrock) and endpoint (sagemaker), "
                        + "got \"arn:aws:bedrock:us-east-1:123456789012:agent/X\""));
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:prompt/ABCDEFGHIJ:1")).containsExactly("arn-resource-type");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:prompt-router/x")).containsExactly("arn-resource-type");
        assertThat(rules("arn:aws:sagemaker:us-east-1:123456789012:model/x")).containsExactly("arn-resource-type");
    }

    @Test
    void arnInAnotherRegion_isRefused() {
        assertThat(violations("arn:aws:bedrock:eu-west-1::foundation-model/" + HAIKU)).containsExactly(violation(
                "arn-region-mismatch", "model ARN is in eu-west-1 but the model's region is us-east-1, "
                        + "got \"arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\""));
        assertThat(violations("arn:aws:bedrock::123456789012:provisioned-model/abcdefghijkl").getFirst().message())
                .startsWith("model ARN has no region but the model's region is us-east-1, got ");
    }

    @Test
    void arnPartition_mustBeSupportedAndTheRegions() {
        assertThat(violations("arn:aws-iso:bedrock:us-east-1::foundation-model/" + HAIKU)).containsExactly(violation(
                "arn-partition", "model ARN partition must be aws, aws-cn or aws-us-gov, not \"aws-iso\", "
                        + "got \"arn:aws-iso:bedrock:us-east-1::foundation-model/" + HAIKU + "\""));
        assertThat(violations("arn:aws-cn:bedrock:us-east-1::foundation-model/" + HAIKU)).containsExactly(violation(
                "arn-partition-mismatch", "model ARN is in partition aws-cn but the model's region us-east-1 is in aws, "
                        + "got \"arn:aws-cn:bedrock:us-east-1::foundation-model/" + HAIKU + "\""));
        assertThat(rules("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:endpoint/x", "us-gov-west-1"))
                .containsExactly("arn-partition");
    }

    @Test
    void arnOfAnotherService_isRefused() {
        assertThat(violations("arn:aws:s3:us-east-1:123456789012:bucket/x")).containsExactly(violation("arn-service",
                "model ARN must be a Bedrock ARN (arn:<partition>:bedrock:<region>:<account>:<resource type>/<ID>) or a "
                        + "SageMaker endpoint ARN, not a \"s3\" ARN, got \"arn:aws:s3:us-east-1:123456789012:bucket/x\""));
    }

    @Test
    void arnAccount_emptyForFoundationModelsAndTwelveDigitsOtherwise() {
        assertThat(violations("arn:aws:bedrock:us-east-1:123456789012:foundation-model/" + HAIKU)).containsExactly(
                violation("arn-account", "model ARN of a foundation model must have an empty account "
                        + "(arn:aws:bedrock:<region>::foundation-model/<model ID>), not \"123456789012\", "
                        + "got \"arn:aws:bedrock:us-east-1:123456789012:foundation-model/" + HAIKU + "\""));
        assertThat(violations("arn:aws:bedrock:us-east-1::provisioned-model/abcdefghijkl")).containsExactly(violation(
                "arn-account", "model ARN account must be 12 digits, not \"\", "
                        + "got \"arn:aws:bedrock:us-east-1::provisioned-model/abcdefghijkl\""));
        assertThat(rules("arn:aws:bedrock:us-east-1:12345678901:imported-model/abcdefghijkl")).containsExactly("arn-account");
    }

    @Test
    void badResourceIds_areRefused() {
        assertThat(violations("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijk")).containsExactly(
                violation("arn-resource-id", "model ARN resource ID must be 12 lowercase letters or digits, not "
                        + "\"abcdefghijk\", got \"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijk\""));
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:imported-model/ABCDEFGHIJKL")).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/my-profile"))
                .containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:custom-model/" + HAIKU + "/short")).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:custom-model/abcdefghijkl")).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1::foundation-model/a/b")).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1::foundation-model/")).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:sagemaker:us-east-1:123456789012:endpoint/-x")).containsExactly("arn-resource-id");
    }

    @Test
    void inferenceProfileArnWithoutAGeoPrefix_isRefused() {
        assertThat(violations("arn:aws:bedrock:us-east-1:123456789012:inference-profile/abcdefghijkl").getFirst().message())
                .startsWith("model ARN resource ID must be a cross-Region profile ID <geo>.<model ID> with geo one of us, "
                        + "eu, apac, us-gov, jp, au, global (application profiles are application-inference-profile/<ID>), "
                        + "not \"abcdefghijkl\"");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:inference-profile/xx." + HAIKU)).containsExactly("arn-resource-id");
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu." + HAIKU))
                .containsExactly("geo-region-mismatch");
    }

    @Test
    void arnWithoutResource_isMalformed() {
        assertThat(violations("arn:aws:bedrock:us-east-1")).containsExactly(violation("malformed-arn", "model ARN must "
                + "look like arn:<partition>:bedrock:<region>:<account>:<resource type>/<ID>, got \"arn:aws:bedrock:us-east-1\""));
        assertThat(rules("arn:aws:bedrock:us-east-1:123456789012:provisioned-model")).containsExactly("malformed-arn");
    }

    @Test
    void severalProblems_areAllReportedAtOnce() {
        assertThat(rules("arn:aws-cn:bedrock:eu-west-1:12:agent/X")).containsExactly(
                "arn-partition-mismatch", "arn-resource-type", "arn-region-mismatch", "arn-account");
        assertThat(rules(" amazon.titan#x")).containsExactly("whitespace", "invalid-character");
        assertThatThrownBy(() -> ModelReferenceParser.parse("arn:aws:bedrock:eu-west-1:1:provisioned-model/x", US_EAST_1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::rule).containsExactly("arn-region-mismatch", "arn-account", "arn-resource-id"))
                .hasMessageStartingWith("3 violations, first: model ARN is in eu-west-1");
    }

    private static List<Violation> violations(String raw) {
        return violations(raw, "us-east-1");
    }

    private static List<Violation> violations(String raw, String region) {
        List<Violation> violations = ModelReferenceParser.validate(raw, Region.of(region));
        assertThat(violations).allSatisfy(v -> assertThat(v.field()).isEqualTo("modelReference"));
        return violations;
    }

    private static List<String> rules(String raw) {
        return rules(raw, "us-east-1");
    }

    private static List<String> rules(String raw, String region) {
        return violations(raw, region).stream().map(Violation::rule).toList();
    }

    private static Violation violation(String rule, String message) {
        return Violation.of("modelReference", rule, message);
    }
}
