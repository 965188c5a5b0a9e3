package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.modelgate.model.ModelStatus;
import dev.modelgate.testrun.StageResult.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The answer of a Test run: each stage in order, with its latency and, for the first that failed, a diagnosis. A
 * Test that ran but failed is a result like one that passed, not an error. Holds no secret: no access key, secret
 * access key or session token appears in it anywhere.
 *
 * <p>JSON (stable; clients switch on {@code outcome}, {@code failedStage} and {@code diagnosisCode}):
 * <pre>{@code
 * {"id", "outcome": "PASSED"|"FAILED", "failedStage": null|"ASSUME_ROLE"|"INVOKE"|"MAP",
 *  "diagnosisCode": null|"<the failed stage's diagnosis code>", "modelName",
 *  "model": null (a draft) | {"id", "revision", "status", "markedReady", "note"},
 *  "testedAt", "latencyMs", "stages": [<AssumeRoleStage>, <InvokeStage>, <MapStage>]}
 * }</pre>
 * Usage can be computed from it: the tokens in the MAP stage, the latencies, the outcome and diagnosis code.
 *
 * @param id            the run's ID (a UUID), as recorded
 * @param outcome       PASSED when every stage passed
 * @param failedStage   the stage that failed, or null
 * @param diagnosisCode that stage's {@link Diagnosis#code()}, or null
 * @param modelName     the tested configuration's name
 * @param model         the saved model tested, or null for an unsaved draft
 * @param testedAt      when the run started
 * @param latencyMs     the whole run, in milliseconds
 * @param stages        ASSUME_ROLE, INVOKE, MAP, in that order; the stages after a failed one are SKIPPED
 */
@JsonPropertyOrder({"id", "outcome", "failedStage", "diagnosisCode", "modelName", "model", "testedAt", "latencyMs",
        "stages"})
public record TestRun(String id, Outcome outcome, Stage failedStage, String diagnosisCode, String modelName,
                      TestedModel model, Instant testedAt, long latencyMs, List<StageResult> stages) {

    /** How a Test run ended. */
    public enum Outcome { PASSED, FAILED }

    public TestRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(testedAt, "testedAt");
        stages = List.copyOf(stages);
    }

    /** The stage of a kind. */
    public <S extends StageResult> S stage(Class<S> type) {
        return stages.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    /**
     * The saved model a run tested.
     *
     * @param id          the model's ID
     * @param revision    the revision tested
     * @param status      that revision's status after the run: READY when it is live (this run made it live, or it
     *                    already was), else DRAFT
     * @param markedReady whether this run made the revision live (promoted it)
     * @param note        why a passed run did not make it live (not asked to: promote it; or the model changed
     *                    meanwhile), else null
     */
    public record TestedModel(String id, long revision, ModelStatus status, boolean markedReady, String note) {
    }
}
