package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.EXTERNAL_ID;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_DENIED;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ADMIN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ROLE;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Every reason AssumeRole is refused reads the same, as on AWS: {@code AccessDenied} (403) naming the caller and the
 * role ARN as sent — whether the External ID is wrong or missing, the role trusts someone else, or it does not
 * exist.
 */
class AssumeRoleDeniedIT {

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
    void assumeRole_wrongExternalId_isAccessDenied() {
        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(TENANT_ROLE).roleSessionName("s1")
                        .externalId("someone-elses-external-id")),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + TENANT_ROLE);

        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("AssumeRole");
        assertThat(recorded.caller()).isEqualTo(PLATFORM_ARN);
        assertThat(recorded.status()).isEqualTo(403);
        assertThat(recorded.errorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void assumeRole_missingExternalId_isAccessDenied() {
        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(TENANT_ROLE).roleSessionName("s1")),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + TENANT_ROLE);
    }

    @Test
    void assumeRole_externalIdDifferingOnlyInCase_isAccessDenied() {
        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(TENANT_ROLE).roleSessionName("s1")
                        .externalId(EXTERNAL_ID.toUpperCase(java.util.Locale.ROOT))),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + TENANT_ROLE);
    }

    @Test
    void assumeRole_roleTrustingAnotherAccount_isAccessDenied() {
        String role = "arn:aws:iam::222222222222:role/TrustsSomeoneElse";

        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(role).roleSessionName("s1").externalId(EXTERNAL_ID)),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + role);
    }

    @Test
    void assumeRole_nonexistentRole_isAccessDeniedLikeAnyOtherRefusal() {
        String role = "arn:aws:iam::222222222222:role/DoesNotExist";

        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(role).roleSessionName("s1").externalId(EXTERNAL_ID)),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + role);
    }

    @Test
    void assumeRole_roleInAnAccountNotInTheWorld_isAccessDenied() {
        String role = "arn:aws:iam::999999999999:role/ModelgateBedrockAccess";

        assertServiceError(() -> platform.assumeRole(r -> r.roleArn(role).roleSessionName("s1").externalId(EXTERNAL_ID)),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + role);
    }

    @Test
    void assumeRole_callerTheTrustPolicyDoesNotName_isAccessDeniedNamingThatCaller() {
        StsClient tenantAdmin = clients.stsWithoutRetries(TENANT_ADMIN);

        assertServiceError(() -> tenantAdmin.assumeRole(r -> r.roleArn(TENANT_ROLE).roleSessionName("s1")
                        .externalId(EXTERNAL_ID)),
                StsException.class, "AccessDenied", 403,
                "User: arn:aws:iam::222222222222:user/tenant-admin is not authorized to perform: sts:AssumeRole on "
                        + "resource: " + TENANT_ROLE);
    }

    @Test
    void assumeRole_roleWithoutExternalIdCondition_isAllowedWithOrWithoutOne() {
        String role = "arn:aws:iam::222222222222:role/NoExternalIdRole";

        var without = platform.assumeRole(r -> r.roleArn(role).roleSessionName("no-id"));
        var with = platform.assumeRole(r -> r.roleArn(role).roleSessionName("any-id").externalId("whatever-it-is"));

        assertThat(without.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/NoExternalIdRole/no-id");
        assertThat(with.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/NoExternalIdRole/any-id");
    }
}
