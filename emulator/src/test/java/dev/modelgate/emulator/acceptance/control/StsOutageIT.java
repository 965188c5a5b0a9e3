package dev.modelgate.emulator.acceptance.control;

import static dev.modelgate.emulator.acceptance.control.ControlCalls.message;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ADMIN;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.acceptance.sts.AwsClients;
import dev.modelgate.emulator.acceptance.sts.RawHttp;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sts.model.StsException;

/** {@code PUT /_emulator/sts}: STS down (503 {@code ServiceUnavailable}, which the SDK retries) and back up. */
class StsOutageIT {

    private static final String UNAVAILABLE = "Service is unable to handle request.";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final ControlCalls control = new ControlCalls(aws.endpoint());
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
    void stsDown_answersEveryCallWithServiceUnavailable() {
        assertOk(control.put("/_emulator/sts", "{\"available\":false}"), "{\"available\":false}");

        assertServiceError(clients.stsWithoutRetries(PLATFORM)::getCallerIdentity, StsException.class,
                "ServiceUnavailable", 503, UNAVAILABLE);
        assertServiceError(() -> clients.assumeTenantRole("while-down", 900), StsException.class,
                "ServiceUnavailable", 503, UNAVAILABLE);
        assertThat(control.get("/_emulator/sts").body()).isEqualTo("{\"available\":false}");
    }

    @Test
    void stsDown_isRetriedByTheSdkUntilItGivesUp() {
        control.put("/_emulator/sts", "{\"available\":false}");

        assertServiceError(clients.sts(PLATFORM)::getCallerIdentity, StsException.class, "ServiceUnavailable", 503,
                UNAVAILABLE);

        List<RecordedRequest> attempts = aws.emulator().journal().ofOperation("GetCallerIdentity");
        String firstAttempt = attempts.getFirst().header("amz-sdk-request");
        assertThat(firstAttempt).matches("attempt=1; max=\\d+");
        int maxAttempts = Integer.parseInt(firstAttempt.substring(firstAttempt.indexOf("max=") + 4));
        assertThat(attempts).hasSize(maxAttempts).hasSizeGreaterThan(1)
                .allSatisfy(attempt -> assertThat(attempt.errorCode()).isEqualTo("ServiceUnavailable"));
    }

    @Test
    void stsBackUp_answersAgain() {
        control.put("/_emulator/sts", "{\"available\":false}");
        assertOk(control.put("/_emulator/sts", "{\"available\":true}"), "{\"available\":true}");

        assertThat(clients.stsWithoutRetries(PLATFORM).getCallerIdentity().arn()).isEqualTo(PLATFORM_ARN);
    }

    @Test
    void stsDown_leavesBedrockAnswering() {
        control.put("/_emulator/sts", "{\"available\":false}");

        assertThat(clients.bedrockWithoutRetries(TENANT_ADMIN).listFoundationModels(r -> { }).modelSummaries())
                .isNotEmpty();
    }

    @Test
    void stsAvailability_notABoolean_isRefused() {
        var response = control.put("/_emulator/sts", "{\"available\":\"no\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(message("available must be true or false"));
        assertThat(control.get("/_emulator/sts").body()).isEqualTo("{\"available\":true}");
    }

    private static void assertOk(RawHttp.Response response, String body) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }
}
