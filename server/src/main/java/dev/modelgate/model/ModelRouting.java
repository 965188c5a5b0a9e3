package dev.modelgate.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A model's routing: the other models of its workspace tried in order when it is throttled or unavailable
 * ({@link #fallbacks}), and the equivalent models its calls are spread over by weight ({@link #balance}). A setting of
 * the model like its inference switch, not part of a revision: changing it needs no new Test. Links are kept by the
 * other model's id and carry its current name (its live revision's name, or its saved name when it has none live),
 * so a renamed model stays linked and a deleted one drops out.
 *
 * @param fallbacks at most {@value #MAX_FALLBACKS} other models, tried in this order; none repeated
 * @param balance   none, or up to {@value #MAX_BALANCE} models (the model itself may be one), each with a weight of 1
 *                  to {@value #MAX_WEIGHT}; none repeated. A balance is set with at least {@value #MIN_BALANCE}; one
 *                  left alone by the deletion of the others is kept (its one model then always goes first)
 */
public record ModelRouting(List<Link> fallbacks, List<Link> balance) {

    /** The most fallbacks a model names: a call is tried on at most 1 + 5 models. */
    public static final int MAX_FALLBACKS = 5;
    /** The fewest models a balance spreads calls over. */
    public static final int MIN_BALANCE = 2;
    /** The most models a balance spreads calls over. */
    public static final int MAX_BALANCE = 5;
    /** The largest weight of a balanced model. */
    public static final int MAX_WEIGHT = 100;

    /** No fallbacks, no balancing. */
    public static final ModelRouting NONE = new ModelRouting(List.of(), List.of());

    /**
     * One linked model.
     *
     * @param modelId the linked model's id
     * @param name    its current name
     * @param weight  its weight in a balance (1 to {@value #MAX_WEIGHT}); 0 for a fallback
     */
    public record Link(String modelId, String name, int weight) {
        public Link {
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(name, "name");
            if (weight < 0 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("weight must be 0 (a fallback) or 1 to " + MAX_WEIGHT + ", got "
                        + weight);
            }
        }
    }

    public ModelRouting {
        fallbacks = List.copyOf(fallbacks);
        balance = List.copyOf(balance);
        if (fallbacks.size() > MAX_FALLBACKS) {
            throw new IllegalArgumentException("at most " + MAX_FALLBACKS + " fallbacks, got " + fallbacks.size());
        }
        if (balance.size() > MAX_BALANCE) {
            throw new IllegalArgumentException("a balance has at most " + MAX_BALANCE + " models, got "
                    + balance.size());
        }
        requireDistinct("fallbacks", fallbacks);
        requireDistinct("balance", balance);
        if (fallbacks.stream().anyMatch(link -> link.weight() != 0)) {
            throw new IllegalArgumentException("a fallback has no weight");
        }
        if (balance.stream().anyMatch(link -> link.weight() < 1)) {
            throw new IllegalArgumentException("each balanced model has a weight of 1 to " + MAX_WEIGHT);
        }
    }

    /** Whether the model has neither fallbacks nor a balance. */
    public boolean isEmpty() {
        return fallbacks.isEmpty() && balance.isEmpty();
    }

    private static void requireDistinct(String name, List<Link> links) {
        Set<String> seen = new HashSet<>();
        for (Link link : links) {
            if (!seen.add(link.modelId())) {
                throw new IllegalArgumentException(name + " names model " + link.modelId() + " twice");
            }
        }
    }
}
