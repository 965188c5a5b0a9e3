package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.PLATFORM_ARN;
import static dev.modelgate.credentials.Tenants.PLATFORM_KEY_ID;
import static dev.modelgate.credentials.Tenants.PLATFORM_SECRET;
import static dev.modelgate.credentials.Tenants.TENANT;
import static dev.modelgate.credentials.Tenants.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.AssumeRoleException.Reason;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/** Each {@link Reason} produced for real by the emulator's STS, with AWS's code and message kept, and no secret. */
class AssumeRoleFailuresIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final TestClock clock = new TestClock();

    @Test
    void assumeRole_wrongExternalId_isAccessDeniedWithAwsMessage() {
        SessionKey key = new SessionKey(TENANT.roleArn(), ExternalId.of("mg-someone-elses-external-id"),
                Tenants.US_EAST_1);

        AssumeRoleException e = failure(Tenants.platform(), key);

        assertAccessDenied(e, "arn:aws:iam::222222222222:role/ModelgateBedrockAccess");
    }

    @Test
    void assumeRole_roleTrustingSomeoneElse_isAccessDenied() {
        AssumeRoleException e = failure(Tenants.platform(), Tenants.role("TrustsSomeoneElse"));

        assertAccessDenied(e, "arn:aws:iam::222222222222:role/TrustsSomeoneElse");
    }

    @Test
    void assumeRole_roleThatDoesNotExist_isAccessDenied() {
        AssumeRoleException e = failure(Tenants.platform(), Tenants.role("NoSuchRole"));

        assertAccessDenied(e, "arn:aws:iam::222222222222:role/NoSuchRole");
    }

    @Test
    void assumeRole_wrongPlatformSecret_isInvalidPlatformCredentials() {
        String wrongSecret = "mgPlatformWrongSecretKey000000000000000099";

        AssumeRoleException e = failure(Tenants.credentials(PLATFORM_KEY_ID, wrongSecret), TENANT);

        assertThat(e.reason()).isEqualTo(Reason.INVALID_PLATFORM_CREDENTIALS);
        assertThat(e.errorCode()).contains("SignatureDoesNotMatch");
        assertThat(e.statusCode()).hasValue(403);
        assertNoSecret(e, wrongSecret, PLATFORM_SECRET);
    }

    @Test
    void assumeRole_unknownPlatformKey_isInvalidPlatformCredentials() {
        AssumeRoleException e = failure(Tenants.credentials("AKIANOSUCHKEY0000001", PLATFORM_SECRET), TENANT);

        assertThat(e.reason()).isEqualTo(Reason.INVALID_PLATFORM_CREDENTIALS);
        assertThat(e.errorCode()).contains("InvalidClientTokenId");
        assertThat(e.detail()).isEqualTo("The security token included in the request is invalid.");
        assertNoSecret(e, PLATFORM_SECRET);
    }

    @Test
    void assumeRole_noPlatformCredentialsFound_isInvalidPlatformCredentialsWithoutAwsCode() {
        ProfileFile empty = ProfileFile.builder().content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CREDENTIALS).build();
        AwsCredentialsProvider nothing = ProfileCredentialsProvider.builder().profileFile(empty)
                .profileName("modelgate").build();

        AssumeRoleException e = failure(nothing, TENANT);

        assertThat(e.reason()).isEqualTo(Reason.INVALID_PLATFORM_CREDENTIALS);
        assertThat(e.errorCode()).isEmpty();
        assertThat(e.statusCode()).isEmpty();
        assertThat(e.detail()).startsWith("Modelgate's own AWS credentials are unavailable: ").contains("modelgate");
        assertThat(aws.emulator().journal().all()).isEmpty();
    }

    @Test
    void assumeRole_expiredPlatformSession_isExpiredPlatformCredentials() {
        TenantSession platformSession;
        try (StsClients asPlatform = Tenants.stsClients(aws.endpoint())) {
            platformSession = credentials(asPlatform, Duration.ofMinutes(15))
                    .session(Tenants.role("NoExternalIdRole"), WORKSPACE);
        }
        Duration pastExpiration = Duration.between(clock.instant(), platformSession.expiration()).plusSeconds(1);
        clock.advance(pastExpiration);
        aws.emulator().clock().advance(pastExpiration);

        AssumeRoleException e = failure(platformSession.toSdkProvider(), TENANT);

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED_PLATFORM_CREDENTIALS);
        assertThat(e.errorCode()).contains("ExpiredToken");
        assertThat(e.detail()).isEqualTo("The security token included in the request is expired");
        assertNoSecret(e, platformSession.secretAccessKey(), platformSession.sessionToken());
    }

    @Test
    void assumeRole_durationAboveTheRolesMaximum_isValidation() {
        AssumeRoleException e;
        try (StsClients stsClients = Tenants.stsClients(aws.endpoint())) {
            e = catchThrowableOfType(AssumeRoleException.class,
                    () -> credentials(stsClients, Duration.ofHours(2)).session(TENANT, WORKSPACE));
        }

        assertThat(e.reason()).isEqualTo(Reason.VALIDATION);
        assertThat(e.errorCode()).contains("ValidationError");
        assertThat(e.statusCode()).hasValue(400);
        assertThat(e.detail())
                .isEqualTo("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        assertNoSecret(e, PLATFORM_SECRET);
    }

    @Test
    void assumeRole_stsDown_isStsUnavailable() {
        aws.emulator().faults().setStsDown(true);

        AssumeRoleException e = failure(Tenants.platform(), TENANT);

        assertThat(e.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
        assertThat(e.errorCode()).contains("ServiceUnavailable");
        assertThat(e.statusCode()).hasValue(503);
        assertThat(e.detail()).isEqualTo("Service is unable to handle request.");
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).as("the SDK's attempts").isNotEmpty()
                .allSatisfy(attempt -> assertThat(attempt.status()).isEqualTo(503));
    }

    @Test
    void assumeRole_stsUnreachable_isStsUnavailableWithoutAwsCode() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        AssumeRoleException e;
        try (StsClients stsClients = StsClients.builder().platformCredentials(Tenants.platform())
                .endpointOverride(closedPort).build()) {
            e = catchThrowableOfType(AssumeRoleException.class,
                    () -> credentials(stsClients, Duration.ofHours(1)).session(TENANT, WORKSPACE));
        }

        assertThat(e.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
        assertThat(e.errorCode()).isEmpty();
        assertThat(e.statusCode()).isEmpty();
        assertThat(e.detail()).contains("Unable to execute HTTP request");
        assertNoSecret(e, PLATFORM_SECRET);
    }

    @Test
    void session_toString_showsNeitherSecretNorToken() {
        TenantSession session;
        try (StsClients stsClients = Tenants.stsClients(aws.endpoint())) {
            session = credentials(stsClients, Duration.ofHours(1)).session(TENANT, WORKSPACE);
        }

        assertThat(session.toString()).contains(session.accessKeyId())
                .doesNotContain(session.secretAccessKey()).doesNotContain(session.sessionToken());
        assertThat(session.toSdkCredentials().toString())
                .doesNotContain(session.secretAccessKey()).doesNotContain(session.sessionToken());
    }

    private AssumeRoleException failure(AwsCredentialsProvider platform, SessionKey key) {
        try (StsClients stsClients = StsClients.builder().platformCredentials(platform)
                .endpointOverride(aws.endpoint()).build()) {
            AssumeRoleException e = catchThrowableOfType(AssumeRoleException.class,
                    () -> credentials(stsClients, Duration.ofHours(1)).session(key, WORKSPACE));
            assertThat(e).as("AssumeRoleException").isNotNull();
            assertThat(e.roleArn()).isEqualTo(key.roleArn());
            assertThat(e.stsEndpoint()).isEqualTo(key.stsEndpoint());
            assertThat(e.getMessage()).isEqualTo("AssumeRole of " + key.roleArn() + " at " + key.stsEndpoint()
                    + " failed (" + e.reason() + "): " + e.errorCode().map(code -> code + ": ").orElse("")
                    + e.detail());
            return e;
        }
    }

    private StsTenantCredentials credentials(StsClients stsClients, Duration sessionDuration) {
        return StsTenantCredentials.builder().stsClients(stsClients).clock(clock).sessionDuration(sessionDuration)
                .build();
    }

    private static void assertAccessDenied(AssumeRoleException e, String role) {
        assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
        assertThat(e.errorCode()).contains("AccessDenied");
        assertThat(e.statusCode()).hasValue(403);
        assertThat(e.requestId()).isPresent();
        assertThat(e.detail())
                .isEqualTo("User: " + PLATFORM_ARN + " is not authorized to perform: sts:AssumeRole on resource: " + role);
        assertNoSecret(e, PLATFORM_SECRET);
    }

    /** Neither the message, nor toString, nor the printed stack trace with its causes holds any of {@code secrets}. */
    static void assertNoSecret(AssumeRoleException e, String... secrets) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String secret : secrets) {
            assertThat(e.toString()).doesNotContain(secret);
            assertThat(e.detail()).doesNotContain(secret);
            assertThat(trace.toString()).doesNotContain(secret);
        }
    }
}
