package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelgate.validation.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Property tests over seeded random role ARNs (reproducible from the seed). */
class RoleArnPropertyTest {

    private static final int CASES = 1_000;
    private static final String NAME_CHARACTERS = "abcXYZ019_+=,.@-";
    private static final String PATH_CHARACTERS = "abZ09!~*:_-";

    @Test
    void randomValidRoleArns_roundTripWithTheirParts() {
        SplittableRandom random = new SplittableRandom(5150L);
        for (int i = 0; i < CASES; i++) {
            AwsPartition partition = AwsPartition.values()[random.nextInt(AwsPartition.values().length)];
            String account = digits(random, 12);
            StringBuilder path = new StringBuilder("/");
            int segments = random.nextInt(4);
            for (int s = 0; s < segments; s++) {
                path.append(text(random, PATH_CHARACTERS, 1 + random.nextInt(10))).append('/');
            }
            String name = text(random, NAME_CHARACTERS, 1 + random.nextInt(64));
            String raw = "arn:" + partition.id() + ":iam::" + account + ":role" + path + name;

            RoleArn arn = RoleArn.parse(raw);

            assertThat(arn.partition()).as(raw).isEqualTo(partition);
            assertThat(arn.accountId()).as(raw).isEqualTo(account);
            assertThat(arn.path()).as(raw).isEqualTo(path.toString());
            assertThat(arn.name()).as(raw).isEqualTo(name);
            assertThat(arn.arn()).isEqualTo(raw);
        }
    }

    @Test
    void randomStrings_neverThrowAnythingButInvalidInput() {
        SplittableRandom random = new SplittableRandom(4242L);
        String[] pieces = {"arn", ":", "aws", "aws-cn", "iam", "sts", "123456789012", "role", "/", "x", "", " ", "é", "//",
            "user", "us-east-1", "*", "\u0000"};
        for (int i = 0; i < CASES; i++) {
            StringBuilder raw = new StringBuilder();
            int count = random.nextInt(12);
            for (int p = 0; p < count; p++) {
                raw.append(pieces[random.nextInt(pieces.length)]);
            }
            try {
                RoleArn arn = RoleArn.parse(raw.toString());
                assertThat(arn.arn()).isEqualTo(raw.toString());
            } catch (InvalidInputException refused) {
                assertThat(refused.violations()).allSatisfy(v -> assertThat(v.field()).isEqualTo("roleArn"));
            } catch (RuntimeException other) {
                fail("parse(\"%s\") threw %s", raw, other);
            }
        }
    }

    private static String digits(SplittableRandom random, int length) {
        return text(random, "0123456789", length);
    }

    private static String text(SplittableRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
