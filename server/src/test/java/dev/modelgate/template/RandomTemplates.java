package dev.modelgate.template;

import static dev.modelgate.template.TemplateFixtures.MAPPER;
import static dev.modelgate.template.TemplateFixtures.NODES;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded generators for the property tests: hostile strings, typed values, and templates from a small JSON grammar
 * written together with the JSON tree their rendering must parse to.
 */
public final class RandomTemplates {

    /** The variables every generated template may use: one per type, plus two optional ones. */
    public static final List<PromptVariable> VARIABLES = List.of(
            PromptVariable.required("s", VariableType.STRING),
            PromptVariable.required("n", VariableType.NUMBER),
            PromptVariable.required("i", VariableType.INTEGER),
            PromptVariable.required("b", VariableType.BOOLEAN),
            PromptVariable.required("j.value", VariableType.JSON),
            PromptVariable.optional("o", VariableType.STRING, null),
            PromptVariable.optional("d-int", VariableType.INTEGER, NODES.numberNode(7)));

    private static final String[] HOSTILE = {"a", "Z", " ", "'", "\"", "\\", "/", "{", "}", "{{s}}", "}}", "{{", "{{ n }}",
            "</script>", "\u2028", "\u2029", "\ud800", "\udc00", "😀", "é", "中", "\u0000", "\n", "\r", "\t", "\u001f",
            "\u007f", "\uffff", "\\u0022", "null", ",\"x\":1"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "0.5", "-3.25", "1e-7", "2.5E10", "123456789012",
            "9223372036854775808", "-98765432109876543210", "0.1", "1.7976931348623157E308", "4.9E-324"};
    private static final String[] INTEGERS = {"0", "1", "-1", "512", "2147483648", "-9223372036854775809",
            "123456789012345678901234567890"};
    private static final String[] WHITESPACE = {"", "", " ", "\n", "\t", "\r\n", "  "};

    private final SplittableRandom random;
    private final Map<String, JsonNode> values = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private int placeholders;

    public RandomTemplates(SplittableRandom random) {
        this.random = random;
    }

    static String hostileString(SplittableRandom random, int maxTokens) {
        StringBuilder s = new StringBuilder();
        for (int k = random.nextInt(maxTokens + 1); k > 0; k--) {
            s.append(HOSTILE[random.nextInt(HOSTILE.length)]);
        }
        return s.toString();
    }

    /** Values for every variable; each optional one is left out half the time. */
    Map<String, JsonNode> values() {
        if (values.isEmpty()) {
            values.put("s", NODES.stringNode(hostileString(random, 8)));
            values.put("n", MAPPER.readTree(NUMBERS[random.nextInt(NUMBERS.length)]));
            values.put("i", MAPPER.readTree(INTEGERS[random.nextInt(INTEGERS.length)]));
            values.put("b", NODES.booleanNode(random.nextBoolean()));
            values.put("j.value", jsonValue(0));
            if (random.nextBoolean()) {
                values.put("o", NODES.stringNode(hostileString(random, 4)));
            }
            if (random.nextBoolean()) {
                values.put("d-int", MAPPER.readTree(INTEGERS[random.nextInt(INTEGERS.length)]));
            }
        }
        return values;
    }

    /** Appends a random template value to {@link #text()} and returns the JSON it must render to. */
    public JsonNode template(int depth) {
        values();
        ws();
        JsonNode expected = switch (random.nextInt(depth >= 3 ? 3 : 5)) {
            case 0 -> standalonePlaceholder();
            case 1 -> stringWithPlaceholders();
            case 2 -> scalar();
            case 3 -> object(depth);
            default -> array(depth);
        };
        ws();
        return expected;
    }

    public String text() {
        return text.toString();
    }

    int placeholders() {
        return placeholders;
    }

    /** A raw string as a template string literal: escaped so it holds no quote, control char, lone surrogate or brace pair. */
    static String literal(String raw) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < raw.length(); k++) {
            char c = raw.charAt(k);
            boolean pair = Character.isHighSurrogate(c) && k + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(k + 1));
            if (pair) {
                out.append(c).append(raw.charAt(++k));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || c == '{') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Property names: Jackson refuses an unpaired surrogate in one (values may hold them). */
    private static String withoutLoneSurrogates(String raw) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < raw.length(); k++) {
            char c = raw.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(k + 1))) {
                out.append(c).append(raw.charAt(++k));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private JsonNode standalonePlaceholder() {
        String name = placeholder();
        JsonNode value = values.get(name);
        if (value != null) {
            return value;
        }
        return name.equals("d-int") ? NODES.numberNode(7) : NODES.nullNode();
    }

    private JsonNode stringWithPlaceholders() {
        StringBuilder expected = new StringBuilder();
        text.append('"');
        for (int k = random.nextInt(4); k > 0; k--) {
            if (random.nextInt(3) == 0) {
                String name = placeholder();
                expected.append(inStringText(name));
            } else {
                String raw = hostileString(random, 4);
                text.append(literal(raw));
                expected.append(raw);
            }
        }
        text.append('"');
        return NODES.stringNode(expected.toString());
    }

    private String inStringText(String name) {
        JsonNode value = values.get(name);
        if (value == null) {
            return name.equals("d-int") ? "7" : "";
        }
        return switch (name) {
            case "s", "o" -> value.stringValue();
            case "j.value" -> new String(JsonValues.toJson(value, Integer.MAX_VALUE - 8),
                    java.nio.charset.StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }

    private String placeholder() {
        String name = VARIABLES.get(random.nextInt(VARIABLES.size())).name();
        text.append(switch (random.nextInt(3)) {
            case 0 -> "{{" + name + "}}";
            case 1 -> "{{ " + name + " }}";
            default -> "{{\t" + name + "  }}";
        });
        placeholders++;
        return name;
    }

    private JsonNode scalar() {
        String literal = switch (random.nextInt(4)) {
            case 0 -> "true";
            case 1 -> "false";
            case 2 -> "null";
            default -> NUMBERS[random.nextInt(NUMBERS.length)];
        };
        text.append(literal);
        return MAPPER.readTree(literal);
    }

    private JsonNode object(int depth) {
        ObjectNode expected = NODES.objectNode();
        text.append('{');
        int size = random.nextInt(4);
        for (int k = 0; k < size; k++) {
            if (k > 0) {
                text.append(',');
            }
            String key = "k" + k + withoutLoneSurrogates(hostileString(random, 3));
            ws();
            text.append('"').append(literal(key)).append('"');
            ws();
            text.append(':');
            expected.set(key, template(depth + 1));
        }
        ws();
        text.append('}');
        return expected;
    }

    private JsonNode array(int depth) {
        ArrayNode expected = NODES.arrayNode();
        text.append('[');
        int size = random.nextInt(4);
        for (int k = 0; k < size; k++) {
            if (k > 0) {
                text.append(',');
            }
            expected.add(template(depth + 1));
        }
        ws();
        text.append(']');
        return expected;
    }

    private JsonNode jsonValue(int depth) {
        return switch (random.nextInt(depth >= 2 ? 4 : 6)) {
            case 0 -> NODES.stringNode(hostileString(random, 5));
            case 1 -> MAPPER.readTree(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> {
                ObjectNode object = NODES.objectNode();
                for (int k = random.nextInt(4); k > 0; k--) {
                    object.set(withoutLoneSurrogates(hostileString(random, 3)), jsonValue(depth + 1));
                }
                yield object;
            }
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int k = random.nextInt(4); k > 0; k--) {
                    array.add(jsonValue(depth + 1));
                }
                yield array;
            }
        };
    }

    private void ws() {
        text.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
    }
}
