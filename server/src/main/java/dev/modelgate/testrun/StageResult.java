package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The outcome of one stage of a Test run. Every stage's JSON starts with {@code "stage"}, {@code "outcome"} and
 * {@code "latencyMs"} and ends with {@code "diagnosis"} (null unless the stage failed).
 */
public sealed interface StageResult permits AssumeRoleStage, InvokeStage, MapStage, AnswerStage, StreamStage,
        RouteStage {

    /**
     * The stages, in the order they run; a Converse model's third stage is ANSWER instead of MAP, a template
     * model with a stream mapping has a fourth, STREAM, and a saved model with routing a last, ROUTE, which never
     * fails the Test ({@link RouteStage}).
     */
    enum Stage { ASSUME_ROLE, INVOKE, MAP, ANSWER, STREAM, ROUTE }

    /** How a stage ended. */
    enum Outcome {
        PASSED,
        FAILED,
        /** Not run, because an earlier stage failed. */
        SKIPPED
    }

    @JsonProperty("stage")
    Stage stage();

    Outcome outcome();

    /** Wall-clock time the stage took, in milliseconds; 0 when skipped. */
    long latencyMs();

    /** What went wrong and how to fix it; null unless {@link #outcome()} is FAILED. */
    Diagnosis diagnosis();
}
