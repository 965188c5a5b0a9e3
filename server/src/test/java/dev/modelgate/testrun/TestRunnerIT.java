package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditEvent;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.audit.AuditQuery;
import dev.modelgate.audit.JdbcAuditLog;
import dev.modelgate.model.ConnectionListener;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.UsageRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.RoleStanding;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.credentials.Tenants;
import dev.modelgate.credentials.StsTenantCredentials;
import dev.modelgate.db.TestDatabase;
import dev.modelgate.emulator.junit.EmulatorExtension;
import dev.modelgate.invoke.BedrockClients;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.invoke.SteppingClock;
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
    private JdbcAuditLog audit;
    private TransactionTemplate transactions;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create(TestDatabase.Engine.H2);
        workspace = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(workspace, "demo", EXTERNAL_ID.value(), Instant.now()));
        stsClients = Tenants.stsClients(aws.endpoint());
        audit = new JdbcAuditLog(db.jdbc(), json, Clock.systemUTC());
        transactions = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
        models = new ExternalModels(new JdbcModelRepository(db.jdbc()), json, Clock.systemUTC(),
                ConnectionListener.NONE, audit, transactions);
        runs = new TestRunRepository(db.jdbc());
        usage = new UsageRepository(db.dataSource());
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
        return runner(maxResponseBytes, audit);
    }

    private TestRunner runner(long maxResponseBytes, AuditLog auditLog) {
        return runner(maxResponseBytes, auditLog, Clock.systemUTC(), StageBounds.DEFAULT);
    }

    private TestRunner runner(long maxResponseBytes, AuditLog auditLog, Clock clock, StageBounds bounds) {
        StsTenantCredentials credentials = StsTenantCredentials.builder().stsClients(stsClients).build();
        bedrock = BedrockClients.builder().endpointOverride(aws.endpoint()).maxResponseBytes(maxResponseBytes).build();
        catalogs = BedrockCatalogs.builder().credentials(credentials).endpointOverride(aws.endpoint()).build();
        PlatformIdentity platform = new PlatformIdentity(stsClients, StsEndpoint.regional(Region.of("us-east-1")),
                Duration.ofMinutes(10), Clock.systemUTC());
        return new TestRunner(credentials, new ExternalIdProbe(stsClients, (workspaceId, roleArn) -> RoleStanding.APPROVED), ModelInvoker.create(credentials, bedrock),
                catalogs, platform, models, runs, json, clock, recorder, auditLog, transactions, bounds);
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

    @Test
    void run_assumeRolePastItsBound_isStageTimedOut_withoutTheProbe_andTheLaterStagesSkipped() {
        ExternalModels.Saved saved = claude();
        // The runner's clock reads: tested at 0 s, the stage starts at 11 s (bound until 21 s), the role assumed at 22 s.
        TestRunner runner = runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES, audit,
                new SteppingClock(Duration.ofSeconds(11)), new StageBounds(Duration.ofSeconds(10), Duration.ofHours(1)));

        TestRun run = runner.run(new TestSubject(workspace, EXTERNAL_ID, "alice", saved.configuration(),
                saved.stored()), Map.of());

        assertThat(run.failedStage()).isEqualTo(StageResult.Stage.ASSUME_ROLE);
        assertThat(run.diagnosisCode()).isEqualTo("stage-timed-out");
        assertThat(run.stage(AssumeRoleStage.class).diagnosis().detail()).isEqualTo("The ASSUME_ROLE stage took "
                + "longer than its bound of 10000 ms (the External ID probe was not made).");
        assertThat(run.stage(InvokeStage.class).outcome()).isEqualTo(StageResult.Outcome.SKIPPED);
        assertThat(run.stage(MapStage.class).outcome()).isEqualTo(StageResult.Outcome.SKIPPED);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).hasSize(1);
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).isEmpty();
    }

    @Test
    void run_mapPastItsBound_isStageTimedOut_andTheModelIsNotMarkedReady() {
        ExternalModels.Saved saved = claude();
        // Clock reads: 0 s tested, 11 s and 22 s and 33 s role (bound 1 h), 44 s the mapping starts, 55 s it ended.
        TestRunner runner = runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES, audit,
                new SteppingClock(Duration.ofSeconds(11)), new StageBounds(Duration.ofHours(1), Duration.ofSeconds(10)));

        TestRun run = runner.run(new TestSubject(workspace, EXTERNAL_ID, "alice", saved.configuration(),
                saved.stored()), Map.of());

        assertThat(run.stage(AssumeRoleStage.class).outcome()).isEqualTo(StageResult.Outcome.PASSED);
        assertThat(run.stage(InvokeStage.class).outcome()).isEqualTo(StageResult.Outcome.PASSED);
        assertThat(run.failedStage()).isEqualTo(StageResult.Stage.MAP);
        assertThat(run.diagnosisCode()).isEqualTo("stage-timed-out");
        assertThat(run.stage(MapStage.class).diagnosis().detail())
                .isEqualTo("The MAP stage took longer than its bound of 10000 ms.");
        assertThat(run.model().markedReady()).isFalse();
        assertThat(aws.emulator().journal().ofOperation("InvokeModel")).hasSize(1);
    }

    private java.util.List<AuditEvent> tested() {
        return audit.find(new AuditQuery(workspace, AuditAction.MODEL_TESTED, null, null, Instant.EPOCH,
                Instant.now().plusSeconds(60), 0, 100));
    }

    @Test
    void run_savedModel_isAuditedWithItsOutcomeOnly() {
        ExternalModels.Saved saved = claude();

        TestRun run = runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES).run(new TestSubject(workspace, EXTERNAL_ID,
                "alice", saved.configuration(), saved.stored()), Map.of());

        assertThat(tested()).singleElement().satisfies(event -> {
            assertThat(event.actor()).isEqualTo("alice");
            assertThat(event.source()).isNull();
            assertThat(event.resourceType()).isEqualTo("MODEL");
            assertThat(event.resourceId()).isEqualTo(saved.stored().id());
            assertThat(event.resourceName()).isEqualTo("haiku");
            assertThat(event.details()).isEqualTo(json.readTree("""
                    {"testRunId": "%s", "outcome": "PASSED", "failedStage": null, "diagnosisCode": null,
                     "revision": 1, "markedReady": true}""".formatted(run.id())));
        });
    }

    @Test
    void run_failedTest_isAuditedWithItsStageAndDiagnosisCode() {
        ExternalModels.Saved saved = claude();

        TestRun run = runner(64).run(new TestSubject(workspace, EXTERNAL_ID, "alice", saved.configuration(),
                saved.stored()), Map.of());

        assertThat(tested()).singleElement().satisfies(event -> assertThat(event.details()).isEqualTo(json.readTree("""
                {"testRunId": "%s", "outcome": "FAILED", "failedStage": "INVOKE",
                 "diagnosisCode": "response-too-large", "revision": 1, "markedReady": false}""".formatted(run.id()))));
    }

    @Test
    void run_draft_isAuditedAsADraftWithoutAnId() {
        ExternalModels.Saved saved = claude();

        TestRun run = runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES).run(new TestSubject(workspace, EXTERNAL_ID,
                "alice", saved.configuration(), null), Map.of());

        assertThat(tested()).singleElement().satisfies(event -> {
            assertThat(event.resourceType()).isEqualTo("DRAFT");
            assertThat(event.resourceId()).isNull();
            assertThat(event.details().get("revision").isNull()).isTrue();
            assertThat(event.details().get("testRunId").stringValue()).isEqualTo(run.id());
        });
    }

    @Test
    void run_auditFails_recordsNoRun_andMarksNothingReady() {
        ExternalModels.Saved saved = claude();
        AuditLog failing = new AuditLog() {
            @Override
            public AuditEvent append(AuditEntry entry) {
                throw new IllegalStateException("audit storage is down");
            }

            @Override
            public java.util.List<AuditEvent> find(AuditQuery query) {
                return java.util.List.of();
            }

            @Override
            public long count(AuditQuery query) {
                return 0;
            }

            @Override
            public java.util.Optional<AuditEvent> find(String workspaceId, String id) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<AuditEvent> find(String id) {
                return java.util.Optional.empty();
            }
        };

        assertThatThrownBy(() -> runner(BedrockClients.DEFAULT_MAX_RESPONSE_BYTES, failing).run(new TestSubject(
                workspace, EXTERNAL_ID, "alice", saved.configuration(), saved.stored()), Map.of()))
                .hasMessage("audit storage is down");

        assertThat(runs.latest(workspace, saved.stored().id(), 10)).isEmpty();
        assertThat(models.get(workspace, saved.stored().id()).stored().status()).isEqualTo(ModelStatus.DRAFT);
    }
}
