package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.FoundationModelDetails;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceType;
import software.amazon.awssdk.services.bedrock.model.ModelModality;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** ListFoundationModels and GetFoundationModel through the SDK's {@code BedrockClient}. */
class FoundationModelsIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    /** The models the catalogue lists in us-east-1 (the Marketplace model is invokable but not listed). */
    private static final List<String> US_EAST_1 = List.of(HAIKU, "anthropic.claude-3-7-sonnet-20250219-v1:0",
            "anthropic.claude-sonnet-4-20250514-v1:0", "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0",
            "amazon.nova-pro-v1:0", "amazon.titan-text-express-v1", "amazon.titan-text-lite-v1",
            "meta.llama3-8b-instruct-v1:0", "meta.llama3-70b-instruct-v1:0", "meta.llama3-3-70b-instruct-v1:0",
            "meta.llama4-maverick-17b-instruct-v1:0", "mistral.mistral-7b-instruct-v0:2",
            "mistral.mistral-large-2402-v1:0", "cohere.command-r-v1:0", "cohere.command-r-plus-v1:0",
            "ai21.jamba-1-5-mini-v1:0", "ai21.jamba-1-5-large-v1:0", "deepseek.r1-v1:0");
    /** Callable only through an inference profile: no ON_DEMAND. */
    private static final List<String> PROFILE_ONLY = List.of("anthropic.claude-3-7-sonnet-20250219-v1:0",
            "anthropic.claude-sonnet-4-20250514-v1:0", "meta.llama3-3-70b-instruct-v1:0",
            "meta.llama4-maverick-17b-instruct-v1:0", "deepseek.r1-v1:0");

    private static BedrockClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.controlPlane(aws.endpoint(), BedrockSdk.REGION, BedrockSdk.TENANT_ADMIN);
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    private static List<String> ids(List<FoundationModelSummary> summaries) {
        return summaries.stream().map(FoundationModelSummary::modelId).toList();
    }

    @Test
    void listFoundationModels_listsTheRegionsModelsWithTheirSummaries() {
        List<FoundationModelSummary> models = bedrock.listFoundationModels(r -> { }).modelSummaries();

        assertThat(ids(models)).containsExactlyInAnyOrderElementsOf(US_EAST_1);
        FoundationModelSummary haiku = models.stream().filter(m -> m.modelId().equals(HAIKU)).findFirst().orElseThrow();
        assertThat(haiku.modelArn()).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
        assertThat(haiku.modelName()).isEqualTo("Claude 3 Haiku");
        assertThat(haiku.providerName()).isEqualTo("Anthropic");
        assertThat(haiku.inputModalities()).containsExactly(ModelModality.TEXT, ModelModality.IMAGE);
        assertThat(haiku.outputModalities()).containsExactly(ModelModality.TEXT);
        assertThat(haiku.responseStreamingSupported()).isTrue();
        assertThat(haiku.inferenceTypesSupported()).containsExactly(InferenceType.ON_DEMAND, InferenceType.PROVISIONED);
        assertThat(haiku.modelLifecycle().status()).isEqualTo(FoundationModelLifecycleStatus.ACTIVE);
    }

    @Test
    void listFoundationModels_byProvider_keepsThatProvidersModels() {
        List<FoundationModelSummary> models = bedrock.listFoundationModels(r -> r.byProvider("Anthropic")).modelSummaries();

        assertThat(ids(models)).containsExactlyInAnyOrder(HAIKU, "anthropic.claude-3-7-sonnet-20250219-v1:0",
                "anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(models).extracting(FoundationModelSummary::providerName).containsOnly("Anthropic");
    }

    @Test
    void listFoundationModels_byOutputModalityText_keepsTheTextModels() {
        List<FoundationModelSummary> models = bedrock.listFoundationModels(r -> r.byOutputModality(ModelModality.TEXT))
                .modelSummaries();

        assertThat(ids(models)).containsExactlyInAnyOrderElementsOf(US_EAST_1);
        assertThat(aws.emulator().journal().last().query()).isEqualTo("byOutputModality=TEXT");
    }

    @Test
    void listFoundationModels_byInferenceTypeOnDemand_leavesOutProfileOnlyModels() {
        List<FoundationModelSummary> models = bedrock.listFoundationModels(r -> r.byInferenceType(InferenceType.ON_DEMAND))
                .modelSummaries();

        assertThat(ids(models)).hasSize(US_EAST_1.size() - PROFILE_ONLY.size())
                .doesNotContainAnyElementsOf(PROFILE_ONLY);
        assertThat(models).allSatisfy(m -> assertThat(m.inferenceTypesSupported()).contains(InferenceType.ON_DEMAND));
    }

    @Test
    void listFoundationModels_inSydney_hasNoTitan() {
        List<String> sydney;
        try (BedrockClient client = BedrockSdk.controlPlane(aws.endpoint(), Region.AP_SOUTHEAST_2, BedrockSdk.TENANT_ADMIN)) {
            sydney = ids(client.listFoundationModels(r -> { }).modelSummaries());
        }

        assertThat(sydney).contains(HAIKU, "amazon.nova-lite-v1:0", "mistral.mistral-7b-instruct-v0:2")
                .noneMatch(id -> id.startsWith("amazon.titan"));
        assertThat(US_EAST_1).contains("amazon.titan-text-express-v1");
    }

    @Test
    void listFoundationModels_unknownOutputModality_isAValidationException() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> bedrock.listFoundationModels(r -> r.byOutputModality("VIDEO")));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'VIDEO' at"
                + " 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set:"
                + " [TEXT, IMAGE, EMBEDDING]");
    }

    @Test
    void getFoundationModel_byIdAndByArn_describesTheModel() {
        FoundationModelDetails byId = bedrock.getFoundationModel(r -> r.modelIdentifier(HAIKU)).modelDetails();
        FoundationModelDetails byArn = bedrock.getFoundationModel(r -> r.modelIdentifier(
                "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU)).modelDetails();

        assertThat(byId.modelArn()).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
        assertThat(byId.modelName()).isEqualTo("Claude 3 Haiku");
        assertThat(byArn).isEqualTo(byId);
        assertThat(aws.emulator().journal().last().path())
                .isEqualTo("/foundation-models/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2F"
                        + "anthropic.claude-3-haiku-20240307-v1%3A0");
    }

    @Test
    void getFoundationModel_unknown_isAResourceNotFoundException() {
        ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                () -> bedrock.getFoundationModel(r -> r.modelIdentifier("anthropic.claude-9-opus-20990101-v1:0")));

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Could not find model anthropic.claude-9-opus-20990101-v1:0");
    }

    @Test
    void listFoundationModels_asARoleWithoutBedrockPermissions_isDeniedWithoutNamingAResource() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockClient client = BedrockSdk.controlPlane(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                    () -> client.listFoundationModels(r -> { }));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy"
                    + " allows the bedrock:ListFoundationModels action");
            RecordedRequest recorded = aws.emulator().journal().last();
            assertThat(recorded.service()).isEqualTo("bedrock");
            assertThat(recorded.operation()).isEqualTo("ListFoundationModels");
            assertThat(recorded.caller()).isEqualTo(role.sessionArn());
            assertThat(recorded.errorCode()).isEqualTo("AccessDeniedException");
        }
    }
}
