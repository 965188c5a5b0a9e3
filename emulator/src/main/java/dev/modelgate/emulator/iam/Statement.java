package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One statement of a policy document.
 *
 * @param sid        the {@code Sid}, or null
 * @param effect     {@code Allow} or {@code Deny}
 * @param actions    {@code Action} or, negated, {@code NotAction}
 * @param resources  {@code Resource} or, negated, {@code NotResource}; null when the statement has
 *                   neither (trust policies)
 * @param principals {@code Principal} or, negated, {@code NotPrincipal}; null when the statement has
 *                   neither (identity policies)
 * @param conditions the tests of the {@code Condition} block, all of which must hold
 */
public record Statement(String sid, Effect effect, Patterns actions, Patterns resources, Principals principals,
                        List<Condition> conditions) {

    public Statement {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(actions, "actions");
        conditions = List.copyOf(conditions);
    }

    /** A statement's effect. */
    public enum Effect {
        ALLOW("Allow"), DENY("Deny");

        private final String policyName;

        Effect(String policyName) {
            this.policyName = policyName;
        }

        /** The effect as written in a policy. */
        public String policyName() {
            return policyName;
        }
    }

    /**
     * The values of {@code Action}/{@code Resource}, or of {@code NotAction}/{@code NotResource}.
     *
     * @param values  the patterns, at least one; each may use {@code *} and {@code ?} wildcards
     * @param negated true for {@code NotAction}/{@code NotResource}
     */
    public record Patterns(List<String> values, boolean negated) {

        public Patterns {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("patterns must not be empty");
            }
        }

        /** Whether an action is covered; actions match case-insensitively. */
        public boolean coversAction(String action) {
            return negated != values.stream().anyMatch(p -> Wildcard.matchesIgnoreCase(p, action));
        }

        /** Whether a resource ARN is covered; resources match case-sensitively. */
        public boolean coversResource(String resource) {
            return negated != values.stream().anyMatch(p -> Wildcard.matches(p, resource));
        }
    }

    /** Whether this statement applies to an action on a resource under the request context (principal aside). */
    boolean applies(String action, String resource, Map<String, String> lowerCaseContext) {
        return actions.coversAction(action)
                && (resources == null || resource == null || resources.coversResource(resource))
                && conditions.stream().allMatch(c -> c.test(lowerCaseContext));
    }
}
