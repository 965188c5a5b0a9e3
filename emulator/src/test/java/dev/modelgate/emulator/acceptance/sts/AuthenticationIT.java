package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_KEY;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_SECRET;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.sessionOf;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.model.BedrockException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Every request is authenticated, and each failure reads as the service's own: STS's query-protocol codes, Bedrock's
 * JSON-protocol ones.
 */
class AuthenticationIT {

    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final String EXPIRED_TOKEN = "The security token included in the request is expired";
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

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
    void unknownAccessKey_isInvalidClientTokenIdOnSts() {
        assertStsRefuses(AwsBasicCredentials.create("AKIAUNKNOWNKEY000001", PLATFORM_SECRET),
                "InvalidClientTokenId", 403, INVALID_TOKEN);

        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.caller()).isNull();
        assertThat(recorded.status()).isEqualTo(403);
        assertThat(recorded.errorCode()).isEqualTo("InvalidClientTokenId");
    }

    @Test
    void unknownAccessKey_isUnrecognizedClientOnBedrock() {
        assertBedrockRefuses(AwsBasicCredentials.create("AKIAUNKNOWNKEY000001", PLATFORM_SECRET),
                "UnrecognizedClientException", 403, INVALID_TOKEN);
    }

    @Test
    void wrongSecret_isSignatureDoesNotMatchOnSts() {
        assertStsRefuses(AwsBasicCredentials.create(PLATFORM_KEY, "not-the-secret"),
                "SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
    }

    @Test
    void wrongSecret_isInvalidSignatureOnBedrock() {
        assertBedrockRefuses(AwsBasicCredentials.create(PLATFORM_KEY, "not-the-secret"),
                "InvalidSignatureException", 403, SIGNATURE_MISMATCH);
    }

    @Test
    void sessionKeyWithoutItsToken_isAnInvalidToken() {
        var session = clients.assumeTenantRole("no-token", 900).credentials();
        AwsBasicCredentials withoutToken = AwsBasicCredentials.create(session.accessKeyId(), session.secretAccessKey());

        assertStsRefuses(withoutToken, "InvalidClientTokenId", 403, INVALID_TOKEN);
        assertBedrockRefuses(withoutToken, "UnrecognizedClientException", 403, INVALID_TOKEN);
    }

    @Test
    void sessionKeyWithTheTokenOfAnotherSession_isAnInvalidToken() {
        var first = clients.assumeTenantRole("first", 900).credentials();
        var second = clients.assumeTenantRole("second", 900).credentials();
        AwsSessionCredentials mixed = AwsSessionCredentials.create(first.accessKeyId(), first.secretAccessKey(),
                second.sessionToken());

        assertStsRefuses(mixed, "InvalidClientTokenId", 403, INVALID_TOKEN);
        assertBedrockRefuses(mixed, "UnrecognizedClientException", 403, INVALID_TOKEN);
    }

    @Test
    void longTermKeyWithASessionToken_isAnInvalidToken() {
        AwsSessionCredentials withToken = AwsSessionCredentials.create(PLATFORM_KEY, PLATFORM_SECRET, "IQoJb3JpZ2luX2Vj");

        assertStsRefuses(withToken, "InvalidClientTokenId", 403, INVALID_TOKEN);
    }

    @Test
    void expiredSession_isExpiredTokenOnSts_asAPlainStsException() {
        AssumeRoleResponse assumed = clients.assumeTenantRole("expiring", 900);

        aws.emulator().clock().advance(Duration.ofSeconds(901));

        // Real STS answers ExpiredToken (403), not the model's ExpiredTokenException (400), so the SDK has no
        // modeled type for it (aws/aws-sdk-java-v2#1649).
        assertStsRefuses(sessionOf(assumed), "ExpiredToken", 403, EXPIRED_TOKEN);
    }

    @Test
    void expiredSession_isExpiredTokenExceptionOnBedrock() {
        AssumeRoleResponse assumed = clients.assumeTenantRole("expiring", 900);

        aws.emulator().clock().advance(Duration.ofSeconds(901));

        assertBedrockRefuses(sessionOf(assumed), "ExpiredTokenException", 403, EXPIRED_TOKEN);
        assertThat(aws.emulator().journal().last().errorCode()).isEqualTo("ExpiredTokenException");
    }

    @Test
    void session_isValidUntilTheSecondItExpires() {
        AssumeRoleResponse assumed = clients.assumeTenantRole("almost-expired", 900);

        aws.emulator().clock().advance(Duration.ofSeconds(898));

        assertThat(clients.stsWithoutRetries(sessionOf(assumed)).getCallerIdentity().arn()).endsWith("/almost-expired");
    }

    @Test
    void advancingTheClockPastASession_leavesLongTermKeysWorking() {
        aws.emulator().clock().advance(Duration.ofDays(30));

        assertThat(clients.stsWithoutRetries(PLATFORM).getCallerIdentity().arn()).isEqualTo(AwsClients.PLATFORM_ARN);
    }

    @Test
    void missingAuthorization_isMissingAuthenticationTokenOnSts() {
        var anonymous = clients.sts(AnonymousCredentialsProvider.create(), Region.US_EAST_1, false);

        assertServiceError(anonymous::getCallerIdentity, StsException.class, "MissingAuthenticationToken", 403,
                "Request is missing Authentication Token");
        assertThat(aws.emulator().journal().last().header("authorization")).isNull();
    }

    @Test
    void missingAuthorization_isMissingAuthenticationTokenExceptionOnBedrock() {
        var raw = new RawHttp(aws.endpoint());

        RawHttp.Response response = raw.send(raw.request("/foundation-models").GET().build());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("x-amzn-ErrorType"))
                .isEqualTo("MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    }

    @Test
    void garbageAuthorization_isIncompleteSignatureOnSts() {
        var raw = new RawHttp(aws.endpoint());

        RawHttp.Response response = raw.send(raw.request("/")
                .header("Authorization", "Bearer not-a-sigv4-signature")
                .header("Content-Type", RawHttp.FORM)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15"))
                .build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).isEqualTo("text/xml");
        assertThat(response.body()).contains("<Code>IncompleteSignature</Code>",
                "<Message>Unsupported authorization scheme: the Authorization header must start with "
                        + "'AWS4-HMAC-SHA256 '.</Message>")
                .doesNotContain("not-a-sigv4-signature");
    }

    @Test
    void garbageAuthorization_isIncompleteSignatureExceptionOnBedrock() {
        var raw = new RawHttp(aws.endpoint());

        RawHttp.Response response = raw.send(raw.request("/foundation-models")
                .header("Authorization", "AWS4-HMAC-SHA256 garbage")
                .GET().build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("x-amzn-ErrorType"))
                .isEqualTo("IncompleteSignatureException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        assertThat(response.body()).startsWith("{\"message\":\"'garbage' not a valid key=value pair (missing equal-sign) "
                + "in Authorization header");
    }

    private void assertStsRefuses(AwsCredentials credentials, String code, int status, String message) {
        assertServiceError(clients.stsWithoutRetries(credentials)::getCallerIdentity, StsException.class, code, status,
                message);
    }

    private void assertBedrockRefuses(AwsCredentials credentials, String code, int status, String message) {
        var bedrock = clients.bedrockWithoutRetries(credentials);
        assertServiceError(() -> bedrock.listFoundationModels(r -> { }), BedrockException.class, code, status, message);
    }
}
