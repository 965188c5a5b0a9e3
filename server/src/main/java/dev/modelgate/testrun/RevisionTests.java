package dev.modelgate.testrun;

/**
 * How the Tests of one revision of a saved model went, every run recorded.
 *
 * @param runs   Test runs of the revision
 * @param passed of those, runs that passed
 */
public record RevisionTests(long runs, long passed) {

    /** A revision never tested. */
    public static final RevisionTests NONE = new RevisionTests(0, 0);

    public RevisionTests {
        if (runs < 0 || passed < 0 || passed > runs) {
            throw new IllegalArgumentException("runs and passed must not be negative and passed (" + passed
                    + ") must not exceed runs (" + runs + ")");
        }
    }
}
