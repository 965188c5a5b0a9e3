package dev.modelgate.web;

import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
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
        "modelgate.limits.per-workspace.requests-per-second=100000", "modelgate.limits.per-workspace.burst=100000"})
abstract class ApiTestBase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    ApiKeys apiKeys;

    /** The API as an admin of {@link #workspace()}. */
    Api api;

    @BeforeEach
    void startWithNoModels() {
        jdbc.sql("DELETE FROM external_models").update();
        Workspace workspace = workspace();
        api = new Api(port, HttpClient.Redirect.NEVER).withKey(key(workspace.id(), Role.ADMIN));
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

    /** A new API key's token for {@code workspaceId} with {@code role}. */
    String key(String workspaceId, Role role) {
        return apiKeys.create(workspaceId, "test-" + role.name().toLowerCase(), role, null, "test").token();
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
