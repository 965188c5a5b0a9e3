package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Every {@code modelId} form Bedrock accepts, sent by the SDK: it percent-encodes the label ({@code :} as {@code %3A},
 * {@code /} as {@code %2F}) and signs the path encoded once more; the emulator verifies that signature and serves the
 * model behind the identifier.
 */
class ModelIdentifierFormsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String QUESTION = "Which model answers";
    private static final String CLAUDE_TEXT = "/content/0/text";

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("anthropic.claude-3-haiku-20240307-v1:0", "us-east-1",
                        NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                        "us-east-1", NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fanthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
                Arguments.of("us.anthropic.claude-3-haiku-20240307-v1:0", "us-east-1",
                        NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
                Arguments.of("global.anthropic.claude-sonnet-4-20250514-v1:0", "us-east-1",
                        NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/global.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke"),
                Arguments.of("eu.anthropic.claude-3-haiku-20240307-v1:0", "eu-central-1",
                        NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/eu.anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
                        "us-east-1", NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Ainference-profile%2Fus.anthropic.claude-3-haiku-20240307-v1%3A0/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb",
                        "us-east-1", NativeBodies.claude(QUESTION), CLAUDE_TEXT,
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Aapplication-inference-profile%2Fh7q2m9x4k1zb/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa", "us-east-1",
                        NativeBodies.titan(QUESTION), "/results/0/outputText",
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Aprovisioned-model%2Fp3v8n2d6s4qa/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1:222222222222:imported-model/i5f9h3k7m1rt", "us-east-1",
                        NativeBodies.llama(QUESTION), "/generation",
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Aimported-model%2Fi5f9h3k7m1rt/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1:222222222222:custom-model-deployment/c2d6e8g4j0lw", "us-east-1",
                        NativeBodies.nova(QUESTION), "/output/message/content/0/text",
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A222222222222%3Acustom-model-deployment%2Fc2d6e8g4j0lw/invoke"),
                Arguments.of("arn:aws:sagemaker:us-east-1:222222222222:endpoint/mg-marketplace-mistral-7b", "us-east-1",
                        NativeBodies.mistral(QUESTION), "/outputs/0/text",
                        "/model/arn%3Aaws%3Asagemaker%3Aus-east-1%3A222222222222%3Aendpoint%2Fmg-marketplace-mistral-7b/invoke"),
                Arguments.of("arn:aws:bedrock:us-east-1::foundation-model/upstage.solar-pro-v1", "us-east-1",
                        NativeBodies.chatCompletions(QUESTION), "/choices/0/message/content",
                        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fupstage.solar-pro-v1/invoke"));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("identifiers")
    void invokeModel_everyIdentifierForm_isServedAndJournalledAsSent(String modelId, String region, String body,
                                                                     String textPointer, String wirePath) {
        InvokeModelResponse response;
        try (BedrockRuntimeClient bedrock =
                     BedrockSdk.runtime(aws.endpoint(), Region.of(region), BedrockSdk.TENANT_ADMIN)) {
            response = bedrock.invokeModel(r -> r.modelId(modelId).body(utf8(body)));
        }

        assertThat(json(response.body()).at(textPointer).stringValue()).isEqualTo(reply(QUESTION));
        RecordedRequest recorded = aws.emulator().journal().last();
        assertThat(recorded.operation()).isEqualTo("InvokeModel");
        assertThat(recorded.path()).isEqualTo(wirePath);
        assertThat(recorded.modelId()).isEqualTo(modelId);
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.header("authorization")).contains("/" + region + "/bedrock/aws4_request");
    }

    @Test
    void invokeModel_arnSignedWithTheWrongSecret_isRefusedAsAnInvalidSignature() {
        var wrongSecret = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIATENANTADMIN00001", "notTheTenantAdminSecret000000000000000001"));
        String arn = "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";
        BedrockRuntimeException refused;
        try (BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), Region.US_EAST_1, wrongSecret)) {
            refused = catchThrowableOfType(BedrockRuntimeException.class,
                    () -> bedrock.invokeModel(r -> r.modelId(arn).body(utf8(NativeBodies.claude(QUESTION)))));
        }

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(aws.emulator().journal().last().path()).contains("%3A").contains("%2F");
    }
}
