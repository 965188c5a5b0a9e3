package dev.modelgate.connection;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The external ID Modelgate passes to {@code sts:AssumeRole} for one workspace, which the tenant's trust policy
 * requires ({@code "Condition": {"StringEquals": {"sts:ExternalId": "mg-…"}}}). It is what keeps another Modelgate
 * tenant from registering the same role ARN (the confused-deputy problem), so Modelgate generates it and the tenant
 * cannot choose it. It is not a secret: the tenant pastes it into a policy, so {@link #toString()} shows it.
 *
 * @param value 2 to 1224 characters of {@code [\w+=,.@:/-]}, STS's own constraint
 */
public record ExternalId(String value) {

    /** Shortest external ID STS accepts (AssumeRole {@code externalIdType}). */
    public static final int MIN_LENGTH = 2;
    /** Longest external ID STS accepts. */
    public static final int MAX_LENGTH = 1224;

    private static final String PREFIX = "mg-";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int RANDOM_CHARACTERS = 32;

    /**
     * Checks {@code value} against STS's constraint.
     *
     * @throws InvalidInputException (field {@code externalId}) when {@code value} breaks it
     */
    public ExternalId {
        List<Violation> violations = validate(value);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /**
     * A fresh external ID: {@code mg-} and 32 lowercase base32 characters, 160 random bits from {@code random}.
     */
    public static ExternalId generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        StringBuilder value = new StringBuilder(PREFIX.length() + RANDOM_CHARACTERS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            value.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return new ExternalId(value.toString());
    }

    /**
     * An external ID read back from storage or typed by an operator.
     *
     * @throws InvalidInputException (field {@code externalId}; rules {@code blank}, {@code too-short},
     *                               {@code too-long}, {@code whitespace}, {@code invalid-character})
     */
    public static ExternalId of(String value) {
        return new ExternalId(value);
    }

    /** Every rule {@code value} breaks as an external ID; empty when it is one. */
    public static List<Violation> validate(String value) {
        if (value == null || value.isEmpty()) {
            return List.of(Violation.of("externalId", "blank", "external ID must not be blank"));
        }
        List<Violation> violations = new ArrayList<>();
        if (value.length() < MIN_LENGTH) {
            violations.add(Violation.of("externalId", "too-short", "external ID must have at least " + MIN_LENGTH
                    + " characters, got " + Quoted.of(value)));
        }
        if (value.length() > MAX_LENGTH) {
            violations.add(Violation.of("externalId", "too-long", "external ID must have at most " + MAX_LENGTH
                    + " characters, got " + value.length()));
        }
        String whitespace = Quoted.whitespace(value);
        if (whitespace != null) {
            violations.add(Violation.of("externalId", "whitespace", "external ID must not contain whitespace (found "
                    + whitespace + "), got " + Quoted.of(value)));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!allowed(c) && !Quoted.isWhitespace(c)) {
                violations.add(Violation.of("externalId", "invalid-character", "external ID may contain only letters, "
                        + "digits and _+=,.@:/-, got " + Quoted.character(value, i) + " at index " + i + " in "
                        + Quoted.of(value)));
                break;
            }
        }
        return violations;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_+=,.@:/-".indexOf(c) >= 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
