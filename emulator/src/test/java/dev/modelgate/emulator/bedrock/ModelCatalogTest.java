package dev.modelgate.emulator.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in catalogue's invariants, and the loader's refusal of inconsistent catalogues. */
class ModelCatalogTest {

    private static final ModelCatalog CATALOG = ModelCatalog.defaultCatalog();
    private static final String TENANT = "222222222222";

    @Test
    void defaultCatalog_hasAtLeastFourteenListedModels_coveringEveryFamily() {
        List<FoundationModel> listed = CATALOG.foundationModels().stream().filter(m -> !m.marketplace()).toList();

        assertThat(listed).hasSizeGreaterThanOrEqualTo(14);
        Set<ModelFamily> families = EnumSet.noneOf(ModelFamily.class);
        listed.forEach(m -> families.add(m.family()));
        assertThat(families).containsExactlyInAnyOrder(ModelFamily.values());
        assertThat(listed).allSatisfy(m -> {
            assertThat(m.modelName()).hasSizeBetween(1, 20);
            assertThat(m.providerName()).hasSizeBetween(1, 20);
        });
    }

    @Test
    void defaultCatalog_servesTheRequiredRegions_withRegionalDifferences() {
        assertThat(CATALOG.regions()).contains("us-east-1", "us-west-2", "eu-central-1", "eu-west-1",
                "ap-northeast-1", "ap-southeast-2");
        assertThat(ids(CATALOG.listedModels("ap-southeast-2"))).noneMatch(id -> id.startsWith("amazon.titan"));
        assertThat(CATALOG.foundationModel("cohere.command-r-v1:0").orElseThrow().regions())
                .containsExactlyInAnyOrder("us-east-1", "us-west-2");
        assertThat(CATALOG.systemProfiles()).filteredOn(p -> p.modelId().equals("deepseek.r1-v1:0"))
                .extracting(InferenceProfile::id).containsExactly("us.deepseek.r1-v1:0");
        assertThat(ids(CATALOG.listedModels("us-east-1"))).hasSizeGreaterThan(ids(CATALOG.listedModels(
                "eu-central-1")).size());
    }

    @Test
    void defaultCatalog_profileOnlyModels_listInferenceProfileAndNotOnDemand() {
        for (String id : List.of("anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-3-7-sonnet-20250219-v1:0",
                "meta.llama3-3-70b-instruct-v1:0", "deepseek.r1-v1:0")) {
            FoundationModel model = CATALOG.foundationModel(id).orElseThrow();
            assertThat(model.inferenceTypesSupported()).as(id)
                    .containsExactly(FoundationModel.InferenceType.INFERENCE_PROFILE);
            assertThat(model.onDemand()).isFalse();
        }
        assertThat(CATALOG.foundationModel("anthropic.claude-3-haiku-20240307-v1:0").orElseThrow().onDemand()).isTrue();
    }

    @Test
    void defaultCatalog_everyProfilesModel_runsInEveryMemberRegion() {
        for (InferenceProfile profile : CATALOG.systemProfiles()) {
            FoundationModel model = CATALOG.foundationModel(profile.modelId()).orElseThrow();
            Geography geo = CATALOG.geography(profile.geography()).orElseThrow();
            assertThat(model.regions()).as(profile.id()).containsAll(geo.regions());
        }
        assertThat(CATALOG.geography("us").orElseThrow().regions()).containsExactly("us-east-1", "us-east-2",
                "us-west-2");
        assertThat(CATALOG.geographies()).extracting(Geography::prefix).containsExactly("us", "eu", "apac", "global");
    }

    @Test
    void defaultCatalog_titanLiteIsLegacy_andTheMarketplaceModelIsUnlisted() {
        assertThat(CATALOG.foundationModel("amazon.titan-text-lite-v1").orElseThrow().lifecycleStatus())
                .isEqualTo(FoundationModel.LifecycleStatus.LEGACY);
        assertThat(CATALOG.foundationModel("upstage.solar-pro-v1").orElseThrow().marketplace()).isTrue();
        assertThat(ids(CATALOG.listedModels("us-east-1"))).doesNotContain("upstage.solar-pro-v1");
    }

    @Test
    void defaultCatalog_tenantAccount_ownsOneResourceOfEachKind() {
        assertThat(CATALOG.accountResources()).extracting(AccountResource::arn).containsExactly(
                "arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/h7q2m9x4k1zb",
                "arn:aws:bedrock:us-east-1:222222222222:provisioned-model/p3v8n2d6s4qa",
                "arn:aws:bedrock:us-east-1:222222222222:imported-model/i5f9h3k7m1rt",
                "arn:aws:bedrock:us-east-1:222222222222:custom-model-deployment/c2d6e8g4j0lw",
                "arn:aws:sagemaker:us-east-1:222222222222:endpoint/mg-marketplace-mistral-7b");
        assertThat(CATALOG.accountResources()).allSatisfy(r -> assertThat(r.account()).isEqualTo(TENANT));
    }

    @Test
    void inferenceProfiles_systemArnsCarryTheCallersAccount_andOnlyGeosOfTheRegion() {
        List<InferenceProfileSummary> seen = CATALOG.inferenceProfiles("us-east-1", "333333333333");

        assertThat(seen).extracting(InferenceProfileSummary::inferenceProfileId)
                .contains("us.anthropic.claude-3-haiku-20240307-v1:0", "global.anthropic.claude-sonnet-4-20250514-v1:0")
                .noneMatch(id -> id.startsWith("eu.") || id.startsWith("apac."));
        assertThat(seen).allSatisfy(s -> assertThat(s.inferenceProfileArn())
                .startsWith("arn:aws:bedrock:us-east-1:333333333333:inference-profile/"));
        assertThat(seen).noneMatch(s -> s.type() == InferenceProfileSummary.Type.APPLICATION);
    }

    @Test
    void inferenceProfiles_listModelArnsOfTheMemberRegions_andGlobalTheRegionlessOne() {
        List<InferenceProfileSummary> seen = CATALOG.inferenceProfiles("eu-west-1", TENANT);
        InferenceProfileSummary eu = find(seen, "eu.anthropic.claude-3-haiku-20240307-v1:0");
        InferenceProfileSummary global = find(seen, "global.anthropic.claude-sonnet-4-20250514-v1:0");

        assertThat(eu.modelArns()).containsExactly(
                "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
                "arn:aws:bedrock:eu-north-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(global.modelArns()).containsExactly(
                "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
                "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(CATALOG.inferenceProfiles("ap-southeast-2", TENANT)).allSatisfy(
                s -> assertThat(s.modelArns()).hasSizeBetween(1, 5));
    }

    @Test
    void inferenceProfiles_applicationProfile_isSeenOnlyByItsAccountInItsRegion() {
        assertThat(CATALOG.inferenceProfiles("us-east-1", TENANT)).filteredOn(
                s -> s.type() == InferenceProfileSummary.Type.APPLICATION).singleElement().satisfies(s -> {
                    assertThat(s.inferenceProfileId()).isEqualTo("h7q2m9x4k1zb");
                    assertThat(s.modelArns()).containsExactly(
                            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
                });
        assertThat(CATALOG.inferenceProfiles("us-west-2", TENANT))
                .noneMatch(s -> s.type() == InferenceProfileSummary.Type.APPLICATION);
    }

    @Test
    void load_profileRoutingWhereItsModelDoesNotRun_isRefused() {
        String yaml = """
                geographies: [{prefix: us, label: US, regions: [us-east-1, us-west-2]}]
                models:
                  - {modelId: meta.llama3-8b-instruct-v1:0, modelName: Llama, providerName: Meta, family: META_LLAMA,
                     inputModalities: [TEXT], outputModalities: [TEXT], responseStreamingSupported: true,
                     customizationsSupported: [], inferenceTypesSupported: [ON_DEMAND], lifecycleStatus: ACTIVE,
                     regions: [us-east-1]}
                profiles:
                  - {geography: us, modelId: meta.llama3-8b-instruct-v1:0, name: US Llama, description: d,
                     createdAt: "2024-01-01T00:00:00Z", updatedAt: "2024-01-01T00:00:00Z"}
                """;
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "inference profile us.meta.llama3-8b-instruct-v1:0 routes to us-west-2 where"
                        + " meta.llama3-8b-instruct-v1:0 does not run");
    }

    @Test
    void load_modelNameOverTwentyCharacters_isRefusedWithItsPosition() {
        String yaml = """
                models:
                  - {modelId: a.b-v1, modelName: A name far too long for it, providerName: P, family: MISTRAL,
                     inputModalities: [TEXT], outputModalities: [TEXT], responseStreamingSupported: true,
                     customizationsSupported: [], inferenceTypesSupported: [ON_DEMAND], lifecycleStatus: ACTIVE,
                     regions: [us-east-1]}
                """;
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "Bedrock catalogue models[0] is invalid: model a.b-v1 modelName must be 1..20 characters, got"
                        + " \"A name far too long for it\"");
    }

    @Test
    void load_missingKeyOrUnknownSection_isRefused() {
        assertThatThrownBy(() -> load("models: [{modelId: a.b-v1}]"))
                .hasMessage("Bedrock catalogue models[0] lacks modelName");
        assertThatThrownBy(() -> load("widgets: []"))
                .hasMessageStartingWith("Bedrock catalogue has an unknown section \"widgets\"");
    }

    private static ModelCatalog load(String yaml) {
        return ModelCatalog.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> ids(List<FoundationModel> models) {
        return models.stream().map(FoundationModel::modelId).toList();
    }

    private static InferenceProfileSummary find(List<InferenceProfileSummary> all, String id) {
        return all.stream().filter(s -> s.inferenceProfileId().equals(id)).findFirst().orElseThrow();
    }
}
