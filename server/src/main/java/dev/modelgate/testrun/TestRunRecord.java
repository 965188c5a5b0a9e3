package dev.modelgate.testrun;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded Test run, as stored: the columns to find and list runs by, and the answer as JSON.
 *
 * @param modelId     the saved model tested, or null for a draft
 * @param revision    the revision tested, or null for a draft
 * @param failedStage {@code ASSUME_ROLE}, {@code INVOKE}, {@code MAP}, or null when it passed
 * @param answer      the {@link TestRun} as JSON, at most {@link TestRunRepository#MAX_ANSWER_CHARS} characters
 *                    (bodies cut short and marked when it would be longer)
 */
public record TestRunRecord(String id, String workspaceId, String modelId, Long revision, String modelName,
                            String outcome, String failedStage, String diagnosisCode, long assumeRoleMs,
                            long invokeMs, long mapMs, long latencyMs, String roleArn, String externalId,
                            String stsEndpoint, Instant testedAt, String actor, String answer) {

    public TestRunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        Objects.requireNonNull(testedAt, "testedAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(answer, "answer");
        if (answer.length() > TestRunRepository.MAX_ANSWER_CHARS) {
            throw new IllegalArgumentException("a recorded answer has at most " + TestRunRepository.MAX_ANSWER_CHARS
                    + " characters, got " + answer.length());
        }
    }

    /** Shows what was tested and how it ended, not the answer. */
    @Override
    public String toString() {
        return "TestRunRecord[" + id + ", model " + modelId + "@" + revision + " (" + modelName + "), " + outcome
                + (failedStage == null ? "" : " at " + failedStage + ": " + diagnosisCode) + ", " + testedAt + "]";
    }
}
