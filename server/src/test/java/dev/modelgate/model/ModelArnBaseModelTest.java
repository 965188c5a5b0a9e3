package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The base model an ARN names must be a base model ID, as {@link ModelReferenceFuzzTest}'s property says: a
 * foundation-model ARN or a custom model whose "model ID" was a cross-Region profile ID, or longer than any model ID,
 * was accepted, and the profile was then sent to Bedrock without the geography check a profile gets.
 */
class ModelArnBaseModelTest {

    private static final Region EU_WEST_1 = Region.of("eu-west-1");

    @Test
    void foundationModelArnNamingAProfileId_isRefused_notSentWithoutTheGeoCheck() {
        String arn = "arn:aws:bedrock:eu-west-1::foundation-model/us.anthropic.claude-3-haiku-20240307-v1:0";

        assertThat(violations(arn)).containsExactly(Violation.of("modelReference", "geo-prefix-in-base-model",
                "model ARN of a foundation model names a base model ID, which never starts with a geography prefix, "
                        + "but \"us.anthropic.claude-3-haiku-20240307-v1:0\" starts with us.; a cross-Region profile is "
                        + "named by its ID us.anthropic.claude-3-haiku-20240307-v1:0 or its ARN "
                        + "arn:aws:bedrock:eu-west-1:<account>:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0, "
                        + "got \"" + arn + "\""));
        assertThat(rules("arn:aws:bedrock:eu-west-1::foundation-model/global.anthropic.claude-v2"))
                .containsExactly("geo-prefix-in-base-model");
    }

    @Test
    void customModelArnWithAProfileAsItsBase_isRefused() {
        String arn = "arn:aws:bedrock:eu-west-1:123456789012:custom-model/eu.anthropic.claude-v2/abcdefghijkl";

        assertThat(violations(arn)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("geo-prefix-in-base-model");
            assertThat(v.message()).contains("a custom model is based on a foundation model, not on an inference profile");
        });
    }

    @Test
    void customModelArnWithABaseLongerThanAnyModelId_isRefused() {
        String base = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(13);
        String arn = "arn:aws:bedrock:eu-west-1:123456789012:custom-model/" + base + "/abcdefghijkl";

        assertThat(base).hasSize(ModelReferenceParser.MAX_MODEL_ID_LENGTH + 1);
        assertThat(rules(arn)).containsExactly("arn-resource-id");
        assertThat(ModelReferenceParser.parse(arn.replace(base, base.substring(1)), EU_WEST_1).baseModelId())
                .isEqualTo(base.substring(1));
    }

    @Test
    void baseModelIdsAndMarketplaceNames_areStillAccepted() {
        ModelReference foundation = ModelReferenceParser.parse(
                "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", EU_WEST_1);
        ModelReference marketplace = ModelReferenceParser.parse(
                "arn:aws:bedrock:eu-west-1::foundation-model/us-model", EU_WEST_1);

        assertThat(foundation.baseModelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(marketplace.kind()).isEqualTo(ModelReferenceKind.MARKETPLACE_MODEL_ARN);
    }

    private static List<Violation> violations(String raw) {
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
                () -> ModelReferenceParser.parse(raw, EU_WEST_1));
        assertThat(refused).as("refusal of %s", raw).isNotNull();
        assertThat(ModelReferenceParser.validate(raw, EU_WEST_1)).isEqualTo(refused.violations());
        return refused.violations();
    }

    private static List<String> rules(String raw) {
        return violations(raw).stream().map(Violation::rule).toList();
    }
}
