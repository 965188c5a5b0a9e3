package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.EXTERNAL_ID;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ROLE;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The SDK's {@link StsAssumeRoleCredentialsProvider} — what Modelgate uses to act in a tenant's account — against the
 * emulator: it assumes the role, signs with the session, caches it and assumes the role again when it goes stale.
 */
class AssumeRoleCredentialsProviderIT {

    private static final String SESSION_ARN = "arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/provider";

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
    void provider_signsCallsAsTheAssumedRole_andReusesTheSession() {
        try (StsAssumeRoleCredentialsProvider provider = provider(Duration.ofMinutes(1))) {
            StsClient sts = clients.sts(provider, Region.US_EAST_1, false);

            assertThat(sts.getCallerIdentity().arn()).isEqualTo(SESSION_ARN);
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(SESSION_ARN);
        }

        List<RecordedRequest> assumeRoles = aws.emulator().journal().ofOperation("AssumeRole");
        assertThat(assumeRoles).singleElement().satisfies(assume -> {
            assertThat(assume.caller()).isEqualTo(PLATFORM_ARN);
            assertThat(assume.body()).contains("RoleSessionName=provider", "ExternalId=" + EXTERNAL_ID,
                    "DurationSeconds=900");
        });
        List<RecordedRequest> calls = aws.emulator().journal().ofOperation("GetCallerIdentity");
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call.caller()).isEqualTo(SESSION_ARN));
        assertThat(calls.get(0).header("x-amz-security-token")).startsWith("sha256:")
                .isEqualTo(calls.get(1).header("x-amz-security-token"));
    }

    @Test
    void provider_staleSession_isReplacedByAnotherAssumeRole() {
        // A session of 900 s is stale at once when the provider wants 20 minutes left: every use assumes the role.
        try (StsAssumeRoleCredentialsProvider provider = provider(Duration.ofMinutes(20))) {
            StsClient sts = clients.sts(provider, Region.US_EAST_1, false);

            sts.getCallerIdentity();
            sts.getCallerIdentity();
        }

        assertThat(aws.emulator().journal().all())
                .extracting(RecordedRequest::operation)
                .containsExactly("AssumeRole", "GetCallerIdentity", "AssumeRole", "GetCallerIdentity");
        List<String> keys = aws.emulator().journal().ofOperation("GetCallerIdentity").stream()
                .map(call -> accessKeyOf(call.header("authorization")))
                .toList();
        assertThat(keys).allSatisfy(key -> assertThat(key).startsWith("ASIA")).doesNotHaveDuplicates();
    }

    @Test
    void provider_sessionExpiredOnTheEmulatorClock_isRejectedUntilTheRoleIsAssumedAgain() {
        try (StsAssumeRoleCredentialsProvider provider = provider(Duration.ofMinutes(1))) {
            StsClient sts = clients.sts(provider, Region.US_EAST_1, false);
            sts.getCallerIdentity();

            // The provider judges expiry by the JVM's clock, so it keeps the session the emulator has expired.
            aws.emulator().clock().advance(Duration.ofSeconds(901));

            assertServiceError(sts::getCallerIdentity, StsException.class, "ExpiredToken", 403,
                    "The security token included in the request is expired");
        }
        try (StsAssumeRoleCredentialsProvider fresh = provider(Duration.ofMinutes(1))) {
            assertThat(clients.sts(fresh, Region.US_EAST_1, false).getCallerIdentity().arn()).isEqualTo(SESSION_ARN);
        }
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(2);
    }

    private StsAssumeRoleCredentialsProvider provider(Duration staleTime) {
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(clients.stsWithoutRetries(PLATFORM))
                .refreshRequest(r -> r.roleArn(TENANT_ROLE)
                        .roleSessionName("provider")
                        .externalId(EXTERNAL_ID)
                        .durationSeconds(900))
                .staleTime(staleTime)
                .prefetchTime(staleTime)
                .build();
    }

    private static String accessKeyOf(String authorization) {
        int start = authorization.indexOf("Credential=") + "Credential=".length();
        return authorization.substring(start, authorization.indexOf('/', start));
    }
}
