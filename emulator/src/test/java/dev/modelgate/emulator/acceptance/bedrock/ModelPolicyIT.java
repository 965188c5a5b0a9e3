package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;

/**
 * Identity policies scoped to single models ({@code /worlds/bedrock-model-policies.yaml}): an explicit Deny refuses
 * only its model, and a profile call needs both the profile's ARN and the model's.
 */
class ModelPolicyIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withWorldResource("/worlds/bedrock-model-policies.yaml");

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String LLAMA = "meta.llama3-8b-instruct-v1:0";

    private static BedrockRuntimeClient clientFor(String keyId, String secret) {
        return BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)));
    }

    private static BedrockRuntimeClient noLlama() {
        return clientFor("AKIANOLLAMA000000001", "noLlamaFakeSecretKey00000000000000000001");
    }

    private static AccessDeniedException denied(BedrockRuntimeClient client, String modelId, String body) {
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                () -> client.invokeModel(r -> r.modelId(modelId).body(utf8(body))));
        assertThat(e).as("AccessDeniedException for %s", modelId).isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        return e;
    }

    @Test
    void explicitDenyOnOneModel_refusesThatModelWithAnExplicitDenyMessage() {
        try (BedrockRuntimeClient bedrock = noLlama()) {
            AccessDeniedException e = denied(bedrock, LLAMA, NativeBodies.llama("Hi"));

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::222222222222:user/no-llama"
                    + " is not authorized to perform: bedrock:InvokeModel on resource:"
                    + " arn:aws:bedrock:us-east-1::foundation-model/" + LLAMA
                    + " with an explicit deny in an identity-based policy");
        }
    }

    @Test
    void explicitDenyOnOneModel_leavesOtherModelsAllowed() {
        try (BedrockRuntimeClient bedrock = noLlama()) {
            var claude = bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
            var llama70b = bedrock.invokeModel(r -> r.modelId("meta.llama3-70b-instruct-v1:0")
                    .body(utf8(NativeBodies.llama("Hi"))));

            assertThat(json(claude.body()).at("/content/0/text").stringValue()).isEqualTo(reply("Hi"));
            assertThat(json(llama70b.body()).get("generation").stringValue()).isEqualTo(reply("Hi"));
        }
    }

    @Test
    void foundationModelsOnlyPolicy_callingAProfile_isDeniedOnTheProfileArn() {
        try (BedrockRuntimeClient bedrock = clientFor("AKIAFMONLY0000000001", "fmOnlyFakeSecretKey000000000000000000001")) {
            bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));
            AccessDeniedException e = denied(bedrock, "us." + HAIKU, NativeBodies.claude("Hi"));

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::222222222222:user/"
                    + "foundation-models-only is not authorized to perform: bedrock:InvokeModel on resource:"
                    + " arn:aws:bedrock:us-east-1:222222222222:inference-profile/us." + HAIKU
                    + " because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }

    @Test
    void profileOnlyPolicy_callingTheProfile_isDeniedOnTheModelItRoutesTo() {
        try (BedrockRuntimeClient bedrock = clientFor("AKIAPROFILEONLY00001", "profileOnlyFakeSecretKey0000000000000001")) {
            AccessDeniedException e = denied(bedrock, "us." + HAIKU, NativeBodies.claude("Hi"));

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::222222222222:user/"
                    + "profile-only is not authorized to perform: bedrock:InvokeModel on resource:"
                    + " arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
                    + " because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }
}
