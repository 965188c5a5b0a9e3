package dev.modelgate.workspace;

import java.time.Instant;

/**
 * How much a workspace holds and does, as a platform operator sees it.
 *
 * @param models                every saved model
 * @param liveModels            models with a live revision, which agents can call
 * @param activeKeys            API keys neither revoked nor expired
 * @param members               console accounts of the workspace
 * @param callsLast30Days       calls by agents (invoke and chat completions; Tests are not counted) in the last 30 days
 * @param failedCallsLast30Days those of them that did not end {@code OK}
 * @param lastCallAt            the latest call by an agent ever; null when there was none
 */
public record WorkspaceCounts(long models, long liveModels, long activeKeys, long members, long callsLast30Days,
                              long failedCallsLast30Days, Instant lastCallAt) {

    /** A workspace with nothing in it. */
    public static final WorkspaceCounts NONE = new WorkspaceCounts(0, 0, 0, 0, 0, 0, null);
}
