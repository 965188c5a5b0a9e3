package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Error codes, HTTP statuses and AWS's messages of the common Bedrock errors. */
class BedrockExceptionTest {

    @Test
    void factories_carryTheModelsCodeAndStatus() {
        assertThat(BedrockException.throttling()).satisfies(e -> {
            assertThat(e.errorType()).isEqualTo("ThrottlingException");
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.message()).isEqualTo("Too many requests, please wait before trying again.");
        });
        assertThat(BedrockException.serviceQuotaExceeded("Quota hit").httpStatus()).isEqualTo(400);
        assertThat(BedrockException.modelNotReady().httpStatus()).isEqualTo(429);
        assertThat(BedrockException.modelError("boom").httpStatus()).isEqualTo(424);
        assertThat(BedrockException.modelTimeout().httpStatus()).isEqualTo(408);
        assertThat(BedrockException.serviceUnavailable().type().serverFault()).isTrue();
        assertThat(BedrockException.internalServer().httpStatus()).isEqualTo(500);
        assertThat(BedrockException.accessDenied().httpStatus()).isEqualTo(403);
        assertThat(BedrockException.resourceNotFound("gone").errorType()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void malformedInput_wrapsTheDetailInAwsWording() {
        assertThat(BedrockException.malformedInput("#: required key [max_tokens] not found").getMessage())
                .isEqualTo("Malformed input request: #: required key [max_tokens] not found, please reformat your"
                        + " input and try again.");
        assertThat(BedrockException.onDemandNotSupported("deepseek.r1-v1:0").getMessage()).isEqualTo(
                "Invocation of model ID deepseek.r1-v1:0 with on-demand throughput isn't supported. Retry your"
                        + " request with the ID or ARN of an inference profile that contains this model.");
        assertThat(BedrockException.invalidModelIdentifier()).hasToString(
                "ValidationException: The provided model identifier is invalid.");
    }

    @Test
    void blankMessage_isRefused() {
        assertThatThrownBy(() -> BedrockException.validation(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
