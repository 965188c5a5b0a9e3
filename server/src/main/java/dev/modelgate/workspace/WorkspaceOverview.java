package dev.modelgate.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One workspace as a platform operator drills into it: its counts, models, API keys, members and role registrations.
 * Never a secret: keys by prefix only, accounts without their password hash. Each list holds at most
 * {@link WorkspaceOverviews#MAX_ITEMS} entries (the counts say how many there are).
 *
 * @param registrations how many registrations are in each state ({@code PENDING}, {@code APPROVED}, ...), states
 *                      without any left out
 */
public record WorkspaceOverview(Workspace workspace, WorkspaceCounts counts, List<Model> models, List<Key> keys,
                                List<Member> members, Map<String, Long> registrations,
                                List<Registration> registrationList) {

    /**
     * A model with its agents' calls of the last 30 days.
     *
     * @param liveRevision  the revision agents get; null when none was promoted
     * @param cost          what those calls cost, USD as a decimal string with nine decimals ({@code "0.001250000"})
     * @param unpricedCalls those of the calls without a cost
     */
    public record Model(String id, String name, String status, long revision, Long liveRevision,
                        boolean inferenceEnabled, Instant updatedAt, long calls, long failedCalls, long inputTokens,
                        long outputTokens, String cost, long unpricedCalls) {
    }

    /**
     * An API key by its public prefix.
     *
     * @param state      ACTIVE, EXPIRED or REVOKED
     * @param lastUsedAt the key's latest call; null when it made none
     */
    public record Key(String id, String name, String prefix, String role, String state, Instant createdAt,
                      String createdBy, Instant lastUsedAt) {
    }

    public record Member(String id, String username, String role, Instant createdAt) {
    }

    public record Registration(String id, String roleArn, String state, Instant requestedAt, Instant decidedAt) {
    }
}
