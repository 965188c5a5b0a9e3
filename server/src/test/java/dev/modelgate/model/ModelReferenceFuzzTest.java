package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link ModelReferenceParser} (and so {@code ModelArnParser}). An input is a Region name
 * (or any line, which picks one), a line break and the reference. Seeds and reproducers:
 * {@code src/test/resources/dev/modelgate/model/ModelReferenceFuzzTestInputs/parse/}.
 *
 * <p>Properties: the only exception is {@link InvalidInputException} (field {@code modelReference}, a kebab-case
 * rule), and {@code validate} agrees with {@code parse}; a parsed reference parses again to itself, its parts are
 * consistent with its text and Region, and the model IDs it names (the one sent to Bedrock, the base model) are
 * themselves valid model IDs.
 */
class ModelReferenceFuzzTest {

    private static final List<Region> REGIONS = Region.all();

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        FuzzInput input = FuzzInput.firstLineAndRest(data);
        Region region = FuzzInput.pick(input.part(0), REGIONS);
        String raw = input.part(1);
        boolean valid = ModelReferenceParser.validate(raw, region).isEmpty();
        ModelReference reference;
        try {
            reference = ModelReferenceParser.parse(raw, region);
        } catch (InvalidInputException refused) {
            assertThat(valid).as("validate agrees with parse for %s", raw).isFalse();
            assertThat(refused.violations()).allSatisfy(v -> {
                assertThat(v.field()).isEqualTo("modelReference");
                assertThat(v.rule()).matches("[a-z]+(-[a-z]+)*");
                assertThat(v.message()).isNotBlank();
            });
            return;
        }
        assertThat(valid).as("validate agrees with parse for %s", raw).isTrue();
        assertThat(reference.raw()).isEqualTo(raw);
        assertThat(ModelReferenceParser.parse(reference.raw(), region)).isEqualTo(reference);
        assertThat(raw).matches("[A-Za-z0-9_.:/-]{1," + ModelReferenceParser.MAX_LENGTH + "}");
        if (reference.kind().arn()) {
            assertThat(raw).startsWith("arn:" + region.partition().id() + ":");
            assertThat(reference.region()).isEqualTo(region);
        } else {
            assertThat(raw).doesNotContain("/").doesNotStartWith("arn:");
        }
        if (reference.accountId() != null) {
            assertThat(reference.accountId()).matches("[0-9]{12}");
            assertThat(raw).contains(":" + reference.accountId() + ":");
        }
        if (reference.geoPrefix() != null) {
            assertThat(reference.geoPrefix().canServe(region)).isTrue();
        }
        if (reference.kind() == ModelReferenceKind.FOUNDATION_MODEL_ARN) {
            assertIsModelId(reference.modelId(), region);
        }
        if (reference.baseModelId() != null) {
            assertIsModelId(reference.baseModelId(), region);
        }
    }

    /** {@code id} is a base model ID of its own: Bedrock's catalogue, the console and the audit show it as one. */
    private static void assertIsModelId(String id, Region region) {
        assertThat(ModelReferenceParser.validate(id, region)).as("model ID %s", id).isEmpty();
        ModelReference asId = ModelReferenceParser.parse(id, region);
        assertThat(asId.kind()).as("model ID %s", id).isEqualTo(ModelReferenceKind.FOUNDATION_MODEL_ID);
        assertThat(asId.baseModelId()).isEqualTo(id);
    }
}
