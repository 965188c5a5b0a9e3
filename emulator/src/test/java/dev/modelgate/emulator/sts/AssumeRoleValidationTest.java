package dev.modelgate.emulator.sts;

import static dev.modelgate.emulator.sts.StsFixture.TENANT_ROLE;
import static dev.modelgate.emulator.sts.StsFixture.assertError;
import static dev.modelgate.emulator.sts.StsFixture.body;
import static dev.modelgate.emulator.sts.StsFixture.has;
import static dev.modelgate.emulator.sts.StsFixture.text;
import static dev.modelgate.emulator.sts.StsFixture.xml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.http.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

class AssumeRoleValidationTest {

    private static final String ROLE_ARN_PATTERN =
            "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";

    private final StsFixture fixture = new StsFixture();

    private Reply assume(String... namesAndValues) {
        return fixture.assumeRole(fixture.platform(), namesAndValues);
    }

    private static void assertValidation(Reply reply, String message) {
        assertError(reply, 400, "ValidationError", message);
    }

    @Test
    void missingRoleArn_isNull() {
        assertValidation(assume("RoleSessionName", "s1"),
                "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void missingBothRequiredMembers_listsBoth() {
        assertValidation(assume(),
                "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void emptyRoleArn_failsPatternThenLength() {
        assertValidation(assume("RoleArn", "", "RoleSessionName", "s1"),
                "2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy "
                        + "regular expression pattern: " + ROLE_ARN_PATTERN + "; Value '' at 'roleArn' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 20");
    }

    @Test
    void shortRoleArn_failsLength() {
        assertValidation(assume("RoleArn", "not-an-arn", "RoleSessionName", "s1"),
                "1 validation error detected: Value 'not-an-arn' at 'roleArn' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 20");
    }

    @Test
    void roleArnThatIsNoArn_isInvalid() {
        String notAnArn = "x".repeat(20);

        assertValidation(assume("RoleArn", notAnArn, "RoleSessionName", "s1"), notAnArn + " is invalid");
    }

    @Test
    void overlongRoleArn_failsLengthCountedInCodePoints() {
        String overlong = "é".repeat(2049);

        assertValidation(assume("RoleArn", overlong, "RoleSessionName", "s1"),
                "1 validation error detected: Value '" + overlong + "' at 'roleArn' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void roleArnWithCharactersOutsideThePlane_failsThePatternAsAwsJavaRegexDoes() {
        String emoji = "😀".repeat(30);

        assertValidation(assume("RoleArn", emoji, "RoleSessionName", "s1"),
                "1 validation error detected: Value '" + emoji + "' at 'roleArn' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: " + ROLE_ARN_PATTERN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|Member must have length greater than or equal to 2",
            "a|Member must have length greater than or equal to 2",
            "bad/name|Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            "has space|Member must satisfy regular expression pattern: [\\w+=,.@-]*",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|Member must have length less than or equal to 64"})
    void badSessionName_isRejectedWithTheModelsConstraint(String name, String constraint) {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", name),
                "1 validation error detected: Value '" + name + "' at 'roleSessionName' failed to satisfy constraint: "
                        + constraint);
    }

    @Test
    void sessionNameLimits_areInclusive() {
        for (String name : List.of("aa", "b".repeat(64), "w+=,.@-_9")) {
            Reply reply = fixture.assumeRole(fixture.platform(), "RoleArn", TENANT_ROLE, "RoleSessionName", name,
                    "ExternalId", StsFixture.EXTERNAL_ID);
            assertThat(reply.status()).as(name).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "899, Member must have value greater than or equal to 900",
            "-1, Member must have value greater than or equal to 900",
            "86400, Member must have value less than or equal to 43200",
            "2147483647, Member must have value less than or equal to 43200"})
    void durationOutOfRange_isAValidationError(String duration, String constraint) {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "DurationSeconds", duration),
                "1 validation error detected: Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                        + constraint);
    }

    @Test
    void durationWithSignOrLeadingZero_isAccepted() {
        for (String duration : List.of("+900", "0900")) {
            Document xml = xml(fixture.assumeDemoRole("DurationSeconds", duration));
            assertThat(text(xml, "AssumeRoleResult", "Credentials", "Expiration")).isEqualTo("2026-11-24T18:24:18Z");
        }
    }

    @Test
    void durationThatIsNoInteger_isMalformedInput() {
        for (String duration : List.of("abc", "900.0", "2147483648")) {
            Reply reply = assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "DurationSeconds", duration);
            assertThat(reply.status()).isEqualTo(400);
            Document xml = xml(reply);
            assertThat(text(xml, "Error", "Code")).isEqualTo("MalformedInput");
            assertThat(has(xml, "Error", "Message")).as("AWS sends no message for %s", duration).isFalse();
        }
        assertError(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "DurationSeconds", ""), 400,
                "MalformedInput", "missing value for decimal type");
    }

    @Test
    void badExternalId_isRejected() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "ExternalId", "x"),
                "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 2");
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "ExternalId", "tenant 42"),
                "1 validation error detected: Value 'tenant 42' at 'externalId' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
        String long1225 = "e".repeat(1225);
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "ExternalId", long1225),
                "1 validation error detected: Value '" + long1225 + "' at 'externalId' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 1224");
    }

    @Test
    void badTags_areRejectedByTheirListPosition() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1",
                        "Tags.member.1.Key", "ok", "Tags.member.1.Value", "v",
                        "Tags.member.2.Key", "bad#key", "Tags.member.2.Value", "v",
                        "Tags.member.3.Key", "k3"),
                "2 validation errors detected: Value 'bad#key' at 'tags.2.member.key' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+; "
                        + "Value null at 'tags.3.member.value' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void moreThanFiftyTags_isRejected() {
        List<String> params = new ArrayList<>(List.of("RoleArn", TENANT_ROLE, "RoleSessionName", "s1"));
        for (int i = 1; i <= 51; i++) {
            params.addAll(List.of("Tags.member." + i + ".Key", "k" + i, "Tags.member." + i + ".Value", "v"));
        }

        Reply reply = assume(params.toArray(String[]::new));

        assertThat(text(xml(reply), "Error", "Message")).startsWith("1 validation error detected: Value '[{Key: k1,Value: v}, ")
                .endsWith("]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    }

    @Test
    void tagKeysDifferingOnlyInCase_areDuplicates() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1",
                        "Tags.member.1.Key", "Team", "Tags.member.1.Value", "a",
                        "Tags.member.2.Key", "team", "Tags.member.2.Value", "b"),
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }

    @Test
    void badTransitiveTagKey_isRejected() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "TransitiveTagKeys.member.1", ""),
                "2 validation errors detected: Value '' at 'transitiveTagKeys.1.member' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+; "
                        + "Value '' at 'transitiveTagKeys.1.member' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void policyLongerThan2048Characters_failsTheModelsLengthConstraint() {
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"bedrock:InvokeModel\",\"Resource\":\"*\"}";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + (statement + ",").repeat(40) + statement + "]}";

        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "Policy", policy),
                "1 validation error detected: Value '" + policy + "' at 'policy' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void moreThanTenPolicyArns_isRejected() {
        List<String> params = new ArrayList<>(List.of("RoleArn", TENANT_ROLE, "RoleSessionName", "s1"));
        for (int i = 1; i <= 11; i++) {
            params.addAll(List.of("PolicyArns.member." + i + ".arn", "arn:aws:iam::aws:policy/P" + i));
        }

        assertThat(text(xml(assume(params.toArray(String[]::new))), "Error", "Message"))
                .endsWith("at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");
    }

    @Test
    void badPolicyArn_isRejectedByItsPosition() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "PolicyArns.member.1.arn", "short"),
                "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 20");
    }

    @Test
    void sourceIdentityStartingWithAws_failsThePattern() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "SourceIdentity", "aws:alice"),
                "1 validation error detected: Value 'aws:alice' at 'sourceIdentity' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
    }

    @Test
    void badMfaMembers_areRejected() {
        assertValidation(assume("RoleArn", TENANT_ROLE, "RoleSessionName", "s1", "SerialNumber", "arn:aws:iam::111111111111:mfa/u",
                        "TokenCode", "12a"),
                "2 validation errors detected: Value '12a' at 'tokenCode' failed to satisfy constraint: Member must satisfy "
                        + "regular expression pattern: [\\d]*; Value '12a' at 'tokenCode' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 6");
    }

    @Test
    void validationMessages_areXmlEscaped() {
        Reply reply = assume("RoleArn", TENANT_ROLE, "RoleSessionName", "<script>&");

        assertThat(body(reply)).contains("Value '&lt;script&gt;&amp;' at 'roleSessionName'");
    }

    @Test
    void validation_precedesAuthorization() {
        assertThat(text(xml(assume("RoleArn", "arn:aws:iam::222222222222:role/NoSuchRole", "RoleSessionName", "a")),
                "Error", "Code")).isEqualTo("ValidationError");
    }
}
