package dev.modelgate.usage;

import java.time.Instant;

/**
 * What agents' calls served by one revision of a saved model used, all the time recorded: invokes and chat
 * completions, not Tests (a revision's Tests are counted with its Test runs).
 *
 * @param calls        calls the revision served
 * @param failed       of those, calls whose outcome is a failure code
 * @param inputTokens  input tokens summed over the calls that know theirs
 * @param outputTokens output tokens summed likewise
 * @param lastCallAt   when the latest of them was recorded; null when there was none
 */
public record RevisionUsage(long calls, long failed, long inputTokens, long outputTokens, Instant lastCallAt) {

    /** A revision no agent called. */
    public static final RevisionUsage NONE = new RevisionUsage(0, 0, 0, 0, null);

    public RevisionUsage {
        if (calls < 0 || failed < 0 || failed > calls || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("counts must not be negative and failed (" + failed
                    + ") must not exceed calls (" + calls + "), got " + inputTokens + " and " + outputTokens
                    + " tokens");
        }
    }
}
