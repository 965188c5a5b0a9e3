package dev.modelgate.config;

import java.time.Duration;

/**
 * The rules the {@code modelgate.*} property records check in their compact constructors. Each failure names the
 * property, the rule and the value, so that a start with a bad setting fails saying which one and why.
 */
final class PropertyRules {

    private PropertyRules() {
    }

    /** {@code value} when above zero. */
    static Duration positive(String property, Duration value) {
        if (set(property, value).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
        return value;
    }

    /** {@code value} when zero or above. */
    static Duration notNegative(String property, Duration value) {
        if (set(property, value).isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative, got " + value);
        }
        return value;
    }

    /** {@code value} when at least {@code min}. */
    static long atLeast(String property, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(property + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code value} when from {@code min} to {@code max}, both included. */
    static long between(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(property + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** {@code value} when it holds more than whitespace. */
    static String notBlank(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank, got \"" + (value == null ? "" : value)
                    + "\"");
        }
        return value;
    }

    private static <T> T set(String property, T value) {
        if (value == null) {
            throw new IllegalArgumentException(property + " must be set, got nothing");
        }
        return value;
    }
}
