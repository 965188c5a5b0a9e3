package dev.modelgate.web;

import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.parse;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * API keys over real HTTP: the token is answered once and stored only as a hash, keys are listed by prefix, a
 * revoked or expired key is refused from the next request on, each role does what it may, and every creation and
 * revocation is audited exactly once.
 */
class ApiKeysIT extends ApiTestBase {

    private static final String KEYS = "/api/v1/keys";
    private static final String TOKEN = "mgk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}";

    @Override
    String workspaceName() {
        return "keys";
    }

    @BeforeEach
    void noOtherKeys() {
        jdbc.sql("DELETE FROM api_keys WHERE workspace_id = ? AND name <> 'test-admin'").param(workspace().id())
                .update();
        jdbc.sql("DELETE FROM audit_events WHERE workspace_id = ?").param(workspace().id()).update();
    }

    private JsonNode createKey(String name, String role) {
        Api.Reply reply = api.post(KEYS, Map.of("name", name, "role", role));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    @Test
    void create_answersTheTokenOnce_uncached_andStoresOnlyItsHash() {
        Api.Reply reply = api.post(KEYS, Map.of("name", "ci agent", "role", "AGENT"));

        assertThat(reply.status()).isEqualTo(201);
        JsonNode created = reply.json();
        String token = created.get("token").stringValue();
        String id = created.get("id").stringValue();
        assertThat(token).matches(TOKEN);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.header("Location")).isEqualTo(KEYS + "/" + id);
        ObjectNode expected = (ObjectNode) parse("""
                {"id": "%s", "name": "ci agent", "role": "AGENT", "prefix": "%s", "state": "ACTIVE",
                 "createdBy": "%s", "expiresAt": null, "models": null, "limits": null, "token": "%s"}"""
                .formatted(id, token.substring(0, 12), actor, token));
        expected.set("createdAt", created.get("createdAt"));
        assertThat(Api.canonical(created)).isEqualTo(Api.canonical(expected));

        String secret = token.substring(13);
        for (Api.Reply later : List.of(api.get(KEYS), api.get(KEYS + "/" + id))) {
            assertThat(later.body()).doesNotContain(secret).doesNotContain(sha256(token))
                    .contains(token.substring(0, 12));
        }
        Map<String, Object> row = jdbc.sql("SELECT * FROM api_keys WHERE id = ?").param(id).query().singleRow();
        assertThat(row.get("SECRET_HASH")).isEqualTo(sha256(token));
        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(secret));
        assertThat(jdbc.sql("SELECT details FROM audit_events WHERE resource_id = ?").param(id).query(String.class)
                .list()).singleElement().satisfies(details -> assertThat(details).doesNotContain(secret));
    }

    @Test
    void key_authenticatesItsRole_andTheListShowsItByPrefix() {
        JsonNode agent = createKey("agent", "AGENT");
        JsonNode developer = createKey("developer", "DEVELOPER");
        Api asAgent = api.anonymous().withKey(agent.get("token").stringValue());
        Api asDeveloper = api.anonymous().withKey(developer.get("token").stringValue());

        asAgent.post(Api.MODELS + "/nothing-here/invoke", Map.of()).assertProblem(problem(404, "not-found",
                "Not found", "no model named \"nothing-here\"", Api.MODELS + "/nothing-here/invoke"));
        assertThat(asAgent.get(Api.MODELS).status()).isEqualTo(403);
        assertThat(asDeveloper.get(Api.MODELS).status()).isEqualTo(200);
        assertThat(asDeveloper.get(KEYS).status()).isEqualTo(403);
        List<String> listed = api.get(KEYS).json().get("keys").valueStream()
                .map(k -> k.get("prefix").stringValue() + " " + k.get("role").stringValue() + " "
                        + k.get("state").stringValue()).toList();
        assertThat(listed).contains(developer.get("prefix").stringValue() + " DEVELOPER ACTIVE",
                agent.get("prefix").stringValue() + " AGENT ACTIVE");
    }

    @Test
    void revoke_refusesTheKeyFromTheNextRequestOn_andIsAuditedOnce() {
        JsonNode key = createKey("to revoke", "DEVELOPER");
        String id = key.get("id").stringValue();
        Api holder = api.anonymous().withKey(key.get("token").stringValue());
        assertThat(holder.get(Api.MODELS).status()).isEqualTo(200);

        JsonNode revoked = api.post(KEYS + "/" + id + "/revoke", Map.of()).json();

        assertThat(revoked.get("state").stringValue()).isEqualTo("REVOKED");
        assertThat(revoked.get("revokedBy").stringValue()).isEqualTo(actor);
        holder.get(Api.MODELS).assertProblem(problem(401, "invalid-api-key", "Invalid API key",
                "the API key " + key.get("prefix").stringValue() + " was revoked at "
                        + revoked.get("revokedAt").stringValue(), Api.MODELS));
        assertThat(api.post(KEYS + "/" + id + "/revoke", Map.of()).json().get("revokedAt"))
                .isEqualTo(revoked.get("revokedAt"));
        List<String> actions = api.get("/api/v1/audit?resourceId=" + id).json().get("items").valueStream()
                .map(e -> e.get("action").stringValue()).toList();
        assertThat(actions).containsExactly("KEY_REVOKED", "KEY_CREATED");
    }

    @Test
    void expiredKey_isRefused_sayingWhen() {
        String prefix = "mgk_" + "expired2";
        String token = prefix + "_" + "E".repeat(43);
        Instant expired = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("INSERT INTO api_keys (id, workspace_id, name, role, prefix, secret_hash, created_at, created_by, "
                        + "expires_at) VALUES (?, ?, 'expired', 'ADMIN', ?, ?, ?, 'test', ?)")
                .params(UUID.randomUUID().toString(), workspace().id(), prefix, sha256(token),
                        Timestamp.from(expired.minusSeconds(3600)), Timestamp.from(expired)).update();

        api.anonymous().withKey(token).get(Api.MODELS).assertProblem(problem(401, "invalid-api-key",
                "Invalid API key", "the API key " + prefix + " expired at " + expired, Api.MODELS));
        assertThat(api.get(KEYS).json().get("keys").valueStream().filter(k -> k.get("prefix").stringValue()
                .equals(prefix)).map(k -> k.get("state").stringValue())).containsExactly("EXPIRED");
    }

    @Test
    void create_withExpiry_isActiveUntilThen() {
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        JsonNode key = api.post(KEYS, Map.of("name", "short lived", "role", "AGENT", "expiresAt", expiry.toString()))
                .json();

        assertThat(key.get("expiresAt").stringValue()).isEqualTo(expiry.toString());
        assertThat(key.get("state").stringValue()).isEqualTo("ACTIVE");
    }

    @Test
    void create_badInput_namesEachFieldAndRule_andCreatesNothing() {
        String past = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

        api.post(KEYS, Map.of("name", " ", "role", "OPERATOR", "expiresAt", past)).assertProblem(invalid(KEYS,
                "3 fields are invalid; see violations",
                violation("name", "key-name", "name must be 1 to 100 characters without control characters"),
                violation("role", "key-role", "role must be ADMIN, DEVELOPER or AGENT"),
                violation("expiresAt", "key-expiry", "expiresAt must be in the future and at most 1098 days "
                        + "ahead, got " + past)));
        assertThat(api.get(KEYS).json().get("keys")).hasSize(1);
    }

    @Test
    void create_withModels_answersAndListsTheScope_andAuditsIt() {
        Api.Reply reply = api.post(KEYS, Map.of("name", "support bot", "role", "AGENT",
                "models", List.of("haiku", "support-*")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String id = reply.json().get("id").stringValue();
        JsonNode scope = parse("[\"haiku\", \"support-*\"]");
        assertThat(reply.json().get("models")).isEqualTo(scope);
        assertThat(api.get(KEYS + "/" + id).json().get("models")).isEqualTo(scope);
        assertThat(api.get(KEYS).json().get("keys").valueStream().filter(k -> k.get("id").stringValue().equals(id))
                .map(k -> k.get("models"))).containsExactly(scope);
        JsonNode details = api.get("/api/v1/audit?resourceId=" + id).json().at("/items/0/details");
        assertThat(details.get("models")).isEqualTo(scope);
        assertThat(api.get(KEYS).json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals("test-admin")).map(k -> k.get("models").isNull()))
                .containsExactly(true);
    }

    @Test
    void create_withLimits_answersAndListsThem_andAuditsThem() {
        Api.Reply reply = api.post(KEYS, Map.of("name", "fast bot", "role", "AGENT",
                "limits", Map.of("requestsPerSecond", 5, "burst", 10)));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String id = reply.json().get("id").stringValue();
        JsonNode limits = parse("{\"requestsPerSecond\": 5, \"burst\": 10}");
        assertThat(reply.json().get("limits")).isEqualTo(limits);
        assertThat(api.get(KEYS + "/" + id).json().get("limits")).isEqualTo(limits);
        assertThat(api.get(KEYS).json().get("keys").valueStream().filter(k -> k.get("id").stringValue().equals(id))
                .map(k -> k.get("limits"))).containsExactly(limits);
        JsonNode details = api.get("/api/v1/audit?resourceId=" + id).json().at("/items/0/details");
        assertThat(details.get("limits")).isEqualTo(limits);
        assertThat(api.post(KEYS + "/" + id + "/revoke", Map.of()).json().get("limits")).isEqualTo(limits);
        assertThat(api.get(KEYS).json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals("test-admin")).map(k -> k.get("limits").isNull()))
                .containsExactly(true);
    }

    @Test
    void create_withoutLimits_auditsNullLimits() {
        String id = createKey("plain", "AGENT").get("id").stringValue();

        JsonNode details = api.get("/api/v1/audit?resourceId=" + id).json().at("/items/0/details");
        assertThat(details.get("limits").isNull()).isTrue();
    }

    @Test
    void create_limitsOutOfBounds_nameEachFieldAndRule_andCreateNothing() {
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT",
                "limits", Map.of("requestsPerSecond", 0, "burst", 100_001)))
                .assertProblem(invalid(KEYS, "2 fields are invalid; see violations",
                        violation("limits.requestsPerSecond", "key-limit-rate",
                                "limits.requestsPerSecond must be 1 to 10000, got 0"),
                        violation("limits.burst", "key-limit-burst", "limits.burst must be 1 to 100000, got 100001")));
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT",
                "limits", Map.of("requestsPerSecond", 10_001, "burst", 0)))
                .assertProblem(invalid(KEYS, "2 fields are invalid; see violations",
                        violation("limits.requestsPerSecond", "key-limit-rate",
                                "limits.requestsPerSecond must be 1 to 10000, got 10001"),
                        violation("limits.burst", "key-limit-burst", "limits.burst must be 1 to 100000, got 0")));
        assertThat(api.get(KEYS).json().get("keys")).hasSize(1);
    }

    @Test
    void create_limitsMissingAPart_orBoth_isRefused_namingWhatIsMissing() {
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT", "limits", Map.of("requestsPerSecond", 5)))
                .assertProblem(invalid(KEYS, violation("limits.burst", "key-limit-burst",
                        "limits.burst must be 1 to 100000, got null")));
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT", "limits", Map.of("burst", 5)))
                .assertProblem(invalid(KEYS, violation("limits.requestsPerSecond", "key-limit-rate",
                        "limits.requestsPerSecond must be 1 to 10000, got null")));
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT", "limits", Map.of()))
                .assertProblem(invalid(KEYS, violation("limits", "key-limits-incomplete",
                        "limits must give requestsPerSecond and burst; leave it out for the configured per-caller "
                                + "limit")));
        assertThat(api.get(KEYS).json().get("keys")).hasSize(1);
    }

    @Test
    void create_emptyModels_isRefused_sayingHowToAllowEveryModel() {
        api.post(KEYS, Map.of("name", "nothing", "role", "AGENT", "models", List.of())).assertProblem(invalid(KEYS,
                violation("models", "key-models-empty", "models must name at least one model or pattern; leave it "
                        + "out for a key that may call every model of the workspace")));
        assertThat(api.get(KEYS).json().get("keys")).hasSize(1);
    }

    @Test
    void create_badModelEntries_nameEachIndexAndRule_andCreatesNothing() {
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT", "models", List.of("haiku", "has space", "a/b*")))
                .assertProblem(invalid(KEYS, "2 fields are invalid; see violations",
                        violation("models[1]", "key-model-pattern", "models[1] must be 1 to 100 of the characters "
                                + "A-Z a-z 0-9 . _ - and *, got \"has space\""),
                        violation("models[2]", "key-model-pattern", "models[2] must be 1 to 100 of the characters "
                                + "A-Z a-z 0-9 . _ - and *, got \"a/b*\"")));
        List<String> many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "m" + i).toList();
        api.post(KEYS, Map.of("name", "bot", "role", "AGENT", "models", many)).assertProblem(invalid(KEYS,
                violation("models", "key-models-size", "models may hold at most 20 names or patterns, got 21")));
        assertThat(api.get(KEYS).json().get("keys")).hasSize(1);
    }

    @Test
    void create_pastTheLimitOfActiveKeys_isRefused_untilOneIsRevoked() {
        for (int i = 1; i < 100; i++) {
            apiKeys.create(workspace().id(), "bulk " + i, Role.AGENT, null, "test");
        }

        api.post(KEYS, Map.of("name", "one too many", "role", "AGENT")).assertProblem(invalid(KEYS,
                violation("name", "max-active-keys",
                        "the workspace has 100 active keys, the most allowed; revoke one first")));
        String some = api.get(KEYS).json().get("keys").valueStream()
                .filter(k -> k.get("name").stringValue().equals("bulk 1")).findFirst().orElseThrow()
                .get("id").stringValue();
        api.post(KEYS + "/" + some + "/revoke", Map.of());
        assertThat(api.post(KEYS, Map.of("name", "now it fits", "role", "AGENT")).status()).isEqualTo(201);
    }

    @Test
    void unknownKey_is404() {
        String id = UUID.randomUUID().toString();

        api.get(KEYS + "/" + id).assertProblem(problem(404, "not-found", "Not found", "no API key with id " + id,
                KEYS + "/" + id));
        api.post(KEYS + "/" + id + "/revoke", Map.of()).assertProblem(problem(404, "not-found", "Not found",
                "no API key with id " + id, KEYS + "/" + id + "/revoke"));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
