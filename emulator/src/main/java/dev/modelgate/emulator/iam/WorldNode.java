package dev.modelgate.emulator.iam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A node of the world file together with its path, reading values with errors that name the path. */
record WorldNode(JsonNode node, String path) {

    static WorldNode object(JsonNode node, String path, String... keys) {
        return new WorldNode(node, path).asObject(keys);
    }

    WorldNode asObject(String... keys) {
        if (!node.isObject()) {
            throw new InvalidWorldException(path, "must be a map with keys " + String.join(", ", keys)
                    + ", got " + PolicyParser.describe(node));
        }
        List<String> allowed = Arrays.asList(keys);
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new InvalidWorldException(path,
                        "has unknown key \"" + key + "\"; allowed: " + String.join(", ", keys));
            }
        }
        return this;
    }

    Optional<WorldNode> child(String key) {
        JsonNode child = node.get(key);
        return child == null || child.isNull()
                ? Optional.empty()
                : Optional.of(new WorldNode(child, InvalidWorldException.join(path, key)));
    }

    /** This node as a string. */
    String text() {
        if (!node.isString()) {
            throw new InvalidWorldException(path, "must be a string, got " + PolicyParser.describe(node));
        }
        return node.stringValue();
    }

    /** A string member, or null when absent. */
    String text(String key) {
        return child(key).map(WorldNode::text).orElse(null);
    }

    String textOr(String key, String absent) {
        return child(key).map(WorldNode::text).orElse(absent);
    }

    /** A 12-digit account id, quoted or (when YAML read it as a number) unquoted. */
    String accountId(String key) {
        Optional<WorldNode> child = child(key);
        if (child.isPresent() && child.get().node.isIntegralNumber()) {
            String digits = child.get().node.asString();
            if (digits.length() != 12) {
                throw new InvalidWorldException(child.get().path,
                        "must be 12 digits, got " + digits + " (quote account ids in YAML to keep leading zeros)");
            }
            return digits;
        }
        return child.map(WorldNode::text).orElse(null);
    }

    int integerOr(String key, int absent) {
        Optional<WorldNode> child = child(key);
        if (child.isEmpty()) {
            return absent;
        }
        JsonNode value = child.get().node;
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidWorldException(child.get().path,
                    "must be a whole number, got " + PolicyParser.describe(value));
        }
        return value.intValue();
    }

    /** A list member's items; an absent member is an empty list. */
    List<WorldNode> list(String key) {
        Optional<WorldNode> child = child(key);
        if (child.isEmpty()) {
            return List.of();
        }
        JsonNode value = child.get().node;
        if (!value.isArray()) {
            throw new InvalidWorldException(child.get().path, "must be a list, got " + PolicyParser.describe(value));
        }
        List<WorldNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(new WorldNode(value.get(i), child.get().path + "[" + i + "]"));
        }
        return items;
    }

    /** This node as a policy document: a map, or a string holding the JSON as pasted from the AWS console. */
    PolicyDocument policy() {
        try {
            if (node.isString()) {
                return PolicyDocument.parse(node.stringValue());
            }
            if (node.isObject()) {
                return PolicyDocument.parse(node);
            }
        } catch (MalformedPolicyException e) {
            throw new InvalidWorldException(InvalidWorldException.join(path, e.path()), e.rule());
        }
        throw new InvalidWorldException(path,
                "must be a policy document (a map, or a JSON string), got " + PolicyParser.describe(node));
    }
}
