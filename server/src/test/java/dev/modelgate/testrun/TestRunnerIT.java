package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.UsageRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.invoke.BedrockClients;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.JdbcModelRepository;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.preset.Presets;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Test runner as plain Java, wired by hand (no Spring) against the emulator's default world and an embedded
 * database: what the API tests cannot configure per test, such as a tiny cap on Bedrock's answers.
 */
class TestRunnerIT {

    private static final ExternalId EXTERNAL_ID = ExternalId.of("mg-demo-workspace-external-id");
    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final JsonMapper json = JsonMapper.builder().build();
    private TestDatabase db;
    private StsClients stsClients;
    private BedrockClients bedrock;
    private BedrockCatalogs catalogs;
    private ExternalModels models;
    private TestRunRepository runs;
    private UsageRepository usage;
    private JdbcUsageRecorder recorder;
    private String workspace;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create(TestDatabase.Engine.H2);
        workspace = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(workspace, "demo", EXTERNAL_ID.value(), Instant.now()));
        stsClients = Tenants.stsClients(aws.endpoint());
        models = new ExternalModels(new JdbcModelRepository(db.jdbc()), json, Clock.systemUTC());
        runs = new TestRunRepository(db.jdbc());
        usage = new UsageRepository(db.jdbc());
        recorder = JdbcUsageRecorder.builder(usage, new SimpleMeterRegistry()).build();
    }

    @AfterEach
    void tearDown() {
        if (catalogs != null) {
            catalogs.close();
        }
        if (bedrock != null) {
            bedrock.close();
        }
        stsClients.close();
        recorder.close();
        db.close();
    }

    private TestRunner runner(long maxResponseBytes) {
        StsTenantCredentials credentials = StsTenantCredentials.builder().stsClients(stsClients).build();
        bedrock = BedrockClients.builder().endpointOverride(aws.endpoint()).maxResponseBytes(maxResponseBytes).build();
        catalogs = BedrockCatalogs.builder().credentials(credentials).endpointOverride(aws.endpoint()).build();
        PlatformIdentity platform = new PlatformIdentity(stsClients, StsEndpoint.regional(Region.of("us-east-1")),
                Duration.ofMinutes(10), Clock.systemUTC());
        return new TestRunner(credentials, new ExternalIdProbe(stsClients), ModelInvoker.create(credentials, bedrock),
                catalogs, platform, models, runs, json, Clock.systemUTC(), recorder);
    }

    private ExternalModels.Saved claude() {
        return models.create(workspace, Presets.builtIn().forFamily("ANTHROPIC_CLAUDE").orElseThrow()
                .draft("haiku", ROLE, null, "us-east-1", HAIKU), "alice");
    }

    @Test
    void run_savedModel_passes_marksItReady_andRecordsTheAnswerAsReturned() {
        ExternalModels.Saved saved = claude();

        TestRun run = runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES).run(new TestSubject(workspace, EXTERNAL_ID,
                "alice", saved.configuration(), saved.stored()), Map.of());

        assertThat(run.outcome()).isEqualTo(TestRun.Outcome.PASSED);
        assertThat(run.model()).isEqualTo(new TestRun.TestedModel(saved.stored().id(), 1, ModelStatus.READY, true, null));
        assertThat(models.get(workspace, saved.stored().id()).stored().status()).isEqualTo(ModelStatus.READY);
        assertThat(runs.latest(workspace, saved.stored().id(), 10)).singleElement().satisfies(record -> {
            assertThat(record.answer()).isEqualTo(json.writeValueAsString(run));
            assertThat(record.actor()).isEqualTo("alice");
            assertThat(record.assumeRoleMs() + record.invokeMs() + record.mapMs()).isLessThanOrEqualTo(record.latencyMs() + 2);
        });
        MapStage.Tokens tokens = run.stage(MapStage.class).tokens();
        assertThat(db.jdbc().sql("SELECT model_id, kind, outcome, input_tokens, output_tokens, token_source, request_id "
                + "FROM usage_records").query().listOfRows()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("MODEL_ID", saved.stored().id()).containsEntry("KIND", "TEST")
                .containsEntry("OUTCOME", "OK").containsEntry("INPUT_TOKENS", tokens.input().mapped())
                .containsEntry("OUTPUT_TOKENS", tokens.output().mapped()).containsEntry("TOKEN_SOURCE", "MAPPING")
                .containsEntry("REQUEST_ID", run.stage(InvokeStage.class).response().headers().get("x-amzn-RequestId")));
    }

    @Test
    void run_answerLargerThanTheCap_isResponseTooLarge() {
        ExternalModels.Saved saved = claude();

        TestRun run = runner(64).run(new TestSubject(workspace, EXTERNAL_ID, "alice", saved.configuration(),
                saved.stored()), Map.of());

        assertThat(run.failedStage()).isEqualTo(StageResult.Stage.INVOKE);
        assertThat(run.diagnosisCode()).isEqualTo("response-too-large");
        assertThat(db.jdbc().sql("SELECT outcome, token_source FROM usage_records").query().listOfRows())
                .singleElement().satisfies(row -> assertThat(row).containsEntry("OUTCOME", "response-too-large")
                        .containsEntry("TOKEN_SOURCE", "NONE"));
        Diagnosis diagnosis = run.stage(InvokeStage.class).diagnosis();
        assertThat(diagnosis.detail()).isEqualTo("Bedrock's answer is larger than this installation accepts: the "
                + "answer is larger than the cap of 64 bytes.");
        assertThat(diagnosis.fixes()).containsExactly("Ask for less: a lower max tokens value.",
                "Or the Modelgate operator raises modelgate.bedrock.max-response-bytes.");
        assertThat(run.model().status()).isEqualTo(ModelStatus.DRAFT);
    }
}
