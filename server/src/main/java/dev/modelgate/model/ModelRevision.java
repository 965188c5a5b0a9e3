package dev.modelgate.model;

import java.util.Objects;

/**
 * One saved revision of a model: its whole configuration as saved (immutable), what changed from the revision
 * before, its latest Test, and where it stands.
 *
 * @param model       the revision's configuration as a stored model: {@code revision} is this revision's number,
 *                    {@code updatedAt}/{@code updatedBy} when and by whom it was saved; {@code inferenceEnabled} is
 *                    the model's switch now (not part of a revision); {@code liveRevision} is this revision's number
 *                    when it is live, else null
 * @param changesJson the audit's diff from the revision before ({@code {"<field>": {"before", "after"}}}), JSON;
 *                    null for a model's first revision
 * @param testRunId   the latest Test run of this revision, or null when none was run
 * @param testOutcome that run's outcome, {@code PASSED} or {@code FAILED}; null when none was run
 * @param live        whether agents are served this revision now
 * @param draft       whether it is the model's draft (the latest saved revision, not live)
 * @param wasLive     whether it was ever live (now included): a last known good revision
 */
public record ModelRevision(StoredModel model, String changesJson, String testRunId, String testOutcome,
                            boolean live, boolean draft, boolean wasLive) {

    /** The outcome of a Test that passed. */
    public static final String PASSED = "PASSED";

    public ModelRevision {
        Objects.requireNonNull(model, "model");
        if (testOutcome != null && !testOutcome.equals(PASSED) && !testOutcome.equals("FAILED")) {
            throw new IllegalArgumentException("testOutcome must be PASSED, FAILED or null, got " + testOutcome);
        }
    }

    /** The revision's number. */
    public long revision() {
        return model.revision();
    }

    /** Whether its latest Test passed. */
    public boolean passed() {
        return PASSED.equals(testOutcome);
    }
}
