package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.EXTERNAL_ID;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ROLE;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.sessionOf;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/** AssumeRole and GetCallerIdentity as the SDK's StsClient sees them, when everything is allowed. */
class AssumeRoleIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

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
    void assumeRole_withExternalId_returnsSessionCredentialsOfTheRole() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        AssumeRoleResponse response = clients.sts(PLATFORM).assumeRole(r -> r
                .roleArn(TENANT_ROLE)
                .roleSessionName("gw-ws-42")
                .externalId(EXTERNAL_ID)
                .durationSeconds(900));

        Instant after = Instant.now();
        var credentials = response.credentials();
        assertThat(credentials.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(credentials.secretAccessKey()).hasSize(40).matches("[A-Za-z0-9+/]{40}");
        assertThat(credentials.sessionToken()).hasSizeGreaterThan(100);
        assertThat(credentials.expiration()).isBetween(before.plusSeconds(900), after.plusSeconds(900));
        String roleId = aws.emulator().world().role(TENANT_ROLE).orElseThrow().roleId();
        assertThat(roleId).matches("AROA[A-Z2-7]{17}");
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/gw-ws-42");
        assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo(roleId + ":gw-ws-42");
        assertThat(response.packedPolicySize()).isNull();
        assertThat(response.sourceIdentity()).isNull();
        assertThat(response.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void assumeRole_isRecordedWithItsCallerAndParameters() {
        AssumeRoleResponse response = clients.assumeTenantRole("journal-check", 900);

        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.service()).isEqualTo("sts");
        assertThat(recorded.operation()).isEqualTo("AssumeRole");
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/");
        assertThat(recorded.caller()).isEqualTo(PLATFORM_ARN);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.errorCode()).isNull();
        assertThat(recorded.requestId()).isEqualTo(response.responseMetadata().requestId());
        assertThat(recorded.body()).startsWith("Action=AssumeRole&Version=2011-06-15&")
                .contains("RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FModelgateBedrockAccess")
                .contains("RoleSessionName=journal-check", "ExternalId=" + EXTERNAL_ID, "DurationSeconds=900");
        assertThat(recorded.header("content-type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
    }

    @Test
    void assumeRole_withoutDuration_grantsOneHour() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        AssumeRoleResponse response = clients.sts(PLATFORM).assumeRole(r -> r
                .roleArn(TENANT_ROLE).roleSessionName("default-duration").externalId(EXTERNAL_ID));

        assertThat(response.credentials().expiration()).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3600));
    }

    @Test
    void assumeRole_withTagsAndSessionPolicy_reportsPackedPolicySize() {
        AssumeRoleResponse response = clients.sts(PLATFORM).assumeRole(r -> r
                .roleArn(TENANT_ROLE)
                .roleSessionName("tagged")
                .externalId(EXTERNAL_ID)
                .durationSeconds(900)
                .tags(Tag.builder().key("workspace").value("ws-42").build(),
                        Tag.builder().key("team").value("platform").build())
                .transitiveTagKeys("workspace")
                .policy("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                        "Action":"bedrock:ListFoundationModels","Resource":"*"}]}"""));

        assertThat(response.packedPolicySize()).isBetween(1, 100);
        assertThat(response.assumedRoleUser().arn()).endsWith("/ModelgateBedrockAccess/tagged");
        assertThat(aws.emulator().journal().last().body())
                .contains("Tags.member.1.Key=workspace", "Tags.member.1.Value=ws-42", "Tags.member.2.Key=team",
                        "TransitiveTagKeys.member.1=workspace", "Policy=");
    }

    @Test
    void assumeRole_sessionPolicy_limitsWhatTheSessionMayDo() {
        AssumeRoleResponse response = clients.sts(PLATFORM).assumeRole(r -> r
                .roleArn(TENANT_ROLE)
                .roleSessionName("narrowed")
                .externalId(EXTERNAL_ID)
                .durationSeconds(900)
                .policy("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                        "Action":"bedrock:ListFoundationModels","Resource":"*"}]}"""));
        var bedrock = clients.bedrockWithoutRetries(sessionOf(response));

        assertThat(bedrock.listFoundationModels(r -> { }).modelSummaries()).isNotEmpty();
        assertServiceError(() -> bedrock.getFoundationModel(r -> r.modelIdentifier("amazon.nova-micro-v1:0")),
                AccessDeniedException.class, "AccessDeniedException", 403,
                "User: arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/narrowed is not authorized to "
                        + "perform: bedrock:GetFoundationModel on resource: "
                        + "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0 because no session "
                        + "policy allows the bedrock:GetFoundationModel action");
    }

    @Test
    void getCallerIdentity_asTheUser_isThePlatformUser() {
        GetCallerIdentityResponse identity = clients.sts(PLATFORM).getCallerIdentity();

        assertThat(identity.arn()).isEqualTo(PLATFORM_ARN);
        assertThat(identity.account()).isEqualTo("111111111111");
        assertThat(identity.userId()).matches("AIDA[A-Z2-7]{17}");
    }

    @Test
    void getCallerIdentity_withSessionCredentials_isTheAssumedRole() {
        AssumeRoleResponse assumed = clients.assumeTenantRole("who-am-i", 900);

        GetCallerIdentityResponse identity = clients.sts(sessionOf(assumed)).getCallerIdentity();

        assertThat(identity.arn()).isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/who-am-i");
        assertThat(identity.account()).isEqualTo("222222222222");
        assertThat(identity.userId()).isEqualTo(assumed.assumedRoleUser().assumedRoleId());
        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.caller()).isEqualTo(identity.arn());
        assertThat(recorded.header("authorization")).contains("Credential=" + assumed.credentials().accessKeyId() + "/");
    }

    @Test
    void sessionCredentials_signBedrockCallsAsTheRole() {
        var bedrock = clients.bedrockWithoutRetries(sessionOf(clients.assumeTenantRole("bedrock-caller", 900)));

        var models = bedrock.listFoundationModels(r -> { });

        assertThat(models.modelSummaries()).isNotEmpty();
        assertThat(aws.emulator().journal().last().caller())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/bedrock-caller");
    }
}
