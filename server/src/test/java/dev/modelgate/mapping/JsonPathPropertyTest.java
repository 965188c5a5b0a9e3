package dev.modelgate.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Properties over random JSON documents (seeded, so failures reproduce): every leaf path and every normalized path
 * is a query selecting exactly its node, however the path is spelled.
 */
class JsonPathPropertyTest {

    private static final int DOCUMENTS = 300;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] KEY_PARTS = {"a", "Z", "_", "9", "-", " ", "'", "\"", "\\", "\n", "\t", "\u0001", "\u001f",
            "\u007f", "é", "☺", "😀", ".", "[", "]", "$", "@", "*", "?", ",", ":", "content", "usage", "input_tokens"};

    @Test
    void leafPaths_eachSelectsExactlyItsLeaf() {
        int checked = 0;
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            JsonNode doc = document(random, 0);
            List<JsonNode> leaves = new ArrayList<>();
            collectLeaves(doc, leaves);

            List<String> paths = OutputMapping.leafPaths(doc, Integer.MAX_VALUE);

            assertThat(paths).as("seed %d", seed).hasSize(leaves.size());
            for (int i = 0; i < paths.size(); i++) {
                List<JsonNode> selected = JsonPath.compile(paths.get(i)).values(doc);
                assertThat(selected).as("seed %d, %s", seed, paths.get(i)).hasSize(1);
                assertThat(selected.getFirst()).as("seed %d, %s", seed, paths.get(i)).isSameAs(leaves.get(i));
            }
            checked += paths.size();
        }
        assertThat(checked).as("leaves checked over all documents").isGreaterThan(DOCUMENTS * 5);
    }

    @Test
    void normalizedPaths_recompileToTheSameNode() {
        int checked = 0;
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            JsonNode doc = document(new SplittableRandom(seed), 0);

            for (JsonPath.Node node : JsonPath.compile("$..*").select(doc)) {
                JsonPath normalized = JsonPath.compile(node.path());
                assertThat(normalized.singular()).isTrue();
                List<JsonPath.Node> again = normalized.select(doc);
                assertThat(again).as("seed %d, %s", seed, node.path()).hasSize(1);
                assertThat(again.getFirst().path()).isEqualTo(node.path());
                assertThat(again.getFirst().value()).isSameAs(node.value());
                checked++;
            }
        }
        assertThat(checked).as("nodes checked over all documents").isGreaterThan(DOCUMENTS * 10);
    }

    @Test
    void anySpellingOfAPath_selectsTheSameNode() {
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            JsonNode doc = document(random, 0);

            for (JsonPath.Node node : JsonPath.compile("$..*").select(doc)) {
                String respelled = respell(node.path(), doc, random);
                List<JsonPath.Node> again = JsonPath.compile(respelled).select(doc);
                assertThat(again).as("seed %d, %s as %s", seed, node.path(), respelled).hasSize(1);
                assertThat(again.getFirst().path()).isEqualTo(node.path());
            }
        }
    }

    @Test
    void values_equalTheValuesOfSelect_forDescendantAndWildcardQueries() {
        for (int seed = 0; seed < DOCUMENTS; seed++) {
            JsonNode doc = document(new SplittableRandom(seed), 0);
            for (String query : List.of("$..*", "$..[*]", "$.*.*", "$..[0]", "$..[-1:0:-1]", "$..[?@ == @]", "$..[?length(@) > 1]")) {
                JsonPath path = JsonPath.compile(query);
                assertThat(path.values(doc)).as("seed %d, %s", seed, query)
                        .containsExactlyElementsOf(path.select(doc).stream().map(JsonPath.Node::value).toList());
            }
        }
    }

    /** The same location written with random choices of shorthand, quotes, escapes, negative indexes and blank space. */
    private static String respell(String normalized, JsonNode doc, SplittableRandom random) {
        StringBuilder out = new StringBuilder("$");
        JsonNode at = doc;
        for (Object step : steps(normalized)) {
            if (random.nextInt(4) == 0) {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
            if (step instanceof Integer index) {
                int written = random.nextBoolean() ? index : index - at.size();
                out.append('[').append(written).append(']');
                at = at.get(index);
            } else {
                String name = (String) step;
                if (Location.isShorthandName(name) && random.nextBoolean()) {
                    out.append('.').append(name);
                } else {
                    out.append('[').append(quoted(name, random)).append(']');
                }
                at = at.get(name);
            }
        }
        return out.toString();
    }

    private static String quoted(String name, SplittableRandom random) {
        char quote = random.nextBoolean() ? '\'' : '"';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == quote || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && random.nextInt(4) == 0) {
                out.append(String.format("\\u%04X\\u%04x", (int) c, (int) name.charAt(++i)));
            } else if (c < 0x20 || (!Character.isSurrogate(c) && random.nextInt(8) == 0)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    /** Parses a normalized path back into names and indexes (the test's own reading of RFC 9535 §2.7). */
    private static List<Object> steps(String normalized) {
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < normalized.length()) {
            i++;
            if (normalized.charAt(i) != '\'') {
                int close = normalized.indexOf(']', i);
                steps.add(Integer.parseInt(normalized.substring(i, close)));
                i = close + 1;
                continue;
            }
            StringBuilder name = new StringBuilder();
            for (i++; normalized.charAt(i) != '\''; i++) {
                char c = normalized.charAt(i);
                if (c == '\\') {
                    char e = normalized.charAt(++i);
                    switch (e) {
                        case 'b' -> name.append('\b');
                        case 'f' -> name.append('\f');
                        case 'n' -> name.append('\n');
                        case 'r' -> name.append('\r');
                        case 't' -> name.append('\t');
                        case 'u' -> {
                            name.append((char) Integer.parseInt(normalized.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> name.append(e);
                    }
                } else {
                    name.append(c);
                }
            }
            steps.add(name.toString());
            i += 2;
        }
        return steps;
    }

    private static JsonNode document(SplittableRandom random, int depth) {
        boolean container = depth == 0 || (depth < 4 && random.nextInt(10) < (depth < 2 ? 7 : 3));
        int kind = container ? random.nextInt(2) : 2 + random.nextInt(4);
        return switch (kind) {
            case 0 -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    object.set(key(random), document(random, depth + 1));
                }
                yield object;
            }
            case 1 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    array.add(document(random, depth + 1));
                }
                yield array;
            }
            case 2 -> NODES.stringNode(key(random));
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(random.nextInt(1000) / 8.0);
            default -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
        };
    }

    private static String key(SplittableRandom random) {
        StringBuilder key = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            key.append(KEY_PARTS[random.nextInt(KEY_PARTS.length)]);
        }
        return key.toString();
    }

    private static void collectLeaves(JsonNode node, List<JsonNode> leaves) {
        if (node.isArray() && !node.isEmpty()) {
            node.forEach(child -> collectLeaves(child, leaves));
        } else if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                collectLeaves(member.getValue(), leaves);
            }
        } else {
            leaves.add(node);
        }
    }
}
