package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.json;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.reply;
import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;

/**
 * IAM on InvokeModel through the SDK, with a session of the default world's {@code NoBedrockAccess} role assumed by
 * the SDK's own {@code StsAssumeRoleCredentialsProvider}: {@code AccessDeniedException} (403) names the caller, the
 * action and the resource ARN IAM refused.
 */
class InvokeModelAuthorizationIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    private static AccessDeniedException denied(BedrockRuntimeClient client, String modelId) {
        AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                () -> client.invokeModel(r -> r.modelId(modelId).body(utf8(NativeBodies.claude("Hi")))));
        assertThat(e).as("AccessDeniedException for %s", modelId).isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        return e;
    }

    @Test
    void roleWithoutBedrockPermissions_isDeniedOnTheFoundationModelArn() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = denied(bedrock, HAIKU);

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:InvokeModel on resource:"
                    + " arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
                    + " because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }

    @Test
    void roleWithoutBedrockPermissions_callingAProfile_isDeniedOnTheProfileArn() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = denied(bedrock, "us." + HAIKU);

            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:InvokeModel on resource:"
                    + " arn:aws:bedrock:us-east-1:222222222222:inference-profile/us." + HAIKU
                    + " because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }

    @Test
    void roleWithBedrockPermissions_invokes() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "ModelgateBedrockAccess");
             BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            var response = bedrock.invokeModel(r -> r.modelId(HAIKU).body(utf8(NativeBodies.claude("Hi"))));

            assertThat(json(response.body()).at("/content/0/text").stringValue()).isEqualTo(reply("Hi"));
        }
    }

    @Test
    void denial_isJournalledWithTheSessionAsCaller() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            denied(bedrock, HAIKU);

            RecordedRequest recorded = aws.emulator().journal().last();
            assertThat(recorded.operation()).isEqualTo("InvokeModel");
            assertThat(recorded.modelId()).isEqualTo(HAIKU);
            assertThat(recorded.caller()).isEqualTo(role.sessionArn());
            assertThat(recorded.status()).isEqualTo(403);
            assertThat(recorded.errorCode()).isEqualTo("AccessDeniedException");
            assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
        }
    }

    @Test
    void roleWithoutBedrockPermissions_streaming_isDeniedForInvokeModelWithResponseStream() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockRuntimeAsyncClient bedrock = BedrockSdk.asyncRuntime(aws.endpoint(), role.credentials())) {
            var capture = StreamCapture.invoke(bedrock, HAIKU, NativeBodies.claude("Hi"));

            assertThat(capture.error()).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.sessionArn()
                        + " is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource:"
                        + " arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
                        + " because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action");
            });
        }
    }

    @Test
    void roleWithoutBedrockPermissions_converse_isDeniedForInvokeModel() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockRuntimeClient bedrock = BedrockSdk.runtime(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class, () -> bedrock.converse(r -> r
                    .modelId(HAIKU).messages(m -> m.role(ConversationRole.USER).content(c -> c.text("Hi")))));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:InvokeModel on resource:");
        }
    }
}
