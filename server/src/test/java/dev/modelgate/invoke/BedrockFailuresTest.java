package dev.modelgate.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.invoke.InvokeException.Kind;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;

/** The SDK's exceptions, as Bedrock's errors arrive, translated into kinds; and which kinds are retried. */
class BedrockFailuresTest {

    @Test
    void translate_validationNamingAnInvalidIdentifier_isModelNotFound() {
        InvokeException e = translate(400, "ValidationException", "The provided model identifier is invalid.");

        assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("MODEL_NOT_FOUND: The provided model identifier is invalid.");
        assertThat(e.requestId()).hasValue("req-1");
        assertThat(BedrockFailures.retryable(e)).isFalse();
    }

    @Test
    void translate_validationNamingAnInvalidGuardrailOrVersion_isGuardrailNotFound_notRetried() {
        InvokeException identifier = translate(400, "ValidationException", "The provided guardrail identifier is invalid.");
        InvokeException version = translate(400, "ValidationException", "The provided guardrail version is invalid.");

        assertThat(identifier.kind()).isEqualTo(Kind.GUARDRAIL_NOT_FOUND);
        assertThat(identifier.code()).isEqualTo(dev.modelgate.error.ErrorCode.GUARDRAIL_NOT_FOUND);
        assertThat(version.kind()).isEqualTo(Kind.GUARDRAIL_NOT_FOUND);
        assertThat(BedrockFailures.retryable(identifier)).isFalse();
    }

    @Test
    void translate_validationRefusingLatencyOptimizedOrAServiceTier_isOptionNotSupported() {
        assertThat(translate(400, "ValidationException", "The model amazon.titan-text-express-v1 does not support "
                + "latency-optimized inference. Set the performance configuration latency to standard and try again.")
                .kind()).isEqualTo(Kind.OPTION_NOT_SUPPORTED);
        assertThat(translate(400, "ValidationException", "The model x does not support the flex service tier. Use "
                + "one of [default] and try again.").kind()).isEqualTo(Kind.OPTION_NOT_SUPPORTED);
        assertThat(translate(400, "ValidationException", "Latency-optimized inference is not supported for this model")
                .kind()).isEqualTo(Kind.OPTION_NOT_SUPPORTED);
    }

    @Test
    void translate_validationOfAMembersValue_staysValidation() {
        assertThat(translate(400, "ValidationException", "1 validation error detected: Value 'express' at "
                + "'serviceTier' failed to satisfy constraint: Member must satisfy enum value set: [priority, default, "
                + "flex, reserved]").kind()).isEqualTo(Kind.VALIDATION);
        assertThat(translate(400, "ValidationException", "Malformed input request: #: required key [messages] not "
                + "found, please reformat your input and try again.").kind()).isEqualTo(Kind.VALIDATION);
    }

    @Test
    void translate_serviceQuotaExceeded_isThrottled_butNotRetried() {
        InvokeException e = translate(400, "ServiceQuotaExceededException", "Your request exceeds the quota.");

        assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(BedrockFailures.retryable(e)).isFalse();
        assertThat(BedrockFailures.retryable(translate(429, "ThrottlingException", "Too many requests"))).isTrue();
    }

    @Test
    void translate_modelNotReadyAnd5xx_areRetried_modelErrorAndTimeoutAreNot() {
        assertThat(translate(429, "ModelNotReadyException", "not ready")).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_READY);
            assertThat(BedrockFailures.retryable(e)).isTrue();
        });
        assertThat(translate(500, "InternalServerException", "oops")).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(BedrockFailures.retryable(e)).isTrue();
        });
        assertThat(translate(424, "ModelErrorException", "model failed").kind()).isEqualTo(Kind.MODEL_ERROR);
        assertThat(BedrockFailures.retryable(translate(408, "ModelTimeoutException", "slow"))).isFalse();
    }

    @Test
    void translate_sessionsBedrockDoesNotAccept_areExpiredCredentials_soTheyAreAssumedAnewOnce() {
        assertThat(translate(403, "UnrecognizedClientException", "The security token included in the request is "
                + "invalid.").kind()).isEqualTo(Kind.EXPIRED_CREDENTIALS);
        assertThat(translate(403, "InvalidSignatureException", "The request signature we calculated does not match")
                .kind()).isEqualTo(Kind.EXPIRED_CREDENTIALS);
        assertThat(translate(403, "ExpiredTokenException", "The security token included in the request is expired")
                .kind()).isEqualTo(Kind.EXPIRED_CREDENTIALS);
    }

    @Test
    void translate_clientSide_keepsReachAndTimeoutApart() {
        assertThat(client(SdkClientException.create("Unable to execute HTTP request", new ConnectException(
                "Connection refused")))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.statusCode()).isZero();
            assertThat(BedrockFailures.retryable(e)).isTrue();
        });
        assertThat(client(SdkClientException.create("Unable to execute HTTP request", new SocketTimeoutException(
                "Read timed out"))).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(client(ApiCallTimeoutException.create(500)).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(client(SdkClientException.create("Unable to unmarshall", new UncheckedIOException(
                new BedrockClients.ResponseTooLargeException(64)))).kind()).isEqualTo(Kind.RESPONSE_TOO_LARGE);
    }

    private static InvokeException translate(int status, String code, String message) {
        return BedrockFailures.translate(BedrockRuntimeException.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build(), 1);
    }

    private static InvokeException client(SdkClientException e) {
        return BedrockFailures.translate(e, 1);
    }
}
