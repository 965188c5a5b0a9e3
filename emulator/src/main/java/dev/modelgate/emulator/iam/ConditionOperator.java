package dev.modelgate.emulator.iam;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The condition operators the emulator evaluates. Each may also be written with the
 * {@code IfExists} suffix (except {@code Null}); any other operator is rejected when the policy is
 * loaded rather than silently ignored.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false),
    STRING_NOT_EQUALS("StringNotEquals", true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true),
    STRING_LIKE("StringLike", false),
    STRING_NOT_LIKE("StringNotLike", true),
    BOOL("Bool", false),
    NULL("Null", false);

    /** The operator names as a policy writes them, for error messages. */
    public static final String SUPPORTED = Arrays.stream(values())
            .map(ConditionOperator::policyName)
            .collect(Collectors.joining(", ")) + " (each but Null also with the IfExists suffix)";

    private final String policyName;
    private final boolean negated;

    ConditionOperator(String policyName, boolean negated) {
        this.policyName = policyName;
        this.negated = negated;
    }

    /** The name as written in a policy, e.g. {@code StringEquals}. */
    public String policyName() {
        return policyName;
    }

    /**
     * True for the negated operators, which hold when the key is absent from the request and
     * otherwise when the request's value matches none of the policy's values.
     */
    public boolean negated() {
        return negated;
    }

    /** The operator a policy names, matched exactly as IAM does (case-sensitive); empty if unsupported. */
    public static Optional<ConditionOperator> byPolicyName(String name) {
        return Arrays.stream(values()).filter(op -> op.policyName.equals(name)).findFirst();
    }

    /** Whether one request value matches one policy value under this operator (ignoring negation). */
    boolean matchesOne(String requestValue, String policyValue) {
        return switch (this) {
            case STRING_EQUALS, STRING_NOT_EQUALS -> requestValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE ->
                    requestValue.toLowerCase(Locale.ROOT).equals(policyValue.toLowerCase(Locale.ROOT));
            case STRING_LIKE, STRING_NOT_LIKE -> Wildcard.matches(policyValue, requestValue);
            case BOOL -> requestValue.equalsIgnoreCase(policyValue);
            case NULL -> throw new IllegalStateException("Null is decided by presence, not by value");
        };
    }
}
