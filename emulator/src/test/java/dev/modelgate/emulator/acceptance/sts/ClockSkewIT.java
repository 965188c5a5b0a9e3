package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ADMIN;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceErrorMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.bedrock.model.BedrockException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A caller whose clock is out of step with the service: STS allows 15 minutes, Bedrock 5, and the refusal carries
 * the service's time in its {@code Date} header, from which the SDK corrects its clock and retries.
 */
class ClockSkewIT {

    private static final String STAMP = "\\d{8}T\\d{6}Z";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private AwsClients clients;

    @BeforeEach
    void clients() {
        // The SDK remembers the skew it corrects JVM-wide, and new clients start from it: begin and end in step.
        SdkGlobalTime.setGlobalTimeOffset(0);
        clients = new AwsClients(aws.endpoint());
    }

    @AfterEach
    void close() {
        clients.close();
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @Test
    void sts_callerBehindByMoreThan15Minutes_isSignatureExpired() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(20));

        assertServiceErrorMatching(clients.stsWithoutRetries(PLATFORM)::getCallerIdentity, StsException.class,
                "SignatureDoesNotMatch", 403,
                "Signature expired: " + STAMP + " is now earlier than " + STAMP + " \\(" + STAMP + " - 15 min\\.\\)");
    }

    @Test
    void sts_callerAheadByMoreThan15Minutes_isSignatureNotYetCurrent() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(-20));

        assertServiceErrorMatching(clients.stsWithoutRetries(PLATFORM)::getCallerIdentity, StsException.class,
                "SignatureDoesNotMatch", 403,
                "Signature not yet current: " + STAMP + " is still later than " + STAMP + " \\(" + STAMP
                        + " \\+ 15 min\\.\\)");
    }

    @Test
    void sts_callerTenMinutesBehind_isWithinItsWindow() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(10));

        assertThat(clients.stsWithoutRetries(PLATFORM).getCallerIdentity().arn()).isEqualTo(PLATFORM_ARN);
    }

    @Test
    void bedrock_callerBehindByMoreThan5Minutes_isSignatureExpired() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(10));
        var bedrock = clients.bedrockWithoutRetries(PLATFORM);

        assertServiceErrorMatching(() -> bedrock.listFoundationModels(r -> { }), BedrockException.class,
                "InvalidSignatureException", 403,
                "Signature expired: " + STAMP + " is now earlier than " + STAMP + " \\(" + STAMP + " - 5 min\\.\\)");
    }

    @Test
    void bedrock_callerAheadByMoreThan5Minutes_isSignatureNotYetCurrent() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(-10));
        var bedrock = clients.bedrockWithoutRetries(PLATFORM);

        assertServiceErrorMatching(() -> bedrock.listFoundationModels(r -> { }), BedrockException.class,
                "InvalidSignatureException", 403,
                "Signature not yet current: " + STAMP + " is still later than " + STAMP + " \\(" + STAMP
                        + " \\+ 5 min\\.\\)");
    }

    @Test
    void skewRefusal_carriesTheEmulatorsTimeInItsDateHeader() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(20));
        var raw = new RawHttp(aws.endpoint());
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS); // the header has whole seconds

        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "Action=GetCallerIdentity&Version=2011-06-15"));

        Instant after = Instant.now();
        assertThat(response.status()).isEqualTo(403);
        Instant date = ZonedDateTime.parse(response.header("date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(date).isBetween(before.plus(Duration.ofMinutes(20)), after.plus(Duration.ofMinutes(20)));
    }

    @Test
    void sts_withRetries_sdkCorrectsItsClockFromTheDateHeaderAndSucceeds() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(20));

        assertThat(clients.sts(PLATFORM).getCallerIdentity().arn()).isEqualTo(PLATFORM_ARN);

        assertThat(aws.emulator().journal().all())
                .extracting(RecordedRequest::status, RecordedRequest::errorCode)
                .containsExactly(tuple(403, "SignatureDoesNotMatch"),
                        tuple(200, null));
    }

    @Test
    void bedrock_withRetries_sdkCorrectsItsClockFromTheDateHeaderAndSucceeds() {
        aws.emulator().clock().setOffset(Duration.ofMinutes(-10));

        assertThat(clients.bedrock(TENANT_ADMIN, true).listFoundationModels(r -> { }).modelSummaries()).isNotEmpty();

        assertThat(aws.emulator().journal().all())
                .extracting(RecordedRequest::status, RecordedRequest::errorCode)
                .containsExactly(tuple(403, "InvalidSignatureException"),
                        tuple(200, null));
    }

    @Test
    void credentialScopedToAnotherService_isRefusedByBedrock() {
        var raw = new RawHttp(aws.endpoint());

        RawHttp.Response response = raw.send(RawHttp.Signed.bedrock(PLATFORM, "GET", "/foundation-models").withService("sts"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("x-amzn-ErrorType"))
                .isEqualTo("InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        assertThat(response.body()).isEqualTo("{\"message\":\"Credential should be scoped to correct service: 'bedrock'. \"}");
    }

    @Test
    void credentialScopedToAnotherService_isRefusedBySts() {
        var raw = new RawHttp(aws.endpoint());

        RawHttp.Response response = raw.send(RawHttp.Signed.sts(PLATFORM, "Action=GetCallerIdentity&Version=2011-06-15")
                .withService("bedrock"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>",
                "<Message>Credential should be scoped to correct service: 'sts'. </Message>");
    }

    @Test
    void credentialScopedToAnInvalidRegion_isRefused() {
        var raw = new RawHttp(aws.endpoint());
        var signed = RawHttp.Signed.sts(PLATFORM, "Action=GetCallerIdentity&Version=2011-06-15");

        RawHttp.Response response = raw.send(new RawHttp.Signed(signed.method(), signed.pathAndQuery(), signed.headers(),
                signed.body(), "sts", "moon-base-1", PLATFORM, signed.clock()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>SignatureDoesNotMatch</Code>",
                "<Message>Credential should be scoped to a valid region. </Message>");
    }
}
