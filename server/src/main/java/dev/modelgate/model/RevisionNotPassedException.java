package dev.modelgate.model;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/**
 * A promotion refused because the revision's latest Test did not pass, or none ran
 * ({@link ErrorCode#REVISION_NOT_PASSED}).
 */
public final class RevisionNotPassedException extends ModelgateException {

    private final long revision;
    private final String testRunId;

    /**
     * @param testRunId the revision's latest Test run, or null when none ran
     * @param live      the live revision, which agents keep getting, or null when none
     */
    public RevisionNotPassedException(String modelId, long revision, String testRunId, Long live) {
        super(ErrorCode.REVISION_NOT_PASSED, (testRunId == null
                ? "revision " + revision + " cannot be promoted: it has not been tested"
                : "revision " + revision + " cannot be promoted: its latest Test (run " + testRunId + ") failed")
                + "; run POST /api/v1/models/" + modelId + "/test and promote it once a Test passes"
                + (live == null ? "" : " (agents keep getting revision " + live + " meanwhile)"));
        this.revision = revision;
        this.testRunId = testRunId;
    }

    /** The revision refused. */
    public long revision() {
        return revision;
    }

    /** Its latest Test run, or null when none ran. */
    public String testRunId() {
        return testRunId;
    }
}
