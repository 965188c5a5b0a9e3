package dev.modelgate.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataIntegrityViolationException;

/** The record of Test runs on the embedded H2 and on the real PostgreSQL server. */
class TestRunRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String STS = "https://sts.us-east-1.amazonaws.com";

    private static String workspace(TestDatabase db, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, name, "mg-" + name, T0));
        return id;
    }

    private static TestRunRecord run(String workspace, String model, Long revision, String outcome, String failedStage,
                                     Instant at, String answer) {
        return new TestRunRecord(UUID.randomUUID().toString(), workspace, model, revision, "haiku", outcome,
                failedStage, failedStage == null ? null : "throttled", 41, 112, 3, 160, ROLE, "mg-acme", STS, at,
                "local-user", answer);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertThenLatest_returnsEveryColumnVerbatim_newestFirst(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String acme = workspace(db, "acme");
            TestRunRecord older = run(acme, "m-1", 1L, "FAILED", "INVOKE", T0, "{\"outcome\": \"FAILED\"}");
            TestRunRecord newer = run(acme, "m-1", 2L, "PASSED", null, T0.plusSeconds(5), "{\"text\": \"ü 漢字 \\\"q\\\"\"}");
            runs.insert(older);
            runs.insert(newer);
            runs.insert(run(acme, "m-2", 1L, "PASSED", null, T0.plusSeconds(9), "{}"));
            runs.insert(run(acme, null, null, "PASSED", null, T0.plusSeconds(9), "{}"));

            assertThat(runs.latest(acme, "m-1", 10)).containsExactly(newer, older);
            assertThat(runs.latest(acme, "m-1", 1)).containsExactly(newer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void byRevision_countsEachListedRevisionsRunsAndPasses_ofThatModelAndWorkspaceOnly(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String acme = workspace(db, "acme");
            TestRunRecord failed = run(acme, "m-1", 2L, "FAILED", "MAP", T0, "{}");
            TestRunRecord passed = run(acme, "m-1", 2L, "PASSED", null, T0.plusSeconds(1), "{}");
            runs.insert(run(acme, "m-1", 1L, "PASSED", null, T0, "{}"));
            runs.insert(failed);
            runs.insert(passed);
            runs.insert(run(acme, "m-1", 3L, "FAILED", "INVOKE", T0, "{}"));
            runs.insert(run(acme, "m-2", 2L, "PASSED", null, T0, "{}"));
            runs.insert(run(workspace(db, "globex"), "m-1", 2L, "PASSED", null, T0, "{}"));

            assertThat(runs.byRevision(acme, "m-1", List.of(1L, 2L, 4L))).isEqualTo(Map.of(
                    1L, new RevisionTests(1, 1), 2L, new RevisionTests(2, 1)));
            assertThat(runs.byRevision(acme, "m-1", List.of())).isEmpty();
            assertThat(runs.latest(acme, "m-1", 2L, 10)).containsExactly(passed, failed);
            assertThat(runs.latest(acme, "m-1", 2L, 1)).containsExactly(passed);
            assertThat(runs.latest(acme, "m-1", 4L, 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void latest_ofAnotherWorkspacesModel_isEmpty(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            runs.insert(run(workspace(db, "acme"), "m-1", 1L, "PASSED", null, T0, "{}"));

            assertThat(runs.latest(workspace(db, "globex"), "m-1", 10)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lastAssumed_isTheLatestRunWhoseAssumeRoleStagePassed_withTheSameConnection(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String acme = workspace(db, "acme");
            assertThat(runs.lastAssumed(acme, ROLE, "mg-acme", STS)).isEmpty();
            runs.insert(run(acme, "m-1", 1L, "PASSED", null, T0, "{}"));
            runs.insert(run(acme, null, null, "FAILED", "MAP", T0.plusSeconds(60), "{}"));
            runs.insert(run(acme, "m-1", 1L, "FAILED", "ASSUME_ROLE", T0.plusSeconds(120), "{}"));

            assertThat(runs.lastAssumed(acme, ROLE, "mg-acme", STS)).contains(T0.plusSeconds(60));
            assertThat(runs.lastAssumed(acme, ROLE, "mg-other", STS)).isEmpty();
            assertThat(runs.lastAssumed(acme, ROLE, "mg-acme", "https://sts.eu-west-1.amazonaws.com")).isEmpty();
            assertThat(runs.lastAssumed(workspace(db, "globex"), ROLE, "mg-acme", STS)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void answerOfTheLargestSize_isKept_andRunsOfDeletedModelsToo(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String acme = workspace(db, "acme");
            String answer = "\"" + "x".repeat(TestRunRepository.MAX_ANSWER_CHARS - 2) + "\"";
            TestRunRecord large = run(acme, "a-model-that-no-longer-exists", 7L, "PASSED", null, T0, answer);

            runs.insert(large);

            assertThat(runs.latest(acme, "a-model-that-no-longer-exists", 1)).containsExactly(large);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyStage_mayBeTheFailedOne_andNoOther(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String acme = workspace(db, "acme");

            for (StageResult.Stage stage : StageResult.Stage.values()) {
                if (stage != StageResult.Stage.ROUTE) { // never the failed stage: its links fail, not the Test
                    runs.insert(run(acme, "m", 1L, "FAILED", stage.name(), T0, "{}"));
                }
            }

            assertThat(runs.latest(acme, "m", 10)).extracting(TestRunRecord::failedStage)
                    .containsExactlyInAnyOrder("ASSUME_ROLE", "INVOKE", "MAP", "STREAM", "ANSWER");
            assertThatThrownBy(() -> runs.insert(run(acme, "m", 1L, "FAILED", "ELSEWHERE", T0, "{}")))
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> runs.insert(run(acme, "m", 1L, "FAILED", "ROUTE", T0, "{}")))
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insert_anUnknownOutcome_isRefusedByTheSchema(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            TestRunRepository runs = new TestRunRepository(db.jdbc());

            assertThatThrownBy(() -> runs.insert(run(workspace(db, "acme"), "m", 1L, "MAYBE", null, T0, "{}")))
                    .isInstanceOf(DataIntegrityViolationException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void runsRecordedBeforeTheCodesWereShared_readWithTheCodesTheApiAnswers(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine, "7")) {
            String acme = workspace(db, "acme");
            TestRunRepository runs = new TestRunRepository(db.jdbc());
            String[][] renamed = {{"timed-out", "timeout"}, {"expired-credentials", "session-expired"},
                    {"malformed-request", "bedrock-validation"}, {"model-not-ready", "model-not-ready-at-bedrock"},
                    {"mapping-failed", "output-mapping-failed"}, {"throttled", "throttled"}};
            for (int i = 0; i < renamed.length; i++) {
                runs.insert(new TestRunRecord("run-" + i, acme, "m-" + i, 1L, "haiku", "FAILED", "INVOKE",
                        renamed[i][0], 41, 112, 3, 160, ROLE, "mg-acme", STS, T0, "local-user",
                        recordedAnswer(renamed[i][0])));
            }

            db.migrate();

            for (int i = 0; i < renamed.length; i++) {
                String now = renamed[i][1];
                assertThat(runs.latest(acme, "m-" + i, 1)).singleElement().satisfies(run -> {
                    assertThat(run.diagnosisCode()).isEqualTo(now);
                    assertThat(run.answer()).isEqualTo(recordedAnswer(now));
                });
            }
        }
    }

    /** A failed run's answer as the API writes it (compact), naming {@code code} twice; its title stays as it was. */
    private static String recordedAnswer(String code) {
        return "{\"outcome\":\"FAILED\",\"diagnosisCode\":\"" + code + "\",\"stages\":[{\"diagnosis\":{\"code\":\""
                + code + "\",\"title\":\"timed-out\"}}]}";
    }
}
