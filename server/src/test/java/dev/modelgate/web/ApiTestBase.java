package dev.modelgate.web;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.model.CachingModelRepository;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole server on a random port of 127.0.0.1 and an in-memory database of its own; every test starts with a
 * workspace that has no models, and calls the API with a fresh admin key of that workspace. Rate limits are raised
 * out of the way (RateLimitIT tests them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "spring.datasource.url=jdbc:h2:mem:api-${random.uuid};DB_CLOSE_DELAY=-1",
        "modelgate.limits.per-caller.requests-per-second=100000", "modelgate.limits.per-caller.burst=100000",
        "modelgate.limits.per-workspace.requests-per-second=100000", "modelgate.limits.per-workspace.burst=100000",
        "modelgate.limits.sign-in.requests-per-second=100000", "modelgate.limits.sign-in.burst=100000"})
abstract class ApiTestBase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Accounts accounts;

    @Autowired
    CachingModelRepository modelRepository;

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** The API as an admin of {@link #workspace()}. */
    Api api;

    /** Who {@link #api} acts as, as the audit log and created-by record it: {@code key <prefix> (test-admin)}. */
    String actor;

    @BeforeEach
    void startWithNoModels() {
        jdbc.sql("DELETE FROM external_models").update();
        modelRepository.invalidateAll();
        Workspace workspace = workspace();
        String token = key(workspace.id(), Role.ADMIN);
        actor = "key " + token.substring(0, 12) + " (test-admin)";
        api = new Api(port, HttpClient.Redirect.NEVER).withKey(token);
    }

    /** The name of the workspace the tests act in. */
    String workspaceName() {
        return "default";
    }

    /** The External ID that workspace gets when the test creates it; null for a generated one. */
    String workspaceExternalId() {
        return null;
    }

    /** The workspace the tests act in, created on first use. */
    Workspace workspace() {
        return workspaceRepository.findByName(workspaceName()).orElseGet(() -> {
            String externalId = workspaceExternalId() != null ? workspaceExternalId()
                    : ExternalId.generate(new SecureRandom()).value();
            Workspace created = new Workspace(UUID.randomUUID().toString(), workspaceName(), externalId,
                    Instant.now());
            workspaceRepository.insert(created);
            return created;
        });
    }

    /**
     * An API key's token for {@code workspaceId} with {@code role}: one per workspace and role for the whole
     * server (test classes share it), so that a workspace stays under its limit of active keys.
     */
    String key(String workspaceId, Role role) {
        return TOKENS.computeIfAbsent(port + "/" + workspaceId + "/" + role, k ->
                apiKeys.create(workspaceId, "test-" + role.name().toLowerCase(), role, null, "test").token());
    }

    /** Signs in as a new account with {@code role} ({@code workspaceId} null for an operator); answers its API. */
    Api signedIn(String username, Role role, String workspaceId) {
        String password = "correct horse battery " + username;
        accounts.create(username, password, role, workspaceId, "test");
        return api.anonymous().signIn(username, password);
    }

    /** Creates a model from {@code draft} and answers its body. */
    JsonNode create(ObjectNode draft) {
        Api.Reply reply = api.post(Api.MODELS, draft);
        if (reply.status() != 201) {
            throw new AssertionError("could not create the model: " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    static String path(JsonNode model) {
        return Api.MODELS + "/" + model.get("id").stringValue();
    }
}
