package dev.modelgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@link BedrockCatalogs} against the emulator's control plane, asked as the tenant's role. */
class BedrockCatalogsIT {

    private static final String WORKSPACE = "7f8e4a52-9c1b-4d3e-8a6f-0b2c1d3e4f5a";
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private StsClients stsClients;
    private BedrockCatalogs catalogs;

    @BeforeEach
    void setUp() {
        stsClients = Tenants.stsClients(aws.endpoint());
        catalogs = BedrockCatalogs.builder().credentials(StsTenantCredentials.builder().stsClients(stsClients).build())
                .endpointOverride(aws.endpoint()).build();
    }

    @AfterEach
    void tearDown() {
        catalogs.close();
        stsClients.close();
    }

    private static SessionKey key(String role) {
        return new SessionKey(RoleArn.parse("arn:aws:iam::222222222222:role/" + role),
                ExternalId.of("mg-demo-workspace-external-id"), StsEndpoint.regional(US_EAST_1));
    }

    @Test
    void foundationModels_areWhatTheRegionOffers_askedAsTheTenantsRole() {
        List<FoundationModel> models = catalogs.foundationModels(key("ModelgateBedrockAccess"), WORKSPACE, US_EAST_1);

        assertThat(models).extracting(FoundationModel::modelId)
                .contains("anthropic.claude-3-haiku-20240307-v1:0", SONNET_37, "ai21.jamba-1-5-mini-v1:0")
                .doesNotContain("upstage.solar-pro-v1");
        assertThat(models).filteredOn(m -> m.modelId().equals(SONNET_37)).singleElement()
                .satisfies(m -> assertThat(m.onDemand()).isFalse());
        assertThat(aws.emulator().journal().ofOperation("ListFoundationModels")).singleElement()
                .extracting(RecordedRequest::caller).asString()
                .startsWith("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/");
    }

    @Test
    void foundationModels_inEurope_leaveOutModelsOfferedOnlyInTheUs() {
        assertThat(catalogs.foundationModels(key("ModelgateBedrockAccess"), WORKSPACE, Region.of("eu-central-1")))
                .extracting(FoundationModel::modelId).doesNotContain("ai21.jamba-1-5-mini-v1:0")
                .contains("anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void inferenceProfiles_areTheSystemProfilesOfTheRegion_thenTheTenantsApplicationProfiles() {
        List<InferenceProfile> profiles = catalogs.inferenceProfiles(key("ModelgateBedrockAccess"), WORKSPACE, US_EAST_1);

        assertThat(profiles).filteredOn(p -> p.contains(SONNET_37)).extracting(InferenceProfile::id)
                .containsExactly("us." + SONNET_37);
        assertThat(profiles.getLast().type()).isEqualTo("APPLICATION");
        assertThat(profiles.getLast().arn())
                .isEqualTo("arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb");
        assertThat(profiles).extracting(InferenceProfile::id).noneMatch(id -> id.startsWith("eu."));
    }

    @Test
    void inferenceProfiles_areBoundedByMaxResults() {
        BedrockCatalogs few = BedrockCatalogs.builder().credentials(StsTenantCredentials.builder()
                .stsClients(stsClients).build()).endpointOverride(aws.endpoint()).maxResults(2).build();
        try (few) {
            assertThat(few.inferenceProfiles(key("ModelgateBedrockAccess"), WORKSPACE, US_EAST_1)).hasSize(2);
        }
    }

    @Test
    void inferenceProfile_byId_hasTheModelInEachRegionItRoutesTo() {
        InferenceProfile profile = catalogs.inferenceProfile(key("ModelgateBedrockAccess"), WORKSPACE, US_EAST_1,
                "us.anthropic.claude-3-haiku-20240307-v1:0").orElseThrow();

        assertThat(profile.arn())
                .isEqualTo("arn:aws:bedrock:us-east-1:222222222222:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(profile.modelArns()).containsExactly(
                "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void inferenceProfile_unknown_isEmpty() {
        assertThat(catalogs.inferenceProfile(key("ModelgateBedrockAccess"), WORKSPACE, US_EAST_1,
                "eu.anthropic.claude-3-haiku-20240307-v1:0")).isEmpty();
    }

    @Test
    void inferenceProfiles_byARoleThatMayNotListThem_isAccessDeniedWithAwsMessage() {
        CatalogException e = catchThrowableOfType(CatalogException.class,
                () -> catalogs.inferenceProfiles(key("NoExternalIdRole"), WORKSPACE, US_EAST_1));

        assertThat(e.kind()).isEqualTo(CatalogException.Kind.ACCESS_DENIED);
        assertThat(e.operation()).isEqualTo("ListInferenceProfiles");
        assertThat(e.errorCode()).contains("AccessDeniedException");
        assertThat(e).hasMessage("User: arn:aws:sts::222222222222:assumed-role/NoExternalIdRole/modelgate-" + WORKSPACE
                + " is not authorized to perform: bedrock:ListInferenceProfiles because no identity-based policy "
                + "allows the bedrock:ListInferenceProfiles action");
    }
}
