package dev.modelgate.web;

import static dev.modelgate.web.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each role against each endpoint of the API: allowed, or refused with 401 (no credentials) or 403 naming what is
 * needed. The expectations are written out here, independently of {@link AccessRules}, and a test checks that
 * every endpoint the server maps is in this table.
 */
class AccessControlIT extends ApiTestBase {

    /** Who may call an endpoint, at the least. */
    enum Needs {
        OPERATOR,
        AGENT,
        DEVELOPER,
        ADMIN
    }

    /**
     * An endpoint of the API, with the least it needs; {@code {id}}, {@code {name}} and {@code {revision}} stand for
     * made-up values.
     */
    record Endpoint(String method, String path, Needs needs) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/v1/models/{name}/invoke", Needs.AGENT),
            new Endpoint("POST", "/v1/chat/completions", Needs.AGENT),
            new Endpoint("GET", "/v1/models", Needs.AGENT),
            new Endpoint("GET", "/v1/models/{name}", Needs.AGENT),
            new Endpoint("GET", "/api/v1/models", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}", Needs.DEVELOPER),
            new Endpoint("PUT", "/api/v1/models/{id}", Needs.DEVELOPER),
            new Endpoint("DELETE", "/api/v1/models/{id}", Needs.DEVELOPER),
            new Endpoint("PUT", "/api/v1/models/{id}/inference", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}/routing", Needs.DEVELOPER),
            new Endpoint("PUT", "/api/v1/models/{id}/routing", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/models/validate", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/preview", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/{id}/preview", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/{id}/test", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/test", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/check-role", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}/tests", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}/revisions", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}/revisions/compare", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/models/{id}/revisions/{revision}", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/{id}/promote", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/models/{id}/rollback", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/catalog/models", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/presets", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/presets/suggest", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/platform/identity", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/usage", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/usage/calls", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/usage/export.csv", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/prices", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/keys", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/keys", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/keys/{id}", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/keys/{id}/revoke", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/members", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/members", Needs.ADMIN),
            new Endpoint("DELETE", "/api/v1/members/{id}", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/members/{id}/password", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/audit", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/audit/{id}", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/registrations", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/registrations/{id}", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/registrations", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/registrations/{id}/revoke", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/budgets", Needs.DEVELOPER),
            new Endpoint("GET", "/api/v1/budgets/{id}", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/budgets", Needs.ADMIN),
            new Endpoint("PUT", "/api/v1/budgets/{id}", Needs.ADMIN),
            new Endpoint("DELETE", "/api/v1/budgets/{id}", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/workspace", Needs.DEVELOPER),
            new Endpoint("POST", "/api/v1/workspace/external-id/rotation", Needs.ADMIN),
            new Endpoint("POST", "/api/v1/workspace/external-id/rotation/confirm", Needs.ADMIN),
            new Endpoint("DELETE", "/api/v1/workspace/external-id/rotation", Needs.ADMIN),
            new Endpoint("GET", "/api/v1/operator/registrations", Needs.OPERATOR),
            new Endpoint("POST", "/api/v1/operator/registrations/{id}/approve", Needs.OPERATOR),
            new Endpoint("POST", "/api/v1/operator/registrations/{id}/reject", Needs.OPERATOR),
            new Endpoint("POST", "/api/v1/operator/registrations/{id}/revoke", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/settings", Needs.OPERATOR),
            new Endpoint("PUT", "/api/v1/operator/settings", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/workspaces", Needs.OPERATOR),
            new Endpoint("POST", "/api/v1/operator/workspaces", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/workspaces/{id}", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/workspaces/{id}/overview", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/audit", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/audit/{id}", Needs.OPERATOR),
            new Endpoint("GET", "/api/v1/operator/prices", Needs.OPERATOR),
            new Endpoint("PUT", "/api/v1/operator/prices", Needs.OPERATOR),
            new Endpoint("DELETE", "/api/v1/operator/prices", Needs.OPERATOR),
            new Endpoint("GET", "/actuator/metrics", Needs.OPERATOR),
            new Endpoint("GET", "/actuator/prometheus", Needs.OPERATOR));

    /**
     * The session's own endpoints, checked in SignInIT and OidcSignInIT: open to anyone (sign-in), or to any signed-in
     * account (changing one's password).
     */
    static final Set<String> PUBLIC = Set.of("GET /api/v1/session", "POST /api/v1/session",
            "DELETE /api/v1/session", "GET /api/v1/session/providers", "POST /api/v1/session/password");

    /** Who calls: no credentials, a key of each role, or a console session of each account role. */
    enum Who {
        ANONYMOUS(null),
        AGENT_KEY(Role.AGENT),
        DEVELOPER_KEY(Role.DEVELOPER),
        ADMIN_KEY(Role.ADMIN),
        DEVELOPER_SESSION(Role.DEVELOPER),
        ADMIN_SESSION(Role.ADMIN),
        OPERATOR_SESSION(Role.OPERATOR);

        final Role role;

        Who(Role role) {
            this.role = role;
        }

        boolean allowed(Needs needs) {
            return switch (needs) {
                case OPERATOR -> this == OPERATOR_SESSION;
                case AGENT -> this == AGENT_KEY || this == DEVELOPER_KEY || this == ADMIN_KEY
                        || this == DEVELOPER_SESSION || this == ADMIN_SESSION;
                case DEVELOPER -> this == DEVELOPER_KEY || this == ADMIN_KEY || this == DEVELOPER_SESSION
                        || this == ADMIN_SESSION;
                case ADMIN -> this == ADMIN_KEY || this == ADMIN_SESSION;
            };
        }
    }

    private static final Map<String, Api> CALLERS = new ConcurrentHashMap<>();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    static Stream<Arguments> everyoneAgainstEveryEndpoint() {
        List<Arguments> all = new ArrayList<>();
        for (Who who : Who.values()) {
            for (Endpoint endpoint : ENDPOINTS) {
                all.add(Arguments.of(who, endpoint));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyoneAgainstEveryEndpoint")
    void endpoint_allowsItsRolesOnly_andRefusesTheOthersSayingWhatIsNeeded(Who who, Endpoint endpoint) {
        String path = endpoint.path().replace("{id}", UUID.randomUUID().toString()).replace("{name}", "no-such-model")
                .replace("{revision}", "1");

        Api.Reply reply = caller(who).send(endpoint.method(), path,
                java.net.http.HttpRequest.BodyPublishers.ofString("{}"), "Content-Type", "application/json");

        if (who.allowed(endpoint.needs())) {
            assertThat(reply.status()).as("%s %s: %s", who, endpoint, reply.body()).isNotIn(401, 403);
        } else if (path.startsWith("/v1/")) {
            // The OpenAI-compatible API refuses in OpenAI's error shape; only an operator holds no workspace role.
            boolean anonymous = who == Who.ANONYMOUS;
            ObjectNode expected = Api.JSON.createObjectNode();
            expected.putObject("error")
                    .put("message", anonymous
                            ? "sign in to the console, or send an API key as Authorization: Bearer <key>"
                            : "a platform operator may not " + endpoint.method() + " " + path
                            + "; it needs a member or key of the workspace")
                    .put("type", anonymous ? "invalid_request_error" : "permission_error")
                    .putNull("param")
                    .put("code", anonymous ? "invalid_api_key" : "forbidden");
            assertThat(reply.status()).as(reply.body()).isEqualTo(anonymous ? 401 : 403);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            assertThat(reply.json()).isEqualTo(expected);
        } else if (who == Who.ANONYMOUS) {
            reply.assertProblem(problem(401, "unauthenticated", "Unauthenticated",
                    "sign in to the console, or send an API key as Authorization: Bearer <key>", path));
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"modelgate\"");
        } else {
            String whoIs = who.role == Role.OPERATOR ? "a platform operator" : "the " + who.role + " role";
            String needs = switch (endpoint.needs()) {
                case OPERATOR -> "a platform operator";
                case AGENT -> "a member or key of the workspace";
                case DEVELOPER, ADMIN -> "the " + endpoint.needs() + " role (or above) in the workspace";
            };
            reply.assertProblem(problem(403, "forbidden", "Forbidden",
                    whoIs + " may not " + endpoint.method() + " " + path + "; it needs " + needs, path));
        }
    }

    @Test
    void table_coversEveryEndpointTheServerMaps() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!(pattern.startsWith("/api/v1/") || pattern.startsWith("/v1/"))
                        || pattern.startsWith("/api/v1/openapi.json")) {
                    continue;
                }
                info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
            }
        });
        Set<String> tabled = new TreeSet<>(PUBLIC);
        ENDPOINTS.stream().filter(e -> e.path().startsWith("/api/") || e.path().startsWith("/v1/"))
                .forEach(e -> tabled.add(e.toString()));

        assertThat(tabled).isEqualTo(mapped);
    }

    /** A workspace of its own: the matrix starts and confirms External ID rotations. */
    @Override
    String workspaceName() {
        return "access-matrix";
    }

    private Api caller(Who who) {
        String workspaceId = workspace().id();
        return CALLERS.computeIfAbsent(port + "/" + who, k -> switch (who) {
            case ANONYMOUS -> api.anonymous();
            case AGENT_KEY, DEVELOPER_KEY, ADMIN_KEY -> api.anonymous().withKey(key(workspaceId, who.role));
            case DEVELOPER_SESSION, ADMIN_SESSION -> signedIn("matrix-" + who.name().toLowerCase().replace('_', '-'),
                    who.role, workspaceId);
            case OPERATOR_SESSION -> signedIn("matrix-operator", Role.OPERATOR, null);
        });
    }
}
