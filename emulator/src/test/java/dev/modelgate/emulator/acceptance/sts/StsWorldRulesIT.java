package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_DENIED;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.sessionOf;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS rules that need their own world ({@code worlds/sts-rules.yaml}): the caller's own permission to assume roles,
 * Regions where an account has STS disabled, and role chaining.
 */
class StsWorldRulesIT {

    private static final String TRUSTS_ACCOUNT = "arn:aws:iam::222222222222:role/TrustsPlatformAccount";
    private static final String CHAIN_TARGET = "arn:aws:iam::222222222222:role/ChainTarget";
    private static final AwsBasicCredentials AUDITOR =
            AwsBasicCredentials.create("AKIAAUDITORNOASSUME1", "auditorFakeSecretKey0000000000000000001");

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withWorldResource("/worlds/sts-rules.yaml");

    private AwsClients clients;

    @BeforeEach
    void clients() {
        clients = new AwsClients(aws.endpoint());
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void assumeRole_roleTrustingTheCallersAccount_isAllowedByTheCallersOwnPolicy() {
        AssumeRoleResponse response = clients.stsWithoutRetries(PLATFORM)
                .assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("by-account"));

        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/TrustsPlatformAccount/by-account");
    }

    @Test
    void assumeRole_callerWithoutStsAssumeRolePermission_isAccessDeniedSayingNoIdentityPolicyAllowsIt() {
        StsClient auditor = clients.stsWithoutRetries(AUDITOR);

        assertThat(auditor.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::111111111111:user/auditor");
        assertServiceError(() -> auditor.assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("denied")),
                StsException.class, "AccessDenied", 403,
                "User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: sts:AssumeRole on resource: "
                        + TRUSTS_ACCOUNT + " because no identity-based policy allows the sts:AssumeRole action");
    }

    @Test
    void assumeRole_inARegionWhereTheAccountDisabledSts_isTheModeledRegionDisabledException() {
        StsClient frankfurt = clients.sts(StaticCredentialsProvider.create(PLATFORM), Region.EU_CENTRAL_1, false);

        assertServiceError(() -> frankfurt.assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("eu")),
                RegionDisabledException.class, "RegionDisabledException", 403,
                "STS is not activated in this region for account:222222222222. Your account administrator can "
                        + "activate STS in this region using the IAM Console.");
        assertThat(aws.emulator().journal().last().header("authorization")).contains("/eu-central-1/sts/aws4_request");
    }

    @Test
    void assumeRole_inAnotherRegion_isUnaffectedByTheDisabledOne() {
        StsClient ireland = clients.sts(StaticCredentialsProvider.create(PLATFORM), Region.EU_WEST_1, false);

        assertThat(ireland.assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("eu-west")).credentials())
                .isNotNull();
    }

    @Test
    void getCallerIdentity_inTheDisabledRegion_stillAnswers() {
        StsClient frankfurt = clients.sts(StaticCredentialsProvider.create(PLATFORM), Region.EU_CENTRAL_1, false);

        assertThat(frankfurt.getCallerIdentity().account()).isEqualTo("111111111111");
    }

    @Test
    void roleChaining_withinOneHour_isAllowed() {
        StsClient firstHop = clients.stsWithoutRetries(sessionOf(assumeFirstHop()));

        AssumeRoleResponse chained = firstHop.assumeRole(r -> r.roleArn(CHAIN_TARGET).roleSessionName("hop-2")
                .durationSeconds(3600));

        assertThat(chained.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ChainTarget/hop-2");
        assertThat(clients.stsWithoutRetries(sessionOf(chained)).getCallerIdentity().arn())
                .isEqualTo(chained.assumedRoleUser().arn());
    }

    @Test
    void roleChaining_beyondOneHour_isValidationErrorEvenWhenTheRoleAllowsLonger() {
        StsClient firstHop = clients.stsWithoutRetries(sessionOf(assumeFirstHop()));

        assertServiceError(() -> firstHop.assumeRole(r -> r.roleArn(CHAIN_TARGET).roleSessionName("hop-2")
                        .durationSeconds(7200)),
                StsException.class, "ValidationError", 400,
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }

    @Test
    void longSession_upToTheRolesMaximum_isGranted() {
        AssumeRoleResponse response = clients.stsWithoutRetries(PLATFORM)
                .assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("twelve-hours").durationSeconds(43200));

        assertThat(response.credentials().expiration())
                .isAfter(java.time.Instant.now().plusSeconds(43200 - 60));
    }

    @Test
    void assumeRole_chainTargetByTheUserItself_isAccessDenied() {
        assertServiceError(() -> clients.stsWithoutRetries(PLATFORM)
                        .assumeRole(r -> r.roleArn(CHAIN_TARGET).roleSessionName("direct")),
                StsException.class, "AccessDenied", 403, PLATFORM_DENIED + CHAIN_TARGET);
    }

    private AssumeRoleResponse assumeFirstHop() {
        return clients.stsWithoutRetries(PLATFORM)
                .assumeRole(r -> r.roleArn(TRUSTS_ACCOUNT).roleSessionName("hop-1").durationSeconds(3600));
    }
}
