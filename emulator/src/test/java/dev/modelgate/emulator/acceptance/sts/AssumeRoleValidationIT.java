package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.EXTERNAL_ID;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ROLE;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceErrorMatching;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.PackedPolicyTooLargeException;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * AssumeRole requests STS rejects before authorizing them, with the model's codes and STS's messages; the modeled
 * ones arrive as the SDK's own exception types.
 */
class AssumeRoleValidationIT {

    private static final String SESSION_NAME_PATTERN = "[\\w+=,.@-]*";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private AwsClients clients;
    private StsClient platform;

    @BeforeEach
    void clients() {
        clients = new AwsClients(aws.endpoint());
        platform = clients.stsWithoutRetries(PLATFORM);
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void assumeRole_durationAboveTheRolesMaximum_isValidationError() {
        assertServiceError(() -> platform.assumeRole(tenantRole().durationSeconds(7200).build()),
                StsException.class, "ValidationError", 400,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void assumeRole_durationAboveTwelveHours_failsTheModelConstraint() {
        assertServiceError(() -> platform.assumeRole(tenantRole().durationSeconds(86400).build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value '86400' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 43200");
    }

    @Test
    void assumeRole_durationBelowFifteenMinutes_failsTheModelConstraint() {
        assertServiceError(() -> platform.assumeRole(tenantRole().durationSeconds(899).build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
    }

    @Test
    void assumeRole_sessionNameWithASpace_failsThePattern() {
        assertServiceError(() -> platform.assumeRole(tenantRole().roleSessionName("my session").build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value 'my session' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: " + SESSION_NAME_PATTERN);
    }

    @Test
    void assumeRole_sessionNameTooShortAndInvalid_listsBothViolations() {
        assertServiceError(() -> platform.assumeRole(tenantRole().roleSessionName("!").build()),
                StsException.class, "ValidationError", 400,
                "2 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: " + SESSION_NAME_PATTERN
                        + "; Value '!' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 2");
    }

    @Test
    void assumeRole_sessionNameOf65Characters_isTooLong() {
        String name = "s".repeat(65);

        assertServiceError(() -> platform.assumeRole(tenantRole().roleSessionName(name).build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value '" + name + "' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 64");
    }

    @Test
    void assumeRole_withoutSessionName_isValidationErrorFromTheService() {
        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(TENANT_ROLE).externalId(EXTERNAL_ID)),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    @Test
    void assumeRole_externalIdWithASpace_failsThePattern() {
        assertServiceError(() -> platform.assumeRole(tenantRole().externalId("mg demo").build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value 'mg demo' at 'externalId' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
    }

    @Test
    void assumeRole_sessionPolicyThatIsNotJson_isMalformedPolicyDocument() {
        assertServiceError(
                () -> platform.assumeRole(tenantRole().policy("{\"Version\":\"2012-10-17\",\"Statement\":[").build()),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400,
                "policy document is not valid JSON: Unexpected end-of-input: expected close marker for Array "
                        + "(line 1, column 38)");
    }

    @Test
    void assumeRole_sessionPolicyNamingAPrincipal_isMalformedPolicyDocument() {
        String policy = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",\
                "Action":"bedrock:*","Resource":"*"}]}""";

        assertServiceError(() -> platform.assumeRole(tenantRole().policy(policy).build()),
                MalformedPolicyDocumentException.class, "MalformedPolicyDocument", 400,
                "Statement[0] must not specify a Principal or NotPrincipal (an identity policy applies to its holder)");
    }

    @Test
    void assumeRole_sessionPolicyLongerThan2048Characters_isValidationError() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\","
                + "\"Resource\":\"arn:aws:bedrock:us-east-1::foundation-model/" + "x".repeat(2000) + "\"}]}";

        assertServiceError(() -> platform.assumeRole(tenantRole().policy(policy).build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value '" + policy + "' at 'policy' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 2048");
    }

    @Test
    void assumeRole_sessionTagsThatDoNotPack_isPackedPolicyTooLarge() {
        // STS's packing format is not public: the emulator approximates it, so only the form of the message is fixed.
        assertServiceErrorMatching(() -> platform.assumeRole(tenantRole().tags(incompressibleTags(40)).build()),
                PackedPolicyTooLargeException.class, "PackedPolicyTooLarge", 400,
                "Packed policy consumes \\d{3}% of allotted space, please use smaller policy\\.");
    }

    @Test
    void assumeRole_moreThan50Tags_failsTheModelConstraint() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 1; i <= 51; i++) {
            tags.add(Tag.builder().key("k" + i).value("v").build());
        }

        assertServiceErrorMatching(() -> platform.assumeRole(tenantRole().tags(tags).build()),
                StsException.class, "ValidationError", 400,
                "1 validation error detected: Value '\\[\\{Key: k1,Value: v}, \\{Key: k2,Value: v}, .*, "
                        + "\\{Key: k51,Value: v}]' at 'tags' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 50");
    }

    private static AssumeRoleRequest.Builder tenantRole() {
        return AssumeRoleRequest.builder().roleArn(TENANT_ROLE).roleSessionName("validation").externalId(EXTERNAL_ID);
    }

    /** Tags of random letters, which compress poorly: 128-character keys, 256-character values. */
    private static List<Tag> incompressibleTags(int count) {
        Random random = new Random(20261124);
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tags.add(Tag.builder().key(letters(random, 128)).value(letters(random, 256)).build());
        }
        return tags;
    }

    private static String letters(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 'A' + random.nextInt(26)));
        }
        return text.toString();
    }
}
