package dev.modelgate.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which usage records to count: one workspace's, in {@code [from, to)}, optionally of one saved model and one kind.
 *
 * @param modelId a saved model's id, or null for every model (and every unsaved draft)
 * @param kind    one {@link UsageKind}, or null for all
 * @param from    inclusive
 * @param to      exclusive; after {@code from}, at most {@link #MAX_RANGE} later
 */
public record UsageQuery(String workspaceId, String modelId, UsageKind kind, Instant from, Instant to) {

    /** The longest range one query may span: a year, leap day included. */
    public static final Duration MAX_RANGE = Duration.ofDays(366);

    public UsageQuery {
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
