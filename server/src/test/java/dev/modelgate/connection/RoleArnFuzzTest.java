package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.FuzzInput;
import dev.modelgate.validation.InvalidInputException;

/**
 * Coverage-guided fuzzing of {@link RoleArn#parse}. An input is the role ARN as the tenant typed it. Seeds and
 * reproducers: {@code src/test/resources/dev/modelgate/connection/RoleArnFuzzTestInputs/parse/}.
 *
 * <p>Properties: the only exception is {@link InvalidInputException} (field {@code roleArn}, a kebab-case rule) and
 * {@code validate} agrees with {@code parse}; an accepted ARN is written back exactly as typed, parses again to
 * itself and can be rebuilt from its parts.
 */
class RoleArnFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] data) {
        String raw = FuzzInput.of(data, 1).part(0);
        boolean valid = RoleArn.validate(raw).isEmpty();
        RoleArn arn;
        try {
            arn = RoleArn.parse(raw);
        } catch (InvalidInputException refused) {
            assertThat(valid).as("validate agrees with parse for %s", raw).isFalse();
            assertThat(refused.violations()).allSatisfy(v -> {
                assertThat(v.field()).isEqualTo("roleArn");
                assertThat(v.rule()).matches("[a-z]+(-[a-z]+)*");
                assertThat(v.message()).isNotBlank();
            });
            return;
        }
        assertThat(valid).as("validate agrees with parse for %s", raw).isTrue();
        assertThat(arn.arn()).isEqualTo(raw);
        assertThat(RoleArn.parse(arn.arn())).isEqualTo(arn);
        assertThat(new RoleArn(arn.partition(), arn.accountId(), arn.path(), arn.name())).isEqualTo(arn);
        assertThat(arn.accountId()).matches("[0-9]{12}");
        assertThat(arn.path()).startsWith("/").endsWith("/").doesNotContain("//");
        assertThat(arn.name()).isNotEmpty().doesNotContain("/");
    }
}
