package dev.modelgate.emulator.acceptance.control;

import static dev.modelgate.emulator.acceptance.control.ControlCalls.json;
import static dev.modelgate.emulator.acceptance.control.ControlCalls.message;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.sessionOf;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.acceptance.sts.AwsClients;
import dev.modelgate.emulator.acceptance.sts.RawHttp;
import dev.modelgate.emulator.journal.RequestJournal;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.JsonNode;

/** {@code /_emulator/requests} — what was asked, by whom, with secrets kept out — and {@code /_emulator/reset}. */
class RequestJournalIT {

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
    void requests_showOperationCallerHeadersAndBody_withTheSessionTokenFingerprinted() {
        AssumeRoleResponse assumed = clients.assumeTenantRole("journaled", 900);
        String token = assumed.credentials().sessionToken();
        clients.stsWithoutRetries(sessionOf(assumed)).getCallerIdentity();

        RawHttp.Response response = control.get("/_emulator/requests");

        assertThat(response.status()).isEqualTo(200);
        JsonNode requests = json(response);
        assertThat(requests).hasSize(2);
        JsonNode assume = requests.get(0);
        assertThat(assume.get("sequence").longValue()).isEqualTo(1);
        assertThat(assume.get("service").stringValue()).isEqualTo("sts");
        assertThat(assume.get("operation").stringValue()).isEqualTo("AssumeRole");
        assertThat(assume.get("caller").stringValue()).isEqualTo(PLATFORM_ARN);
        assertThat(assume.get("status").intValue()).isEqualTo(200);
        assertThat(assume.get("requestId").stringValue()).isEqualTo(assumed.responseMetadata().requestId());
        assertThat(assume.get("body").stringValue()).contains("RoleSessionName=journaled");
        assertThat(assume.at("/headers/authorization/0").stringValue())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAMODELGATEPLATFRM/");
        JsonNode whoAmI = requests.get(1);
        assertThat(whoAmI.get("caller").stringValue()).endsWith(":assumed-role/ModelgateBedrockAccess/journaled");
        assertThat(whoAmI.at("/headers/x-amz-security-token/0").stringValue())
                .isEqualTo(RequestJournal.fingerprint(token))
                .matches("sha256:[0-9a-f]{12}");
        assertThat(response.body()).doesNotContain(token).doesNotContain(assumed.credentials().secretAccessKey());
    }

    @Test
    void requests_recordRefusalsWithTheirErrorCodeAndNoCaller() {
        assertServiceError(() -> clients.stsWithoutRetries(PLATFORM)
                        .assumeRole(r -> r.roleArn(AwsClients.TENANT_ROLE).roleSessionName("no-external-id")),
                StsException.class, "AccessDenied", 403, AwsClients.PLATFORM_DENIED + AwsClients.TENANT_ROLE);
        assertServiceError(clients.stsWithoutRetries(AwsBasicCredentials.create("AKIANOBODY0000000001", "x"))
                        ::getCallerIdentity,
                StsException.class, "InvalidClientTokenId", 403, "The security token included in the request is invalid.");

        JsonNode requests = json(control.get("/_emulator/requests"));

        assertThat(requests.get(0).get("errorCode").stringValue()).isEqualTo("AccessDenied");
        assertThat(requests.get(0).get("caller").stringValue()).isEqualTo(PLATFORM_ARN);
        assertThat(requests.get(1).get("errorCode").stringValue()).isEqualTo("InvalidClientTokenId");
        assertThat(requests.get(1).get("caller").isNull()).isTrue();
        assertThat(requests.get(1).get("status").intValue()).isEqualTo(403);
    }

    @Test
    void requests_withLimit_areTheMostRecentOldestFirst() {
        var sts = clients.stsWithoutRetries(PLATFORM);
        sts.getCallerIdentity();
        sts.getCallerIdentity();
        sts.getCallerIdentity();

        JsonNode lastTwo = json(control.get("/_emulator/requests?limit=2"));

        assertThat(lastTwo).hasSize(2);
        assertThat(lastTwo.get(0).get("sequence").longValue()).isEqualTo(2);
        assertThat(lastTwo.get(1).get("sequence").longValue()).isEqualTo(3);
    }

    @Test
    void requests_limitOutOfRangeOrNotANumber_isRefused() {
        RawHttp.Response zero = control.get("/_emulator/requests?limit=0");
        RawHttp.Response tooMany = control.get("/_emulator/requests?limit=2001");
        RawHttp.Response word = control.get("/_emulator/requests?limit=all");

        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).isEqualTo(message("limit must be between 1 and 2000, got 0"));
        assertThat(tooMany.body()).isEqualTo(message("limit must be between 1 and 2000, got 2001"));
        assertThat(word.body()).isEqualTo(message("limit must be an integer, got \"all\""));
    }

    @Test
    void requests_deleted_areForgotten() {
        clients.stsWithoutRetries(PLATFORM).getCallerIdentity();

        assertThat(control.delete("/_emulator/requests").status()).isEqualTo(204);

        assertThat(control.get("/_emulator/requests").body()).isEqualTo("[]");
        clients.stsWithoutRetries(PLATFORM).getCallerIdentity();
        assertThat(aws.emulator().journal().last().sequence()).isEqualTo(1);
    }

    @Test
    void controlCalls_areNotRecorded() {
        control.get("/_emulator/world");
        control.put("/_emulator/clock", "{\"advanceSeconds\":1}");

        assertThat(control.get("/_emulator/requests").body()).isEqualTo("[]");
    }

    @Test
    void reset_clearsFaultsLatencyJournalClockAndOutage() {
        clients.stsWithoutRetries(PLATFORM).getCallerIdentity();
        control.post("/_emulator/faults", "{\"kind\":\"THROTTLING\",\"count\":3}");
        control.put("/_emulator/latency", "{\"fixedMs\":5}");
        control.put("/_emulator/clock", "{\"advanceSeconds\":7200}");
        control.put("/_emulator/clock", "{\"offsetSeconds\":120}");
        control.put("/_emulator/sts", "{\"available\":false}");

        RawHttp.Response reset = control.post("/_emulator/reset", "");

        assertThat(reset.status()).isEqualTo(204);
        assertThat(reset.body()).isEmpty();
        assertThat(control.get("/_emulator/faults").body()).isEqualTo("[]");
        assertThat(control.get("/_emulator/latency").body()).isEqualTo("{}");
        assertThat(control.get("/_emulator/requests").body()).isEqualTo("[]");
        JsonNode clock = json(control.get("/_emulator/clock"));
        assertThat(clock.get("offsetSeconds").longValue()).isZero();
        assertThat(clock.get("advancedSeconds").longValue()).isZero();
        assertThat(control.get("/_emulator/sts").body()).isEqualTo("{\"available\":true}");
        assertThat(clients.stsWithoutRetries(PLATFORM).getCallerIdentity().arn()).isEqualTo(PLATFORM_ARN);
    }

    @Test
    void reset_forgetsIssuedSessions() {
        var session = sessionOf(clients.assumeTenantRole("before-reset", 900));

        control.post("/_emulator/reset", "");

        assertServiceError(clients.stsWithoutRetries(session)::getCallerIdentity, StsException.class,
                "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }

    @Test
    void reset_inJava_isTheSameReset() {
        var session = sessionOf(clients.assumeTenantRole("before-reset", 900));
        aws.emulator().clock().advance(Duration.ofHours(2));

        aws.emulator().reset();

        assertThat(aws.emulator().journal().all()).isEmpty();
        assertThat(aws.emulator().clock().advanced()).isZero();
        assertServiceError(clients.stsWithoutRetries(session)::getCallerIdentity, StsException.class,
                "InvalidClientTokenId", 403, "The security token included in the request is invalid.");
    }
}
