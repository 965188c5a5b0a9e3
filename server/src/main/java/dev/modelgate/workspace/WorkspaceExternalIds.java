package dev.modelgate.workspace;

import java.time.Instant;
import java.util.Objects;

/**
 * A workspace's External IDs.
 *
 * @param workspaceId       the workspace
 * @param current           what Modelgate sends as {@code ExternalId} now
 * @param pending           what it will send once the rotation in progress is confirmed; null when none is
 * @param rotationStartedAt when that rotation started; null when none is in progress
 */
public record WorkspaceExternalIds(String workspaceId, String current, String pending, Instant rotationStartedAt) {

    public WorkspaceExternalIds {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(current, "current");
        if ((pending == null) != (rotationStartedAt == null)) {
            throw new IllegalArgumentException("a pending External ID and its start time come together, got "
                    + pending + " and " + rotationStartedAt);
        }
    }

    /** Whether a rotation is in progress. */
    public boolean rotating() {
        return pending != null;
    }
}
