package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** InvokeModel requests Bedrock refuses as invalid, seen through the SDK: {@code ValidationException}, HTTP 400. */
class InvokeModelValidationIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String INVALID_IDENTIFIER = "The provided model identifier is invalid.";

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtime(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static ValidationException refused(BedrockRuntimeClient client, String modelId, String body) {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> client.invokeModel(r -> r.modelId(modelId).body(utf8(body))));
        assertThat(e).as("ValidationException for %s", modelId).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.requestId()).isNotBlank();
        return e;
    }

    private static ValidationException refused(String modelId, String body) {
        return refused(bedrock, modelId, body);
    }

    @Test
    void claudeBodyWithoutMaxTokens_isAMalformedInputRequest() {
        ValidationException e = refused(HAIKU, """
                {"anthropic_version":"bedrock-2023-05-31","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Malformed input request: #: subject must not be"
                + " valid against schema {\"required\":[\"messages\"]}#: required key [max_tokens] not found, please"
                + " reformat your input and try again.");
    }

    @Test
    void bodyThatIsNotJson_isAMalformedInputRequest() {
        ValidationException e = refused(HAIKU, "max_tokens=10&prompt=Hi");

        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Malformed input request: ")
                .endsWith(", please reformat your input and try again.");
    }

    @Test
    void unknownModelId_isAnInvalidIdentifier() {
        ValidationException e = refused("anthropic.claude-9-opus-20990101-v1:0", NativeBodies.claude("Hi"));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_IDENTIFIER);
    }

    @Test
    void profileOnlyModelByItsBareId_mustBeCalledThroughAnInferenceProfile() {
        ValidationException e = refused("anthropic.claude-sonnet-4-20250514-v1:0", NativeBodies.claude("Hi"));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invocation of model ID"
                + " anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn't supported. Retry your"
                + " request with the ID or ARN of an inference profile that contains this model.");
    }

    @Test
    void euProfileCalledInUsEast1_isAnInvalidIdentifier() {
        ValidationException e = refused("eu.anthropic.claude-3-haiku-20240307-v1:0", NativeBodies.claude("Hi"));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_IDENTIFIER);
    }

    @Test
    void foundationModelArnOfAnotherRegion_isAnInvalidIdentifier() {
        ValidationException e = refused("arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU,
                NativeBodies.claude("Hi"));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_IDENTIFIER);
    }

    @Test
    void modelNotOfferedInTheClientsRegion_isAnInvalidIdentifier() {
        ValidationException e;
        try (BedrockRuntimeClient sydney = BedrockSdk.runtime(aws.endpoint(), Region.AP_SOUTHEAST_2,
                BedrockSdk.TENANT_ADMIN)) {
            e = refused(sydney, "amazon.titan-text-express-v1", NativeBodies.titan("Hi"));
        }

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(INVALID_IDENTIFIER);
    }

    @Test
    void refusal_isJournalledWithItsErrorCode() {
        refused("anthropic.claude-9-opus-20990101-v1:0", NativeBodies.claude("Hi"));

        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("InvokeModel");
        assertThat(recorded.modelId()).isEqualTo("anthropic.claude-9-opus-20990101-v1:0");
        assertThat(recorded.caller()).isEqualTo(BedrockSdk.TENANT_ADMIN_ARN);
        assertThat(recorded.status()).isEqualTo(400);
        assertThat(recorded.errorCode()).isEqualTo("ValidationException");
    }
}
