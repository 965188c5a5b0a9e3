package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.credentials.AssumeRoleException.Reason;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The classification of answers the emulator cannot produce on STS (throttling, other 5xx, unknown codes); the
 * emulator-backed {@code AssumeRoleFailuresIT} covers the rest for real.
 */
class AssumeRoleFailuresTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "400, Throttling, THROTTLED",
            "400, RequestLimitExceeded, THROTTLED",
            "429, SomethingNew, THROTTLED",
            "500, InternalFailure, STS_UNAVAILABLE",
            "503, ServiceUnavailable, STS_UNAVAILABLE",
            "403, AccessDenied, ACCESS_DENIED",
            "403, RegionDisabledException, REGION_DISABLED",
            "403, InvalidClientTokenId, INVALID_PLATFORM_CREDENTIALS",
            "403, SignatureDoesNotMatch, INVALID_PLATFORM_CREDENTIALS",
            "403, ExpiredToken, EXPIRED_PLATFORM_CREDENTIALS",
            "400, ValidationError, VALIDATION",
            "400, MalformedPolicyDocument, VALIDATION",
            "400, InvalidAction, UNCLASSIFIED",
    })
    void translate_stsAnswer_isClassifiedByCodeThenThrottlingThenStatus(int status, String code, Reason reason) {
        StsException answer = (StsException) StsException.builder()
                .statusCode(status)
                .requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("what STS said").build())
                .build();

        AssumeRoleException failure = AssumeRoleFailures.translate(answer, TENANT);

        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.errorCode()).contains(code);
        assertThat(failure.detail()).isEqualTo("what STS said");
        assertThat(failure.statusCode()).hasValue(status);
        assertThat(failure.requestId()).contains("req-1");
        assertThat(failure.roleArn()).isEqualTo(TENANT.roleArn());
        assertThat(failure.stsEndpoint()).isEqualTo(TENANT.stsEndpoint());
        assertThat(failure).hasCause(answer).hasMessage("AssumeRole of "
                + "arn:aws:iam::222222222222:role/ModelgateBedrockAccess at https://sts.us-east-1.amazonaws.com failed ("
                + reason + "): " + code + ": what STS said");
    }

    @Test
    void translate_answerWithoutCode_isClassifiedByStatus() {
        StsException badGateway = (StsException) StsException.builder().statusCode(502).message("Bad Gateway").build();

        AssumeRoleException failure = AssumeRoleFailures.translate(badGateway, TENANT);

        assertThat(failure.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
        assertThat(failure.errorCode()).isEmpty();
        assertThat(failure.statusCode()).hasValue(502);
    }

    @Test
    void translate_noAnswer_isStsUnavailable() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        AssumeRoleException failure = AssumeRoleFailures.translate(refused, TENANT);

        assertThat(failure.reason()).isEqualTo(Reason.STS_UNAVAILABLE);
        assertThat(failure.errorCode()).isEmpty();
        assertThat(failure.statusCode()).isEmpty();
        assertThat(failure.requestId()).isEmpty();
        assertThat(failure.detail()).isEqualTo("Unable to execute HTTP request: Connection refused");
    }

    @Test
    void translate_platformCredentialsNotFound_isInvalidPlatformCredentials() {
        SdkClientException missing = SdkClientException.create("Unable to load credentials",
                new StsClients.PlatformCredentialsUnavailableException(
                        SdkClientException.create("Unable to load credentials from any of the providers")));

        AssumeRoleException failure = AssumeRoleFailures.translate(missing, TENANT);

        assertThat(failure.reason()).isEqualTo(Reason.INVALID_PLATFORM_CREDENTIALS);
        assertThat(failure.errorCode()).isEmpty();
        assertThat(failure.detail()).isEqualTo("Modelgate's own AWS credentials are unavailable: "
                + "Unable to load credentials from any of the providers");
    }
}
