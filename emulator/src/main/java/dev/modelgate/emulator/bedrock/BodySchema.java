package dev.modelgate.emulator.bedrock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON-schema validator that words its violations the way Bedrock's model-body validator does (the everit
 * JSON-schema library over org.json), e.g. {@code #: required key [max_tokens] not found},
 * {@code #/max_tokens: expected type: Integer, found: String}, {@code #: extraneous key [foo] is not permitted},
 * {@code #/temperature: 1.5 is not less or equal to 1}, {@code #/messages/0/role: system is not a valid enum value},
 * {@code #/messages: expected minimum item count: 1, found: 0}.
 *
 * <p>An object reports its missing required keys (declared order), then its extraneous keys (request order), then
 * the violations inside its properties (declared order). {@code anyOf} reports the violations of every alternative.
 */
interface BodySchema {

    /** Appends the violations of {@code node} at JSON pointer {@code at} (e.g. {@code #/messages/0}). */
    void validate(JsonNode node, String at, List<String> violations);

    /** The violations of a whole body, empty when it is valid. */
    default List<String> violations(JsonNode body) {
        List<String> violations = new ArrayList<>();
        validate(body, "#", violations);
        return violations;
    }

    static ObjectSchema object() {
        return new ObjectSchema();
    }

    static BodySchema string() {
        return new StringSchema(Set.of());
    }

    static BodySchema oneOfStrings(String... values) {
        return new StringSchema(new LinkedHashSet<>(List.of(values)));
    }

    static BodySchema integer(Number min, Number max) {
        return new NumberSchema(true, decimal(min), decimal(max));
    }

    static BodySchema number(Number min, Number max) {
        return new NumberSchema(false, decimal(min), decimal(max));
    }

    static BodySchema bool() {
        return (node, at, violations) -> typeMismatch(node, node.isBoolean(), "Boolean", at, violations);
    }

    static BodySchema array(BodySchema items, int minItems, int maxItems) {
        return new ArraySchema(items, minItems, maxItems);
    }

    static BodySchema array(BodySchema items) {
        return new ArraySchema(items, 0, Integer.MAX_VALUE);
    }

    static BodySchema anyOf(BodySchema... alternatives) {
        return new AnyOfSchema(List.of(alternatives));
    }

    /** Any JSON value. */
    static BodySchema anything() {
        return (node, at, violations) -> { };
    }

    static BigDecimal decimal(Number n) {
        return n == null ? null : new BigDecimal(n.toString());
    }

    /**
     * The class name org.json gives a value, which everit prints after "found:". Decimals are {@code BigDecimal}
     * (org.json since 2022 parses them so; older versions said {@code Double}).
     */
    static String typeName(JsonNode node) {
        if (node.isString()) {
            return "String";
        } else if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? "Integer" : node.canConvertToLong() ? "Long" : "BigInteger";
        } else if (node.isNumber()) {
            return "BigDecimal";
        } else if (node.isBoolean()) {
            return "Boolean";
        } else if (node.isArray()) {
            return "JSONArray";
        } else if (node.isObject()) {
            return "JSONObject";
        }
        return "Null";
    }

    /** Reports a type violation unless {@code ok}; returns whether it did. */
    static boolean typeMismatch(JsonNode node, boolean ok, String expected, String at, List<String> out) {
        if (!ok) {
            out.add(at + ": expected type: " + expected + ", found: " + typeName(node));
        }
        return !ok;
    }

    /**
     * A JSON object with required keys, typed properties and, when closed, no other keys. Built once, in a static
     * initializer, through {@link #required}, {@link #property} and {@link #closed}; immutable in use.
     */
    final class ObjectSchema implements BodySchema {
        private final Map<String, BodySchema> properties = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();
        private boolean closed;

        ObjectSchema required(String... names) {
            required.addAll(List.of(names));
            return this;
        }

        ObjectSchema property(String name, BodySchema schema) {
            properties.put(name, schema);
            return this;
        }

        /** Rejects keys that are not declared properties. */
        ObjectSchema closed() {
            closed = true;
            return this;
        }

        @Override
        public void validate(JsonNode node, String at, List<String> out) {
            if (typeMismatch(node, node.isObject(), "JSONObject", at, out)) {
                return;
            }
            for (String name : required) {
                if (!node.has(name)) {
                    out.add(at + ": required key [" + name + "] not found");
                }
            }
            if (closed) {
                for (String name : node.propertyNames()) {
                    if (!properties.containsKey(name)) {
                        out.add(at + ": extraneous key [" + name + "] is not permitted");
                    }
                }
            }
            properties.forEach((name, schema) -> {
                JsonNode value = node.get(name);
                if (value != null) {
                    schema.validate(value, at + "/" + name, out);
                }
            });
        }
    }

    /** A string, optionally restricted to an enum. */
    record StringSchema(Set<String> allowed) implements BodySchema {
        @Override
        public void validate(JsonNode node, String at, List<String> out) {
            if (!typeMismatch(node, node.isString(), "String", at, out)
                    && !allowed.isEmpty() && !allowed.contains(node.stringValue())) {
                out.add(at + ": " + node.stringValue() + " is not a valid enum value");
            }
        }
    }

    /** A number (or an integer) within inclusive bounds; a null bound is open. */
    record NumberSchema(boolean integral, BigDecimal min, BigDecimal max) implements BodySchema {
        @Override
        public void validate(JsonNode node, String at, List<String> out) {
            boolean ok = integral ? node.isIntegralNumber() : node.isNumber();
            if (typeMismatch(node, ok, integral ? "Integer" : "Number", at, out)) {
                return;
            }
            BigDecimal value = node.decimalValue();
            String shown = node.isIntegralNumber() ? node.bigIntegerValue().toString() : value.toString();
            if (min != null && value.compareTo(min) < 0) {
                out.add(at + ": " + shown + " is not greater or equal to " + min.toPlainString());
            }
            if (max != null && value.compareTo(max) > 0) {
                out.add(at + ": " + shown + " is not less or equal to " + max.toPlainString());
            }
        }
    }

    /** An array of items with bounds on its length. */
    record ArraySchema(BodySchema items, int minItems, int maxItems) implements BodySchema {
        @Override
        public void validate(JsonNode node, String at, List<String> out) {
            if (typeMismatch(node, node.isArray(), "JSONArray", at, out)) {
                return;
            }
            if (node.size() < minItems) {
                out.add(at + ": expected minimum item count: " + minItems + ", found: " + node.size());
            }
            if (node.size() > maxItems) {
                out.add(at + ": expected maximum item count: " + maxItems + ", found: " + node.size());
            }
            for (int i = 0; i < node.size(); i++) {
                items.validate(node.get(i), at + "/" + i, out);
            }
        }
    }

    /** Valid when one alternative is; otherwise every alternative's violations are reported. */
    record AnyOfSchema(List<BodySchema> alternatives) implements BodySchema {
        @Override
        public void validate(JsonNode node, String at, List<String> out) {
            List<String> all = new ArrayList<>();
            for (BodySchema alternative : alternatives) {
                List<String> mine = new ArrayList<>();
                alternative.validate(node, at, mine);
                if (mine.isEmpty()) {
                    return;
                }
                all.addAll(mine);
            }
            out.addAll(all);
        }
    }
}
