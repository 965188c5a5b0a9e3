package dev.modelgate.emulator.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code operator: {key: values}} test of a statement's {@code Condition} block. Several values
 * for one key are alternatives (any may match); for negated operators none may match.
 *
 * @param operator the operator without its {@code IfExists} suffix
 * @param ifExists whether the {@code IfExists} suffix was given: an absent key then satisfies the test
 * @param key      the condition key, e.g. {@code sts:ExternalId}; matched case-insensitively
 * @param values   the policy's values, at least one
 */
public record Condition(ConditionOperator operator, boolean ifExists, String key, List<String> values) {

    public Condition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("condition on " + key + " must have at least one value");
        }
        if (operator == ConditionOperator.NULL && ifExists) {
            throw new IllegalArgumentException("NullIfExists is not an operator");
        }
    }

    /**
     * Whether the request satisfies this test.
     *
     * @param context the request's context keys, lower-cased, with their values
     */
    boolean test(Map<String, String> context) {
        String value = context.get(key.toLowerCase(Locale.ROOT));
        if (operator == ConditionOperator.NULL) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == (value == null));
        }
        if (value == null) {
            return ifExists || operator.negated();
        }
        boolean anyMatches = values.stream().anyMatch(v -> operator.matchesOne(value, v));
        return operator.negated() != anyMatches;
    }

    /** The operator as a policy writes it, e.g. {@code StringEqualsIfExists}. */
    public String operatorName() {
        return operator.policyName() + (ifExists ? "IfExists" : "");
    }
}
