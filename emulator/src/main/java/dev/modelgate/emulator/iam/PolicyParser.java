package dev.modelgate.emulator.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/** Reads a policy document tree into {@link PolicyDocument}, with a precise error for each rule broken. */
final class PolicyParser {

    private static final Set<String> DOCUMENT_KEYS = Set.of("Version", "Id", "Statement");
    private static final List<String> STATEMENT_KEYS = List.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Principal", "NotPrincipal", "Condition");
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9*?-]+:[^\\s:]+");
    private static final Pattern AWS_PRINCIPAL = Pattern.compile(
            "\\*|\\d{12}|arn:aws:iam::\\d{12}:(root|user/.+|role/.+)|arn:aws:sts::\\d{12}:assumed-role/[^/]+/.+");

    private PolicyParser() {
    }

    static PolicyDocument parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("", "must be a JSON object, got " + describe(root));
        }
        checkKeys(root, "", DOCUMENT_KEYS, "Version, Id, Statement");
        String version = optionalString(root, "Version", "Version");
        if (version != null && !VERSIONS.contains(version)) {
            throw new MalformedPolicyException("Version",
                    "must be \"2012-10-17\" or \"2008-10-17\", got \"" + version + "\"");
        }
        String id = optionalString(root, "Id", "Id");
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || statementNode.isNull()) {
            throw new MalformedPolicyException("Statement", "is required");
        }
        List<Statement> statements = new ArrayList<>();
        if (statementNode.isObject()) {
            statements.add(statement(statementNode, "Statement"));
        } else if (statementNode.isArray()) {
            if (statementNode.isEmpty()) {
                throw new MalformedPolicyException("Statement", "must not be empty");
            }
            for (int i = 0; i < statementNode.size(); i++) {
                statements.add(statement(statementNode.get(i), "Statement[" + i + "]"));
            }
        } else {
            throw new MalformedPolicyException("Statement",
                    "must be an object or a list of objects, got " + describe(statementNode));
        }
        return new PolicyDocument(version, id, statements, root);
    }

    private static Statement statement(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(path, "must be an object, got " + describe(node));
        }
        checkKeys(node, path, Set.copyOf(STATEMENT_KEYS), String.join(", ", STATEMENT_KEYS));
        String sid = optionalString(node, "Sid", path + ".Sid");
        String effectText = optionalString(node, "Effect", path + ".Effect");
        if (effectText == null) {
            throw new MalformedPolicyException(path + ".Effect", "is required");
        }
        Statement.Effect effect = switch (effectText) {
            case "Allow" -> Statement.Effect.ALLOW;
            case "Deny" -> Statement.Effect.DENY;
            default -> throw new MalformedPolicyException(path + ".Effect",
                    "must be \"Allow\" or \"Deny\", got \"" + effectText + "\"");
        };
        Statement.Patterns actions = patterns(node, path, "Action", "NotAction", true);
        Statement.Patterns resources = patterns(node, path, "Resource", "NotResource", false);
        Principals principals = principals(node, path);
        List<Condition> conditions = conditions(node.get("Condition"), path + ".Condition");
        return new Statement(sid, effect, actions, resources, principals, conditions);
    }

    private static Statement.Patterns patterns(JsonNode node, String path, String key, String notKey,
                                               boolean required) {
        boolean has = node.has(key);
        boolean hasNot = node.has(notKey);
        if (has && hasNot) {
            throw new MalformedPolicyException(path, "must not have both " + key + " and " + notKey);
        }
        if (!has && !hasNot) {
            if (required) {
                throw new MalformedPolicyException(path, "must have " + key + " or " + notKey);
            }
            return null;
        }
        String name = has ? key : notKey;
        List<String> values = strings(node.get(name), path + "." + name);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String where = path + "." + name + (node.get(name).isArray() ? "[" + i + "]" : "");
            if (key.equals("Action") && !ACTION.matcher(value).matches()) {
                throw new MalformedPolicyException(where,
                        "must be \"*\" or \"<service>:<action>\" (e.g. bedrock:InvokeModel), got \"" + value + "\"");
            }
            if (key.equals("Resource") && !value.equals("*") && !value.startsWith("arn:")) {
                throw new MalformedPolicyException(where, "must be \"*\" or an ARN, got \"" + value + "\"");
            }
        }
        return new Statement.Patterns(values, hasNot);
    }

    private static Principals principals(JsonNode node, String path) {
        boolean has = node.has("Principal");
        boolean hasNot = node.has("NotPrincipal");
        if (has && hasNot) {
            throw new MalformedPolicyException(path, "must not have both Principal and NotPrincipal");
        }
        if (!has && !hasNot) {
            return null;
        }
        String name = has ? "Principal" : "NotPrincipal";
        String where = path + "." + name;
        JsonNode value = node.get(name);
        if (value.isString() && value.stringValue().equals("*")) {
            return new Principals(true, Map.of(), hasNot);
        }
        if (!value.isObject()) {
            throw new MalformedPolicyException(where,
                    "must be \"*\" or an object such as {\"AWS\": \"<arn>\"}, got " + describe(value));
        }
        checkKeys(value, where, PRINCIPAL_TYPES, "AWS, Service, Federated, CanonicalUser");
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String typePath = where + "." + entry.getKey();
            List<String> principals = strings(entry.getValue(), typePath);
            if (entry.getKey().equals("AWS")) {
                for (int i = 0; i < principals.size(); i++) {
                    if (!AWS_PRINCIPAL.matcher(principals.get(i)).matches()) {
                        throw new MalformedPolicyException(typePath + (entry.getValue().isArray() ? "[" + i + "]" : ""),
                                "must be \"*\", a 12-digit account id, or an IAM root, user, role or assumed-role ARN, got \""
                                        + principals.get(i) + "\"");
                    }
                }
            }
            byType.put(entry.getKey(), principals);
        }
        return new Principals(false, byType, hasNot);
    }

    private static List<Condition> conditions(JsonNode block, String path) {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject()) {
            throw new MalformedPolicyException(path, "must be an object of {operator: {key: values}}, got " + describe(block));
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> byOperator : block.properties()) {
            String name = byOperator.getKey();
            boolean ifExists = name.endsWith("IfExists");
            String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            ConditionOperator operator = ConditionOperator.byPolicyName(base)
                    .filter(op -> !(ifExists && op == ConditionOperator.NULL))
                    .orElseThrow(() -> new MalformedPolicyException(path,
                            "operator \"" + name + "\" is not supported by the emulator; supported: "
                                    + ConditionOperator.SUPPORTED));
            String operatorPath = path + "." + name;
            JsonNode tests = byOperator.getValue();
            if (!tests.isObject() || tests.isEmpty()) {
                throw new MalformedPolicyException(operatorPath,
                        "must be a non-empty object of {key: values}, got " + describe(tests));
            }
            for (Map.Entry<String, JsonNode> byKey : tests.properties()) {
                String keyPath = operatorPath + "." + byKey.getKey();
                List<String> values = scalars(byKey.getValue(), keyPath);
                if (operator == ConditionOperator.NULL || operator == ConditionOperator.BOOL) {
                    for (String value : values) {
                        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                            throw new MalformedPolicyException(keyPath, "must be true or false, got \"" + value + "\"");
                        }
                    }
                }
                conditions.add(new Condition(operator, ifExists, byKey.getKey(), values));
            }
        }
        return conditions;
    }

    /** A string, or a non-empty list of strings. */
    private static List<String> strings(JsonNode node, String path) {
        if (node.isString()) {
            return List.of(node.stringValue());
        }
        if (node.isArray() && !node.isEmpty()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isString()) {
                    throw new MalformedPolicyException(path + "[" + i + "]", "must be a string, got " + describe(node.get(i)));
                }
                values.add(node.get(i).stringValue());
            }
            return values;
        }
        throw new MalformedPolicyException(path, "must be a string or a non-empty list of strings, got " + describe(node));
    }

    /** A condition value: a string, number or boolean, or a non-empty list of them. */
    private static List<String> scalars(JsonNode node, String path) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        if (items.isEmpty()) {
            throw new MalformedPolicyException(path, "must have at least one value");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isValueNode() || item.isNull()) {
                throw new MalformedPolicyException(path,
                        "must be a string, number or boolean, or a list of them, got " + describe(item));
            }
            values.add(item.asString());
        }
        return values;
    }

    private static String optionalString(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw new MalformedPolicyException(path, "must be a string, got " + describe(value));
        }
        return value.stringValue();
    }

    private static void checkKeys(JsonNode node, String path, Set<String> allowed, String allowedList) {
        for (String key : node.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new MalformedPolicyException(path, "has unknown key \"" + key + "\"; allowed: " + allowedList);
            }
        }
    }

    /** A parse error's own words and, when known, where: without Jackson's source description. */
    static String describe(JacksonException e) {
        String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "");
        TokenStreamLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1
                ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "\"" + node.stringValue() + "\"";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node.asString();
        };
    }
}
