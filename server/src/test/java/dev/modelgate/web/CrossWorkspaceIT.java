package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.workspace.Workspace;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One workspace reaching for another's models, keys, members, audit events, registrations and usage by id or name:
 * every attempt answers exactly what an id that does not exist answers (status and body, the id aside), changes
 * nothing, and no list shows the other workspace's resources.
 */
class CrossWorkspaceIT extends ApiTestBase {

    /** What workspace B owns, by kind. */
    record Owned(String modelId, String modelName, String keyId, String memberId, String auditId,
                 String registrationId) {
    }

    /** An attempt on a resource of B's: the method, the path for an id, and a body. */
    record Attempt(String method, String pathTemplate, String kind, String body) {
        @Override
        public String toString() {
            return method + " " + pathTemplate;
        }
    }

    static List<Attempt> attempts() {
        String draft = Api.JSON.writeValueAsString(Drafts.valid("taken-over"));
        return List.of(
                new Attempt("GET", "/api/v1/models/%s", "model", ""),
                new Attempt("PUT", "/api/v1/models/%s", "model", draft),
                new Attempt("DELETE", "/api/v1/models/%s", "model", ""),
                new Attempt("PUT", "/api/v1/models/%s/inference", "model", "{\"enabled\": false}"),
                new Attempt("POST", "/api/v1/models/%s/preview", "model", "{}"),
                new Attempt("POST", "/api/v1/models/%s/test", "model", "{}"),
                new Attempt("GET", "/api/v1/models/%s/tests", "model", ""),
                new Attempt("GET", "/api/v1/models/%s/tests?revision=1", "model", ""),
                new Attempt("GET", "/api/v1/models/%s/revisions", "model", ""),
                new Attempt("GET", "/api/v1/models/%s/revisions/compare?from=1&to=1", "model", ""),
                new Attempt("POST", "/api/v1/models/%s/invoke", "modelName", "{\"variables\": {\"prompt\": \"hi\"}}"),
                new Attempt("GET", "/api/v1/keys/%s", "key", ""),
                new Attempt("POST", "/api/v1/keys/%s/revoke", "key", "{}"),
                new Attempt("DELETE", "/api/v1/members/%s", "member", ""),
                new Attempt("GET", "/api/v1/audit/%s", "audit", ""),
                new Attempt("GET", "/api/v1/registrations/%s", "registration", ""),
                new Attempt("POST", "/api/v1/registrations/%s/revoke", "registration", "{}"));
    }

    private Owned owned;
    private Api otherAdmin;

    @Override
    String workspaceName() {
        return "cross-a";
    }

    /** Workspace B, with one of everything (each test starts with no models, so B is made anew each time). */
    @BeforeEach
    void otherWorkspace() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Workspace other = new Workspace(UUID.randomUUID().toString(), "cross-b-" + suffix,
                ExternalId.generate(new SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        otherAdmin = api.anonymous().withKey(key(other.id(), Role.ADMIN));
        JsonNode model = otherAdmin.post(Api.MODELS, Drafts.valid("b-model")).json();
        String keyId = otherAdmin.post("/api/v1/keys", Map.of("name", "b-key", "role", "AGENT")).json()
                .get("id").stringValue();
        String memberId = otherAdmin.post("/api/v1/members", Map.of("username", "b-member-" + suffix,
                "password", "a long enough password", "role", "DEVELOPER")).json().get("id").stringValue();
        String registrationId = otherAdmin.post("/api/v1/registrations",
                Map.of("roleArn", "arn:aws:iam::123456789012:role/BOnly")).json().get("id").stringValue();
        String auditId = otherAdmin.get("/api/v1/audit").json().get("items").get(0).get("id").stringValue();
        owned = new Owned(model.get("id").stringValue(), "b-model", keyId, memberId, auditId, registrationId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void anotherWorkspacesResource_answersExactlyLikeOneThatDoesNotExist(Attempt attempt) {
        String theirs = idOf(attempt.kind());
        String none = attempt.kind().equals("modelName") ? "no-such-model" : UUID.randomUUID().toString();

        Api.Reply onTheirs = send(attempt, theirs);
        Api.Reply onNone = send(attempt, none);

        assertThat(onTheirs.status()).as(onTheirs.body()).isEqualTo(404);
        assertThat(onTheirs.status()).isEqualTo(onNone.status());
        assertThat(onTheirs.header("Content-Type")).isEqualTo(onNone.header("Content-Type"));
        assertThat(onTheirs.body().replace(theirs, "<id>")).isEqualTo(onNone.body().replace(none, "<id>"));
    }

    @Test
    void attempts_changeNothingOfTheOtherWorkspace() {
        for (Attempt attempt : attempts()) {
            send(attempt, idOf(attempt.kind()));
        }

        Api.Reply model = otherAdmin.get("/api/v1/models/" + owned.modelId());
        assertThat(model.status()).as(model.body()).isEqualTo(200);
        assertThat(model.json().get("name").stringValue()).isEqualTo("b-model");
        assertThat(otherAdmin.get("/api/v1/models/" + owned.modelId()).json().get("inferenceEnabled")
                .booleanValue()).isTrue();
        assertThat(otherAdmin.get("/api/v1/keys/" + owned.keyId()).json().get("state").stringValue())
                .isEqualTo("ACTIVE");
        assertThat(otherAdmin.get("/api/v1/members").json().get("members").valueStream()
                .map(m -> m.get("id").stringValue())).contains(owned.memberId());
        assertThat(otherAdmin.get("/api/v1/registrations/" + owned.registrationId()).json().get("state")
                .stringValue()).isEqualTo("PENDING");
    }

    @Test
    void lists_showNothingOfTheOtherWorkspace() {
        api.post(Api.MODELS, Drafts.valid("a-model"));
        Function<String, String> body = path -> api.get(path).body();

        for (String path : List.of(Api.MODELS, "/api/v1/keys", "/api/v1/members", "/api/v1/audit?size=100",
                "/api/v1/registrations", "/api/v1/usage")) {
            String answer = body.apply(path);
            assertThat(answer).as(path).doesNotContain(owned.modelId(), owned.keyId(), owned.memberId(),
                    owned.auditId(), owned.registrationId(), "b-model", "b-key", "BOnly");
        }
    }

    @Test
    void usage_ofTheOtherWorkspacesModel_isEmpty() {
        JsonNode usage = api.get("/api/v1/usage?model=" + owned.modelName()).json();

        assertThat(usage.get("totals").get("calls").longValue()).isZero();
        assertThat(usage.get("models")).isEmpty();
    }

    private String idOf(String kind) {
        return switch (kind) {
            case "model" -> owned.modelId();
            case "modelName" -> owned.modelName();
            case "key" -> owned.keyId();
            case "member" -> owned.memberId();
            case "audit" -> owned.auditId();
            case "registration" -> owned.registrationId();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private Api.Reply send(Attempt attempt, String id) {
        String path = attempt.pathTemplate().formatted(id);
        return switch (attempt.method()) {
            case "GET" -> api.get(path);
            case "DELETE" -> api.delete(path, "If-Match", "\"1\"");
            case "PUT" -> api.put(path, attempt.body(), "If-Match", "\"1\"");
            default -> api.post(path, attempt.body());
        };
    }
}
