package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import org.junit.jupiter.api.Test;

class RoleArnTest {

    @Test
    void parse_roleWithoutPath_hasRootPath() {
        RoleArn arn = RoleArn.parse("arn:aws:iam::123456789012:role/ModelgateAccess");

        assertThat(arn.partition()).isEqualTo(AwsPartition.AWS);
        assertThat(arn.accountId()).isEqualTo("123456789012");
        assertThat(arn.path()).isEqualTo("/");
        assertThat(arn.name()).isEqualTo("ModelgateAccess");
        assertThat(arn).hasToString("arn:aws:iam::123456789012:role/ModelgateAccess");
    }

    @Test
    void parse_roleWithPath_splitsPathAndName() {
        RoleArn arn = RoleArn.parse("arn:aws-cn:iam::123456789012:role/teams/ml/Bedrock+Invoke=1,a.b@c-d_e");

        assertThat(arn.partition()).isEqualTo(AwsPartition.AWS_CN);
        assertThat(arn.path()).isEqualTo("/teams/ml/");
        assertThat(arn.name()).isEqualTo("Bedrock+Invoke=1,a.b@c-d_e");
        assertThat(arn.arn()).isEqualTo("arn:aws-cn:iam::123456789012:role/teams/ml/Bedrock+Invoke=1,a.b@c-d_e");
    }

    @Test
    void parse_govCloudRole() {
        assertThat(RoleArn.parse("arn:aws-us-gov:iam::123456789012:role/x").partition()).isEqualTo(AwsPartition.AWS_US_GOV);
    }

    @Test
    void parse_shortAccount_saysWhatARoleArnLooksLike() {
        assertThatThrownBy(() -> RoleArn.parse("arn:aws:iam::12:role/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("role ARN must look like arn:aws:iam::<12 digits>:role/<name>, got \"arn:aws:iam::12:role/x\"");
        assertThat(RoleArn.validate("arn:aws:iam::12:role/x")).extracting(Violation::rule).containsExactly("arn-account");
    }

    @Test
    void parse_notAnArn_isMalformed() {
        assertThat(RoleArn.validate("ModelgateAccess")).containsExactly(Violation.of("roleArn", "malformed-role-arn",
                "role ARN must look like arn:aws:iam::<12 digits>:role/<name>, got \"ModelgateAccess\""));
    }

    @Test
    void parse_blank_isRefused() {
        assertThat(RoleArn.validate("")).containsExactly(Violation.of("roleArn", "blank",
                "role ARN must not be blank; expected arn:aws:iam::<12 digits>:role/<name>"));
        assertThat(RoleArn.validate(null)).extracting(Violation::rule).containsExactly("blank");
    }

    @Test
    void parse_unsupportedPartition_isRefused() {
        assertThat(RoleArn.validate("arn:aws-iso:iam::123456789012:role/x")).containsExactly(Violation.of("roleArn",
                "arn-partition", "role ARN partition must be aws, aws-cn or aws-us-gov, got \"aws-iso\" in "
                        + "\"arn:aws-iso:iam::123456789012:role/x\""));
    }

    @Test
    void parse_assumedRoleSessionArn_asksForTheRoleArn() {
        assertThat(RoleArn.validate("arn:aws:sts::123456789012:assumed-role/Access/session")).containsExactly(
                Violation.of("roleArn", "arn-service", "role ARN must be the role's IAM ARN, not an assumed-role session "
                        + "ARN: use arn:aws:iam::<12 digits>:role/<name>, got "
                        + "\"arn:aws:sts::123456789012:assumed-role/Access/session\""));
    }

    @Test
    void parse_userArnWithRegion_reportsEveryProblem() {
        assertThat(RoleArn.validate("arn:aws:iam:us-east-1:1234:user/bob")).extracting(Violation::rule)
                .containsExactly("arn-region", "arn-resource-type", "arn-account");
    }

    @Test
    void parse_nameTooLongOrWithBadCharacter_isRefused() {
        String longName = "a".repeat(65);
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/" + longName)).containsExactly(Violation.of("roleArn",
                "role-name", "role ARN's role name must be 1 to 64 letters, digits or _+=,.@-, got \"" + longName
                        + "\" in \"arn:aws:iam::123456789012:role/" + longName + "\""));
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/a*b")).extracting(Violation::rule)
                .containsExactly("role-name");
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/" + "a".repeat(64))).isEmpty();
    }

    @Test
    void parse_missingName_isRefused() {
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/")).extracting(Violation::rule)
                .containsExactly("role-name");
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role")).extracting(Violation::rule)
                .containsExactly("role-name");
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/path/")).extracting(Violation::rule)
                .containsExactly("role-name");
    }

    @Test
    void parse_emptyPathSegment_isRefused() {
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/a//x")).containsExactly(Violation.of("roleArn",
                "role-path", "role ARN's path must be / or /segment/.../ with non-empty segments of printable ASCII, "
                        + "got \"/a//\" in \"arn:aws:iam::123456789012:role/a//x\""));
    }

    @Test
    void parse_pathLongerThan512_isRefused() {
        String path = "/" + "p".repeat(511) + "/";
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role" + path + "x")).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("role-path");
            assertThat(v.message()).startsWith("role ARN's path must have at most 512 characters, got 513 in ")
                    .endsWith("… (544 characters)");
        });
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/" + "p".repeat(510) + "/x")).isEmpty();
    }

    @Test
    void parse_pathWithIamPunctuation_isAccepted() {
        assertThat(RoleArn.parse("arn:aws:iam::123456789012:role/a!b~c/d:e/x").path()).isEqualTo("/a!b~c/d:e/");
    }

    @Test
    void parse_whitespaceOrNonAscii_isRefusedBeforeTheShape() {
        assertThat(RoleArn.validate(" arn:aws:iam::123456789012:role/x")).containsExactly(Violation.of("roleArn",
                "whitespace", "role ARN must not contain whitespace (found leading whitespace), got "
                        + "\" arn:aws:iam::123456789012:role/x\""));
        assertThat(RoleArn.validate("arn:aws:iam::123456789012:role/\u0445")).containsExactly(Violation.of("roleArn",
                "invalid-character", "role ARN may contain only printable ASCII, got 'х' (U+0445) at index 31 in "
                        + "\"arn:aws:iam::123456789012:role/\\u0445\""));
    }

    @Test
    void constructor_checksTheSameRules() {
        assertThatThrownBy(() -> new RoleArn(AwsPartition.AWS, "123", "/", "x"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new RoleArn(AwsPartition.AWS, "123456789012", "path", "x"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(new RoleArn(AwsPartition.AWS, "123456789012", "/p/", "x").arn())
                .isEqualTo("arn:aws:iam::123456789012:role/p/x");
    }
}
