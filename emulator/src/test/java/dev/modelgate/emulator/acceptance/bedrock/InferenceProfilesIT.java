package dev.modelgate.emulator.acceptance.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileStatus;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileSummary;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** ListInferenceProfiles (paginated) and GetInferenceProfile through the SDK's {@code BedrockClient}. */
class InferenceProfilesIT {

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private static final String US_HAIKU = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String PROFILE_ARN = "arn:aws:bedrock:us-east-1:222222222222:inference-profile/";
    private static final String APP_PROFILE =
            "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb";
    /** The system profiles callable from us-east-1: the US ones and the global one. */
    private static final List<String> US_EAST_1 = List.of(US_HAIKU, "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
            "us.anthropic.claude-sonnet-4-20250514-v1:0", "global.anthropic.claude-sonnet-4-20250514-v1:0",
            "us.amazon.nova-micro-v1:0", "us.amazon.nova-lite-v1:0", "us.amazon.nova-pro-v1:0",
            "us.meta.llama3-3-70b-instruct-v1:0", "us.meta.llama4-maverick-17b-instruct-v1:0", "us.deepseek.r1-v1:0");

    private static BedrockClient bedrock;

    @BeforeAll
    static void client() {
        bedrock = BedrockSdk.controlPlane(aws.endpoint(), BedrockSdk.REGION, BedrockSdk.TENANT_ADMIN);
    }

    @AfterAll
    static void close() {
        bedrock.close();
    }

    @Test
    void listInferenceProfiles_maxResultsTwo_returnsAPageAndANextToken() {
        ListInferenceProfilesResponse page = bedrock.listInferenceProfiles(r -> r.maxResults(2));

        assertThat(page.inferenceProfileSummaries()).hasSize(2);
        assertThat(page.nextToken()).isNotBlank();
    }

    @Test
    void listInferenceProfiles_maxResultsZero_isAValidationException() {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> bedrock.listInferenceProfiles(r -> r.maxResults(0)));

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '0' at"
                + " 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void listInferenceProfilesPaginator_collectsEverySystemProfileWithTheCallersAccountInItsArn() {
        List<InferenceProfileSummary> all = bedrock.listInferenceProfilesPaginator(r -> r.maxResults(2))
                .inferenceProfileSummaries().stream().toList();

        assertThat(all).extracting(InferenceProfileSummary::inferenceProfileId)
                .containsExactlyInAnyOrderElementsOf(US_EAST_1);
        assertThat(all).allSatisfy(p -> {
            assertThat(p.inferenceProfileArn()).isEqualTo(PROFILE_ARN + p.inferenceProfileId());
            assertThat(p.type()).isEqualTo(InferenceProfileType.SYSTEM_DEFINED);
            assertThat(p.status()).isEqualTo(InferenceProfileStatus.ACTIVE);
            assertThat(p.models()).isNotEmpty();
        });
        int pages = (US_EAST_1.size() + 1) / 2;
        assertThat(aws.emulator().journal().ofOperation("ListInferenceProfiles")).hasSize(pages);
    }

    @Test
    void listInferenceProfiles_typeApplication_listsTheAccountsApplicationProfile() {
        List<InferenceProfileSummary> apps = bedrock.listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.APPLICATION))
                .inferenceProfileSummaries();

        assertThat(apps).singleElement().satisfies(p -> {
            assertThat(p.inferenceProfileArn()).isEqualTo(APP_PROFILE);
            assertThat(p.inferenceProfileId()).isEqualTo("h7q2m9x4k1zb");
            assertThat(p.inferenceProfileName()).isEqualTo("tenant-claude-3-haiku");
            assertThat(p.type()).isEqualTo(InferenceProfileType.APPLICATION);
            assertThat(p.models()).extracting(InferenceProfileModel::modelArn)
                    .containsExactly("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
        });
        assertThat(aws.emulator().journal().last().query()).isEqualTo("type=APPLICATION");
    }

    @Test
    void getInferenceProfile_byIdAndByArn_describesTheProfile() {
        GetInferenceProfileResponse byId = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(US_HAIKU));
        GetInferenceProfileResponse byArn =
                bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(PROFILE_ARN + US_HAIKU));

        assertThat(byId.inferenceProfileArn()).isEqualTo(PROFILE_ARN + US_HAIKU);
        assertThat(byId.inferenceProfileName()).isEqualTo("US Anthropic Claude 3 Haiku");
        assertThat(byId.type()).isEqualTo(InferenceProfileType.SYSTEM_DEFINED);
        assertThat(byId.createdAt()).isNotNull();
        assertThat(byId.models()).extracting(InferenceProfileModel::modelArn)
                .contains("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(byArn.inferenceProfileId()).isEqualTo(byId.inferenceProfileId());
        assertThat(byArn.models()).isEqualTo(byId.models());
    }

    @Test
    void getInferenceProfile_applicationProfileArn_describesIt() {
        GetInferenceProfileResponse app = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(APP_PROFILE));

        assertThat(app.inferenceProfileId()).isEqualTo("h7q2m9x4k1zb");
        assertThat(app.type()).isEqualTo(InferenceProfileType.APPLICATION);
        assertThat(app.description()).isEqualTo("Tenant cost tracking profile for Claude 3 Haiku");
    }

    @Test
    void getInferenceProfile_unknown_isAResourceNotFoundException() {
        ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                () -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("us.anthropic.claude-9-opus-v1:0")));

        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Could not find inference profile us.anthropic.claude-9-opus-v1:0");
    }

    @Test
    void listInferenceProfiles_asARoleWithoutBedrockPermissions_isDeniedWithoutNamingAResource() {
        try (var role = BedrockSdk.assumeRole(aws.endpoint(), "NoBedrockAccess");
             BedrockClient client = BedrockSdk.controlPlane(aws.endpoint(), BedrockSdk.REGION, role.credentials())) {
            AccessDeniedException e = catchThrowableOfType(AccessDeniedException.class,
                    () -> client.listInferenceProfiles(r -> { }));

            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: " + role.sessionArn()
                    + " is not authorized to perform: bedrock:ListInferenceProfiles because no identity-based policy"
                    + " allows the bedrock:ListInferenceProfiles action");
        }
    }
}
