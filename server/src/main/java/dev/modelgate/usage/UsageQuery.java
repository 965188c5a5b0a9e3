package dev.modelgate.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which usage records to count: one workspace's, in {@code [from, to)}, optionally of one saved model (and one of
 * its revisions) and one kind.
 *
 * @param modelId  a saved model's id, or null for every model (and every unsaved draft)
 * @param kind     one {@link UsageKind}, or null for all
 * @param from     inclusive
 * @param to       exclusive; after {@code from}, at most {@link #MAX_RANGE} later
 * @param revision one revision of the model {@code modelId} names, or null for all; only with a {@code modelId}
 */
public record UsageQuery(String workspaceId, String modelId, UsageKind kind, Instant from, Instant to, Long revision) {

    /** The longest range one query may span: a year, leap day included. */
    public static final Duration MAX_RANGE = Duration.ofDays(366);

    /** Of every revision. */
    public UsageQuery(String workspaceId, String modelId, UsageKind kind, Instant from, Instant to) {
        this(workspaceId, modelId, kind, from, to, null);
    }

    public UsageQuery {
        if (revision != null && (modelId == null || revision < 1)) {
            throw new IllegalArgumentException("a revision (at least 1) needs a model id, got revision " + revision
                    + " of model " + modelId);
        }
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got from=" + from + " and to=" + to);
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the range must span at most " + MAX_RANGE.toDays() + " days, got from="
                    + from + " and to=" + to);
        }
    }
}
