package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API over real HTTP/1.1 against the server's random port, so that filters, message conversion and Tomcat act
 * as in production; plus the JSON helpers web tests compare bodies with.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();
    static final String PROBLEM_JSON = "application/problem+json";
    static final String MODELS = "/api/v1/models";

    private final URI base;
    private final HttpClient http;
    private final List<String> defaultHeaders;

    Api(int port, HttpClient.Redirect redirects) {
        this(URI.create("http://127.0.0.1:" + port),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(redirects).build(),
                List.of());
    }

    private Api(URI base, HttpClient http, List<String> defaultHeaders) {
        this.base = base;
        this.http = http;
        this.defaultHeaders = defaultHeaders;
    }

    /** This API as the holder of {@code token}: every request carries {@code Authorization: Bearer <token>}. */
    Api withKey(String token) {
        return new Api(base, http, List.of("Authorization", "Bearer " + token));
    }

    /**
     * Signs in to the console's session as a browser does (a first request for the CSRF cookie, then the sign-in
     * with it) and answers this API acting in that session: the session and CSRF cookies, and the CSRF header.
     */
    Api signIn(String username, String password) {
        Api anonymous = anonymous();
        String csrf = cookie(anonymous.get("/api/v1/session"), "XSRF-TOKEN");
        Reply reply = anonymous.post("/api/v1/session", Map.of("username", username, "password", password),
                "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
        if (reply.status() != 200) {
            throw new AssertionError("could not sign in as " + username + ": " + reply.status() + " " + reply.body());
        }
        String session = cookie(reply, "MODELGATE_SESSION");
        String newCsrf = cookie(reply, "XSRF-TOKEN");
        return new Api(base, http, List.of("Cookie", "MODELGATE_SESSION=" + session + "; XSRF-TOKEN=" + newCsrf,
                "X-XSRF-TOKEN", newCsrf));
    }

    /** The session cookie's value this API sends; null when it acts with no session. */
    String sessionCookie() {
        for (int i = 0; i < defaultHeaders.size(); i += 2) {
            String value = defaultHeaders.get(i + 1);
            if (defaultHeaders.get(i).equals("Cookie") && value.startsWith("MODELGATE_SESSION=")) {
                return value.substring("MODELGATE_SESSION=".length(), value.indexOf(';'));
            }
        }
        return null;
    }

    /** The CSRF token this API sends in {@code X-XSRF-TOKEN}; null when it acts with no session. */
    String csrfToken() {
        for (int i = 0; i < defaultHeaders.size(); i += 2) {
            if (defaultHeaders.get(i).equals("X-XSRF-TOKEN")) {
                return defaultHeaders.get(i + 1);
            }
        }
        return null;
    }

    /** The value {@code reply} sets for cookie {@code name}. */
    static String cookie(Reply reply, String name) {
        return reply.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + reply.headers().map()));
    }

    /** This API with no credentials at all. */
    Api anonymous() {
        return new Api(base, http, List.of());
    }

    /** A response, read whole. */
    record Reply(int status, HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The status, {@code Content-Type: application/problem+json} and the whole body, compared exactly. */
        Reply assertProblem(JsonNode expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expected.get("status").intValue());
            assertThat(header("Content-Type")).isEqualTo(PROBLEM_JSON);
            assertThat(canonical(json())).isEqualTo(canonical(expected));
            return this;
        }

        /** A 2xx JSON body, compared exactly. */
        Reply assertJson(int expectedStatus, JsonNode expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(header("Content-Type")).isEqualTo("application/json");
            assertThat(canonical(json())).isEqualTo(canonical(expected));
            return this;
        }
    }

    Reply get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    Reply post(String path, Object body, String... headers) {
        return send("POST", path, json(body), withJson(headers));
    }

    Reply put(String path, Object body, String... headers) {
        return send("PUT", path, json(body), withJson(headers));
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, BodyPublishers.noBody(), headers);
    }

    /** {@code body} as is, with {@code Content-Length}. */
    Reply sendRaw(String method, String path, byte[] body, String... headers) {
        return send(method, path, BodyPublishers.ofByteArray(body), headers);
    }

    /** {@code body} as is, chunked: no {@code Content-Length}, so the server learns the size only by reading. */
    Reply sendChunked(String method, String path, byte[] body, String... headers) {
        return send(method, path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), headers);
    }

    Reply send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method, body);
        boolean ownAuthorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            ownAuthorization |= headers[i].equalsIgnoreCase("Authorization") || headers[i].equalsIgnoreCase("Cookie");
        }
        for (int i = 0; i < defaultHeaders.size() && !ownAuthorization; i += 2) {
            request.header(defaultHeaders.get(i), defaultHeaders.get(i + 1));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return checkedAgainstTheTable(new Reply(response.statusCode(), response.headers(), response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * POSTs {@code body} as JSON and opens the answer as a stream of lines, read as the test pulls them (the client
     * asks the server for no more than it reads): an event stream, or a problem read whole.
     */
    EventStream stream(String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(json(body));
        for (int i = 0; i < defaultHeaders.size(); i += 2) {
            request.header(defaultHeaders.get(i), defaultHeaders.get(i + 1));
        }
        String[] all = withJson(headers);
        for (int i = 0; i < all.length; i += 2) {
            request.header(all[i], all[i + 1]);
        }
        try {
            return new EventStream(http.send(request.build(), BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every problem any web test receives is one of {@link ErrorCode}'s, with the status and title the table gives
     * it: an answer with a code outside the table fails the test that provoked it.
     */
    static Reply checkedAgainstTheTable(Reply reply) {
        if (!PROBLEM_JSON.equals(reply.header("Content-Type"))) {
            return reply;
        }
        JsonNode problem = reply.json();
        String type = problem.path("type").asString("");
        assertThat(type).as("problem type of %s", reply.body()).startsWith(ErrorCode.TYPE_BASE);
        ErrorCode code = ErrorCode.of(type.substring(ErrorCode.TYPE_BASE.length())).orElseThrow(
                () -> new AssertionError("the API answered " + type + ", a code that is not in ErrorCode: "
                        + reply.body()));
        assertThat(code.answered()).as("%s is only a diagnosis of the Test, yet the API answered it", code).isTrue();
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(code.status());
        assertThat(problem.path("status").asInt()).as("status member of %s", reply.body()).isEqualTo(code.status());
        assertThat(problem.path("title").asString("")).as("title of %s", reply.body()).isEqualTo(code.title());
        return reply;
    }

    private static BodyPublisher json(Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    private static String[] withJson(String[] headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return all.toArray(String[]::new);
    }

    // JSON helpers

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** Sorted keys, indented: equal JSON compares equal as text, and a difference shows as a readable diff. */
    static String canonical(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    static ObjectNode problem(int status, String slug, String title, String detail, String instance) {
        return JSON.createObjectNode()
                .put("type", "https://modelgate.dev/problems/" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance);
    }

    /** A 422 listing {@code violations}; with one, its message is the detail. */
    static ObjectNode invalid(String instance, String detail, ObjectNode... violations) {
        return problem(422, "invalid-input", "Invalid input", detail, instance).set("violations", array(violations));
    }

    /** A 422 of one violation, whose message is the detail. */
    static ObjectNode invalid(String instance, ObjectNode violation) {
        return invalid(instance, violation.get("message").stringValue(), violation);
    }

    static ObjectNode violation(String field, String rule, String message) {
        return JSON.createObjectNode().put("field", field).put("rule", rule).put("message", message);
    }

    static ObjectNode violation(String field, String rule, String message, int line, int column) {
        return violation(field, rule, message).put("line", line).put("column", column);
    }

    static ArrayNode array(JsonNode... elements) {
        ArrayNode array = JSON.createArrayNode();
        for (JsonNode element : elements) {
            array.add(element);
        }
        return array;
    }
}
