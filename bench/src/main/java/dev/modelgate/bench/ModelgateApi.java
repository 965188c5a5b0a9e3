package dev.modelgate.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Modelgate API calls that set the benchmark up and read what it did, made in one console session: as the
 * platform operator (create the benchmark's workspace, approve its role's registration, read the server's metrics) or
 * as the workspace's admin (Modelgate's identity, register the role, create an API key, create a model, Test it,
 * preview its body, read it, read the workspace's usage).
 *
 * <p>The session is handled by hand: the session and CSRF cookies are {@code Secure}, which
 * {@link java.net.CookieManager} would not send back over plain HTTP. Every request carries the cookies received
 * so far, and every request that changes something the latest {@code XSRF-TOKEN} in {@code X-XSRF-TOKEN}.
 */
final class ModelgateApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CSRF_COOKIE = "XSRF-TOKEN";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, Integer> upstreams = new java.util.TreeMap<>();

    private ModelgateApi(URI base) {
        this.base = base;
    }

    /** A console account's name and password; the password never appears in {@link #toString()}. */
    record Account(String username, String password) {

        /** {@code username} with a random password of 32 characters (192 bits). */
        static Account withRandomPassword(String username) {
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            return new Account(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }

        @Override
        public String toString() {
            return "Account[" + username + "]";
        }
    }

    /**
     * Signs {@code account} in to the console at {@code base}: {@code GET /api/v1/session} for a CSRF token, then
     * {@code POST /api/v1/session} with it.
     */
    static ModelgateApi signIn(URI base, Account account) throws IOException, InterruptedException {
        ModelgateApi api = new ModelgateApi(base);
        try {
            api.send(api.request("/api/v1/session").GET());
            if (!api.cookies.containsKey(CSRF_COOKIE)) {
                throw new IllegalStateException("GET /api/v1/session set no " + CSRF_COOKIE + " cookie");
            }
            expect(200, api.post("/api/v1/session",
                    Map.of("username", account.username(), "password", account.password())),
                    "signing in as " + account.username());
            return api;
        } catch (IOException | InterruptedException | RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** The body Modelgate would send to Bedrock for {@code values}, exactly, and the model ID it would send it to. */
    record Preview(String bodyText, String modelId) {
    }

    /** Modelgate's principal as a tenant's role must trust it: the workspace's External ID and the trust policy. */
    record Identity(String externalId, String trustPolicy) {
    }

    /** An operator's call, {@code POST /api/v1/operator/workspaces}: a new workspace with its first admin. */
    JsonNode createWorkspace(String name, Account admin) throws IOException, InterruptedException {
        return expect(201, post("/api/v1/operator/workspaces", Map.of("name", name,
                "admin", Map.of("username", admin.username(), "password", admin.password()))),
                "creating the workspace " + name);
    }

    /** An operator's call: approves the registration {@code id}; Modelgate assumes only approved roles. */
    void approveRegistration(String id) throws IOException, InterruptedException {
        expect(200, post("/api/v1/operator/registrations/" + id + "/approve", Map.of()),
                "approving the role's registration");
    }

    /** An admin's call, {@code POST /api/v1/registrations}: the registration's ID, pending approval. */
    String registerRole(String roleArn) throws IOException, InterruptedException {
        return expect(201, post("/api/v1/registrations", Map.of("roleArn", roleArn)), "registering the role")
                .path("id").asString();
    }

    /** An admin's call, {@code POST /api/v1/keys}: the new key's token, answered this once. */
    String createKey(String name, String role) throws IOException, InterruptedException {
        JsonNode token = expect(201, post("/api/v1/keys", Map.of("name", name, "role", role)),
                "creating the " + role + " key").path("token");
        if (!token.isString()) {
            throw new IllegalStateException("the created key's answer has no token");
        }
        return token.stringValue();
    }

    /** {@code GET /api/v1/platform/identity}: the External ID and the trust policy as JSON text, ready to paste. */
    Identity platformIdentity() throws IOException, InterruptedException {
        JsonNode identity = expect(200, get("/api/v1/platform/identity"), "reading Modelgate's identity");
        return new Identity(identity.get("externalId").stringValue(), JSON.writeValueAsString(identity.get("trustPolicy")));
    }

    /** {@code POST /api/v1/models}: the created model. */
    JsonNode createModel(Map<String, Object> draft) throws IOException, InterruptedException {
        return expect(201, post("/api/v1/models", draft), "creating the model");
    }

    /** {@code POST /api/v1/models/{id}/test} with the variables' test values: the Test's run, passed or failed. */
    JsonNode test(String id) throws IOException, InterruptedException {
        return expect(200, post("/api/v1/models/" + id + "/test", Map.of()), "testing the model");
    }

    /** {@code POST /api/v1/models/{id}/preview} with {@code values}. */
    Preview preview(String id, Map<String, Object> values) throws IOException, InterruptedException {
        JsonNode preview = expect(200, post("/api/v1/models/" + id + "/preview", Map.of("values", values)),
                "previewing the model's body");
        return new Preview(preview.get("bodyText").stringValue(), preview.get("modelId").stringValue());
    }

    /** {@code GET /api/v1/models/{id}}. */
    JsonNode model(String id) throws IOException, InterruptedException {
        return expect(200, get("/api/v1/models/" + id), "reading the model");
    }

    /**
     * An admin's call, {@code GET /api/v1/usage?from=…&to=…&kind=…}: the workspace's usage of that kind
     * ({@code INVOKE} or {@code TEST}) from {@code from} (inclusive) to {@code to} (exclusive).
     */
    JsonNode usage(Instant from, Instant to, String kind) throws IOException, InterruptedException {
        return expect(200, get("/api/v1/usage?from=" + from + "&to=" + to + "&kind=" + kind), "reading the " + kind
                + " usage");
    }

    /**
     * An operator's call, {@code GET /actuator/metrics/{name}?tag=…}: the meter's measurements ({@code COUNT},
     * {@code VALUE}, …) and available tags; {@code tags} as {@code key:value}. Empty when no such meter was
     * registered (yet): a counter of something that never happened.
     */
    Optional<JsonNode> metric(String name, String... tags) throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = get(path.toString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(expect(200, response, "reading the metric " + name));
    }

    /** An operator's call, {@code GET /actuator/metrics}: the names of every meter registered. */
    java.util.List<String> metricNames() throws IOException, InterruptedException {
        java.util.List<String> names = new java.util.ArrayList<>();
        expect(200, get("/actuator/metrics"), "listing the metrics").path("names")
                .forEach(name -> names.add(name.asString()));
        return names;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        String csrf = cookies.get(CSRF_COOKIE);
        if (csrf != null) {
            request.header("X-XSRF-TOKEN", csrf);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    /**
     * Behind {@link ClusterNginx}: how many of this session's requests each upstream answered (its
     * {@value ClusterNginx#UPSTREAM_HEADER}); empty elsewhere.
     */
    Map<String, Integer> upstreams() {
        return Map.copyOf(upstreams);
    }

    /** Sends the request and keeps the cookies the answer sets (a cookie set empty or expired is dropped). */
    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue(ClusterNginx.UPSTREAM_HEADER).ifPresent(u -> upstreams.merge(u, 1, Integer::sum));
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                expired |= parts[i].strip().equalsIgnoreCase("Max-Age=0");
            }
            if (value.isEmpty() || expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private static JsonNode expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": " + response.request().method() + " " + response.uri().getPath()
                    + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        http.close();
    }
}
