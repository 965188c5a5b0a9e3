package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.emulator.iam.WorldLoader;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The generated documents, pasted unchanged into an emulator world, let Modelgate in — and only with the ID. */
class PolicyDocumentsEmulatorIT {

    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    private static final String KEY_ID = "AKIAMODELGATEPLATFRM";
    private static final String SECRET = "mgPlatformFakeSecretKey00000000000000001";
    private static final ExternalId EXTERNAL_ID = ExternalId.of("mg-abcdefghijklmnopqrstuvwxyz234567");
    private static final String ROLE_ARN = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final PolicyDocuments DOCUMENTS = new PolicyDocuments(PolicyDocuments.DEFAULT_ROLE_NAME,
            PLATFORM_ARN, EXTERNAL_ID);

    private static final String GUARDRAIL_ARN = "arn:aws:bedrock:us-east-1:222222222222:guardrail/mgdemoguard1";
    private static final PolicyDocuments GUARDED = new PolicyDocuments("GuardedAccess", PLATFORM_ARN, EXTERNAL_ID,
            List.of(GUARDRAIL_ARN));

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withWorld(WorldLoader.parse(world()));

    @Test
    void assumeRole_withTheExternalId_givesASessionThatInvokesAndListsModels() {
        Credentials session = assumeRole(r -> r.externalId(EXTERNAL_ID.value()));
        StaticCredentialsProvider asTenant = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));

        try (BedrockRuntimeClient runtime = BedrockRuntimeClient.builder().endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(asTenant).build();
             BedrockClient bedrock = BedrockClient.builder().endpointOverride(aws.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(asTenant).build()) {
            String reply = runtime.invokeModel(r -> r.modelId("anthropic.claude-3-haiku-20240307-v1:0")
                    .contentType("application/json").body(SdkBytes.fromUtf8String("""
                            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                             "messages": [{"role": "user", "content": "hello"}]}"""))).body().asUtf8String();
            List<String> models = bedrock.listFoundationModels(r -> { }).modelSummaries().stream()
                    .map(FoundationModelSummary::modelId).toList();

            assertThat(reply).contains("Modelgate emulator reply to: hello");
            assertThat(models).contains("anthropic.claude-3-haiku-20240307-v1:0");
            bedrock.listInferenceProfiles(r -> { });
        }
    }

    @Test
    void permissionPolicyWithTheGuardrail_letsTheSessionApplyIt_andWithoutItBedrockRefuses() {
        Consumer<software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest.Builder> guarded = r -> r
                .modelId("anthropic.claude-3-haiku-20240307-v1:0").contentType("application/json")
                .guardrailIdentifier("mgdemoguard1").guardrailVersion("1")
                .body(SdkBytes.fromUtf8String("""
                        {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50,
                         "messages": [{"role": "user", "content": "hello BLOCKME"}]}"""));

        try (BedrockRuntimeClient withStatement = runtime(assumeRole("arn:aws:iam::222222222222:role/GuardedAccess"));
             BedrockRuntimeClient without = runtime(assumeRole(ROLE_ARN))) {
            assertThat(JsonMapper.builder().build().readTree(withStatement.invokeModel(guarded).body().asUtf8String())
                    .get("amazon-bedrock-guardrailAction").stringValue()).isEqualTo("INTERVENED");
            assertThatThrownBy(() -> without.invokeModel(guarded))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .contains("bedrock:ApplyGuardrail on resource: " + GUARDRAIL_ARN));
        }
    }

    private static BedrockRuntimeClient runtime(Credentials session) {
        return BedrockRuntimeClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))).build();
    }

    private static Credentials assumeRole(String roleArn) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build()) {
            return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("modelgate-test")
                    .externalId(EXTERNAL_ID.value())).credentials();
        }
    }

    @Test
    void assumeRole_withoutTheExternalId_isRefused() {
        assertThatThrownBy(() -> assumeRole(r -> { }))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
    }

    @Test
    void assumeRole_withAnotherExternalId_isRefused() {
        assertThatThrownBy(() -> assumeRole(r -> r.externalId("mg-another-workspace-external-id")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AccessDenied"));
    }

    private static Credentials assumeRole(Consumer<AssumeRoleRequest.Builder> externalId) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .build()) {
            return sts.assumeRole(r -> externalId.accept(r.roleArn(ROLE_ARN).roleSessionName("modelgate-test")))
                    .credentials();
        }
    }

    /** The platform user may assume any role; the tenant role holds exactly the generated documents, as text. */
    private static String world() {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode world = json.createObjectNode();
        ArrayNode accounts = world.putArray("accounts");
        ObjectNode platform = accounts.addObject().put("id", "111111111111");
        ObjectNode user = platform.putArray("users").addObject().put("name", "modelgate-platform");
        user.putArray("accessKeys").addObject().put("id", KEY_ID).put("secret", SECRET);
        user.putArray("policies").add("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Resource": "arn:aws:iam::*:role/*"}]}""");
        ObjectNode tenant = accounts.addObject().put("id", "222222222222");
        ObjectNode guardrail = tenant.putArray("guardrails").addObject().put("id", "mgdemoguard1");
        guardrail.putArray("versions").add("DRAFT").add("1");
        ArrayNode roles = tenant.putArray("roles");
        ObjectNode role = roles.addObject().put("name", PolicyDocuments.DEFAULT_ROLE_NAME)
                .put("trustPolicy", DOCUMENTS.trustPolicy());
        role.putArray("policies").add(DOCUMENTS.permissionPolicy());
        ObjectNode guarded = roles.addObject().put("name", "GuardedAccess").put("trustPolicy", GUARDED.trustPolicy());
        guarded.putArray("policies").add(GUARDED.permissionPolicy());
        return json.writeValueAsString(world);
    }
}
