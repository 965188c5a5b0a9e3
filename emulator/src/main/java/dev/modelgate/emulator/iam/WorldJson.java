package dev.modelgate.emulator.iam;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Renders a {@link World} as the JSON tree of {@code GET /_emulator/world}. */
final class WorldJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WorldJson() {
    }

    static ObjectNode render(World world) {
        ObjectNode root = NODES.objectNode();
        ArrayNode accounts = root.putArray("accounts");
        for (Account account : world.accounts()) {
            ObjectNode node = accounts.addObject();
            node.put("id", account.id());
            ArrayNode regions = node.putArray("stsDisabledRegions");
            account.stsDisabledRegions().stream().sorted().forEach(regions::add);
            ArrayNode users = node.putArray("users");
            account.users().forEach(user -> users.add(user(user)));
            ArrayNode roles = node.putArray("roles");
            account.roles().forEach(role -> roles.add(role(role)));
            ArrayNode guardrails = node.putArray("guardrails");
            for (Guardrail guardrail : account.guardrails()) {
                ObjectNode g = guardrails.addObject().put("id", guardrail.id());
                guardrail.versions().forEach(g.putArray("versions")::add);
                g.put("blockedMessage", guardrail.blockedMessage());
            }
        }
        return root;
    }

    private static ObjectNode user(User user) {
        ObjectNode node = NODES.objectNode();
        node.put("name", user.name());
        node.put("path", user.path());
        node.put("arn", user.arn());
        node.put("userId", user.userId());
        ArrayNode keys = node.putArray("accessKeys");
        for (AccessKey key : user.accessKeys()) {
            keys.addObject().put("id", key.id()).put("secret", key.secret());
        }
        node.set("policies", policies(user.policies()));
        return node;
    }

    private static ObjectNode role(Role role) {
        ObjectNode node = NODES.objectNode();
        node.put("name", role.name());
        node.put("path", role.path());
        node.put("arn", role.arn());
        node.put("roleId", role.roleId());
        node.put("maxSessionDuration", role.maxSessionDuration());
        node.set("trustPolicy", role.trustPolicy().json());
        node.set("policies", policies(role.policies()));
        return node;
    }

    private static ArrayNode policies(List<PolicyDocument> policies) {
        ArrayNode array = NODES.arrayNode();
        policies.forEach(policy -> array.add(policy.json()));
        return array;
    }
}
