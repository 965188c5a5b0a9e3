package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Converse through the sync client: the model-independent request and response shapes, and its refusals. */
class ConverseIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String QUESTION = "What does Converse unify?";

    private static BedrockRuntimeClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.runtimeWithoutRetries(aws.endpoint());
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static ConverseRequest request(String modelId, int maxTokens, float temperature) {
        return ConverseRequest.builder().modelId(modelId)
                .system(s -> s.text("You are a concise assistant."))
                .messages(m -> m.role(ConversationRole.USER).content(c -> c.text(QUESTION)))
                .inferenceConfig(i -> i.maxTokens(maxTokens).temperature(temperature).topP(0.9f))
                .build();
    }

    private static ValidationException refused(ConverseRequest request) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> bedrock.converse(request));
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        return e;
    }

    @Test
    void converse_answersWithTheAssistantMessageUsageAndMetrics() {
        ConverseResponse response = bedrock.converse(request(HAIKU, 512, 0.5f));

        assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
        assertThat(response.output().message().content()).singleElement()
                .satisfies(block -> assertThat(block.text()).isEqualTo(reply(QUESTION)));
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        // System "You are a concise assistant." (6) + "What does Converse unify?" (5) in;
        // "Modelgate emulator reply to:" (5) + the question (5) out.
        assertThat(response.usage().inputTokens()).isEqualTo(11);
        assertThat(response.usage().outputTokens()).isEqualTo(10);
        assertThat(response.usage().totalTokens()).isEqualTo(21);
        assertThat(response.metrics().latencyMs()).isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(response.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void converse_smallMaxTokens_truncatesAndStopsWithMaxTokens() {
        ConverseResponse response = bedrock.converse(request(HAIKU, 3, 0.5f));

        assertThat(response.output().message().content().getFirst().text()).isEqualTo("Modelgate emulator reply");
        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.usage().outputTokens()).isEqualTo(3);
    }

    @Test
    void converse_temperatureAboveOne_isAValidationException() {
        ValidationException e = refused(request(HAIKU, 512, 2.0f));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '2.0' at"
                + " 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or"
                + " equal to 1");
    }

    @Test
    void converse_onAnImportedModel_isNotSupported() {
        ValidationException e = refused(request("arn:aws:bedrock:us-east-1:222222222222:imported-model/i5f9h3k7m1rt",
                512, 0.5f));

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("This action doesn't support the model that you"
                + " provided. Try again with a supported text or chat model.");
    }

    @Test
    void converse_throughTheApplicationProfile_isServedAndJournalled() {
        String arn = "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";

        ConverseResponse response = bedrock.converse(request(arn, 512, 0.5f));

        assertThat(response.output().message().content().getFirst().text()).isEqualTo(reply(QUESTION));
        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("Converse");
        assertThat(recorded.modelId()).isEqualTo(arn);
        assertThat(recorded.path()).isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3A"
                + "application-inference-profile%2Fh7q2m9x4k1zb/converse");
        assertThat(recorded.caller()).isEqualTo(BedrockSdk.TENANT_ADMIN_ARN);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.errorCode()).isNull();
    }
}
