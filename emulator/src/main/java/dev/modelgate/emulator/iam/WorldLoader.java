package dev.modelgate.emulator.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a world file (YAML, or JSON, which YAML reads too):
 * <pre>{@code
 * accounts:
 *   - id: "111111111111"
 *     stsDisabledRegions: [ap-east-1]          # optional
 *     users:
 *       - name: modelgate-platform
 *         path: /                              # optional, default "/"
 *         accessKeys: [{id: AKIA..., secret: "..."}]
 *         policies: [{Version: "2012-10-17", Statement: [...]}]   # or JSON strings
 *     roles:
 *       - name: ModelgateBedrockAccess
 *         maxSessionDuration: 3600             # optional, default 3600
 *         trustPolicy: {...}                   # or a JSON string
 *         policies: [...]
 *     guardrails:                              # optional: Bedrock guardrails of the account
 *       - id: mgdemoguard1                     # 12 lowercase letters or digits
 *         versions: [DRAFT, "1"]
 *         blockedMessage: "Sorry, ..."         # optional, default Guardrail.DEFAULT_BLOCKED_MESSAGE
 * }</pre>
 * Unknown keys are errors. Every error is an {@link InvalidWorldException} naming the path in the
 * file and the rule, e.g. {@code accounts[1].roles[0].maxSessionDuration must be between 3600 and 43200, got 60}.
 */
public final class WorldLoader {

    /** Where the built-in default world lives on the class path. */
    public static final String DEFAULT_WORLD_RESOURCE = "/dev/modelgate/emulator/default-world.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private WorldLoader() {
    }

    /**
     * Loads a world file.
     *
     * @throws InvalidWorldException if the file is not valid YAML or breaks a rule
     * @throws UncheckedIOException  if the file cannot be read
     */
    public static World load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read world file " + file, e);
        }
    }

    /**
     * Loads a world from a stream, which is read to its end but not closed.
     *
     * @throws InvalidWorldException if the text is not valid YAML or breaks a rule
     */
    public static World load(InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JacksonException e) {
            throw new InvalidWorldException("", "world file is not valid YAML: " + PolicyParser.describe(e));
        }
        return fromTree(root);
    }

    /** Loads a world from YAML or JSON text. */
    public static World parse(String text) {
        try {
            return fromTree(YAML.readTree(text));
        } catch (JacksonException e) {
            throw new InvalidWorldException("", "world file is not valid YAML: " + PolicyParser.describe(e));
        }
    }

    /**
     * The built-in world ({@value #DEFAULT_WORLD_RESOURCE}): platform account 111111111111 with user
     * {@code modelgate-platform}, tenant account 222222222222 with role {@code ModelgateBedrockAccess}
     * and the roles and user that demonstrate each kind of failure. See the file's comments.
     */
    public static World defaultWorld() {
        try (InputStream in = WorldLoader.class.getResourceAsStream(DEFAULT_WORLD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + DEFAULT_WORLD_RESOURCE);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_WORLD_RESOURCE, e);
        }
    }

    static World fromTree(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidWorldException("", "world file is empty; it needs an \"accounts\" list");
        }
        WorldNode world = WorldNode.object(root, "", "accounts");
        if (!root.has("accounts")) {
            throw new InvalidWorldException("accounts", "is required");
        }
        List<Account> accounts = new ArrayList<>();
        List<WorldNode> accountNodes = world.list("accounts");
        for (WorldNode node : accountNodes) {
            accounts.add(account(node));
        }
        return build("", () -> new World(accounts));
    }

    private static Account account(WorldNode node) {
        WorldNode account = node.asObject("id", "users", "roles", "stsDisabledRegions", "guardrails");
        String id = account.accountId("id");
        List<User> users = new ArrayList<>();
        for (WorldNode user : account.list("users")) {
            users.add(user(user, id));
        }
        List<Role> roles = new ArrayList<>();
        for (WorldNode role : account.list("roles")) {
            roles.add(role(role, id));
        }
        Set<String> regions = new LinkedHashSet<>();
        for (WorldNode region : account.list("stsDisabledRegions")) {
            regions.add(region.text());
        }
        List<Guardrail> guardrails = new ArrayList<>();
        for (WorldNode guardrail : account.list("guardrails")) {
            guardrails.add(guardrail(guardrail, id));
        }
        return build(account.path(), () -> new Account(id, users, roles, regions, guardrails));
    }

    private static Guardrail guardrail(WorldNode node, String accountId) {
        WorldNode guardrail = node.asObject("id", "versions", "blockedMessage");
        String id = guardrail.text("id");
        List<String> versions = guardrail.list("versions").stream()
                .map(v -> v.node().isIntegralNumber() ? v.node().asString() : v.text()).toList();
        String blocked = guardrail.textOr("blockedMessage", Guardrail.DEFAULT_BLOCKED_MESSAGE);
        return build(guardrail.path(), () -> new Guardrail(accountId, id, versions, blocked));
    }

    private static User user(WorldNode node, String accountId) {
        WorldNode user = node.asObject("name", "path", "accessKeys", "policies");
        String name = user.text("name");
        String path = user.textOr("path", "/");
        List<AccessKey> keys = new ArrayList<>();
        for (WorldNode key : user.list("accessKeys")) {
            WorldNode object = key.asObject("id", "secret");
            String keyId = object.text("id");
            String secret = object.text("secret");
            keys.add(build(object.path(), () -> new AccessKey(keyId, secret)));
        }
        List<PolicyDocument> policies = user.list("policies").stream().map(WorldNode::policy).toList();
        return build(user.path(), () -> new User(accountId, name, path, keys, policies));
    }

    private static Role role(WorldNode node, String accountId) {
        WorldNode role = node.asObject("name", "path", "maxSessionDuration", "trustPolicy", "policies");
        String name = role.text("name");
        String path = role.textOr("path", "/");
        int maxSessionDuration = role.integerOr("maxSessionDuration", Role.DEFAULT_MAX_SESSION_DURATION);
        PolicyDocument trust = role.child("trustPolicy").map(WorldNode::policy).orElse(null);
        List<PolicyDocument> policies = role.list("policies").stream().map(WorldNode::policy).toList();
        return build(role.path(), () -> new Role(accountId, name, path, maxSessionDuration, trust, policies));
    }

    private static <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidWorldException e) {
            throw e.under(path);
        }
    }
}
