package dev.modelgate.web;

import java.net.http.HttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole server on a random port of 127.0.0.1 and an in-memory database of its own; every test starts with a
 * workspace that has no models.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "spring.datasource.url=jdbc:h2:mem:api-${random.uuid};DB_CLOSE_DELAY=-1"})
abstract class ApiTestBase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void startWithNoModels() {
        jdbc.sql("DELETE FROM external_models").update();
        api = new Api(port, HttpClient.Redirect.NEVER);
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
