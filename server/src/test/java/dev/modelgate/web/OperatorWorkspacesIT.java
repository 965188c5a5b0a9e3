package dev.modelgate.web;

import static dev.modelgate.web.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/operator/workspaces[/{id}[/overview]]}: each workspace's counts of models, keys, members and
 * agents' calls, and one workspace's overview, for two workspaces built through the real services side by side.
 */
class OperatorWorkspacesIT extends ApiTestBase {

    private static final String WORKSPACES = "/api/v1/operator/workspaces";

    @Autowired
    UsageRecorder recorder;

    @Autowired
    ExternalModels models;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final Instant hourAgo = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    private Api operator;

    @BeforeEach
    void signInAsOperator() {
        operator = signedIn("ops-" + suffix, Role.OPERATOR, null);
    }

    /** A workspace created by the operator, with its first admin signed in. */
    private record Tenant(JsonNode workspace, String id, Api admin) {
    }

    private Tenant tenant(String name) {
        JsonNode created = operator.post(WORKSPACES, Map.of("name", name + "-" + suffix, "admin",
                Map.of("username", name + "-admin-" + suffix, "password", "the admin's passphrase"))).json();
        JsonNode workspace = created.get("workspace");
        return new Tenant(workspace, workspace.get("id").stringValue(),
                api.anonymous().signIn(name + "-admin-" + suffix, "the admin's passphrase"));
    }

    private String model(Tenant tenant, String name, boolean live) {
        JsonNode model = tenant.admin().post(Api.MODELS, Drafts.valid(name)).json();
        String id = model.get("id").stringValue();
        if (live) {
            assertThat(models.markReady(tenant.id(), id, 1)).isTrue();
        }
        return id;
    }

    private void call(Tenant tenant, String modelId, String name, UsageKind kind, String outcome, long input,
                      long output, Instant at, ApiKeys.Created key) {
        UsageRecord record = UsageRecord.create(tenant.id(), modelId, name, kind, outcome, input, output,
                TokenSource.MAPPING, 100, null, at);
        recorder.record(key == null ? record : record.withCaller(
                new UsageCaller(UsageCaller.Kind.KEY, key.key().id(), key.key().prefix() + " (" + key.key().name() + ")")));
    }

    private static ObjectNode counts(long models, long live, long keys, long members, long calls, long failed,
                                     Instant lastCall) {
        ObjectNode counts = Api.JSON.createObjectNode().put("models", models).put("liveModels", live)
                .put("activeKeys", keys).put("members", members).put("callsLast30Days", calls)
                .put("failedCallsLast30Days", failed);
        return lastCall == null ? counts.putNull("lastCallAt") : counts.put("lastCallAt", lastCall.toString());
    }

    private static ObjectNode withCounts(JsonNode workspace, ObjectNode counts) {
        ObjectNode expected = (ObjectNode) workspace.deepCopy();
        expected.set("counts", counts);
        return expected;
    }

    @Test
    void workspaces_answerEachOnesCounts_neverMixingAnotherWorkspacesIn() {
        Tenant a = tenant("alpha");
        Tenant b = tenant("beta");
        String haiku = model(a, "haiku", true);
        model(a, "sonnet", false);
        String betaModel = model(b, "haiku", true);
        ApiKeys.Created agent = apiKeys.create(a.id(), "agent", Role.AGENT, null, "test");
        ApiKeys.Created revoked = apiKeys.create(a.id(), "old", Role.AGENT, null, "test");
        apiKeys.revoke(a.id(), revoked.key().id(), "test");
        apiKeys.create(b.id(), "beta-agent", Role.AGENT, null, "test");
        a.admin().post("/api/v1/members", Map.of("username", "dev", "password", "a developer's passphrase",
                "role", "DEVELOPER")).json();
        call(a, haiku, "haiku", UsageKind.INVOKE, "OK", 10, 5, hourAgo.minus(Duration.ofDays(2)), agent);
        call(a, haiku, "haiku", UsageKind.CHAT_COMPLETIONS, "OK", 20, 7, hourAgo, agent);
        call(a, haiku, "haiku", UsageKind.INVOKE, "THROTTLED", 0, 0, hourAgo.minus(Duration.ofDays(1)), agent);
        call(a, haiku, "haiku", UsageKind.TEST, "OK", 1, 1, hourAgo.plus(Duration.ofMinutes(30)), null);
        call(a, haiku, "haiku", UsageKind.INVOKE, "OK", 100, 100, hourAgo.minus(Duration.ofDays(31)), agent);
        call(b, betaModel, "haiku", UsageKind.INVOKE, "OK", 3, 3, hourAgo.minus(Duration.ofDays(3)), null);

        JsonNode list = operator.get(WORKSPACES).json().get("workspaces");
        ObjectNode alphaCounts = counts(2, 1, 1, 2, 3, 1, hourAgo);
        ObjectNode betaCounts = counts(1, 1, 1, 1, 1, 0, hourAgo.minus(Duration.ofDays(3)));
        assertThat(Api.canonical(item(list, a.id()))).isEqualTo(Api.canonical(withCounts(a.workspace(), alphaCounts)));
        assertThat(Api.canonical(item(list, b.id()))).isEqualTo(Api.canonical(withCounts(b.workspace(), betaCounts)));
        operator.get(WORKSPACES + "/" + b.id()).assertJson(200, withCounts(b.workspace(), betaCounts));
    }

    @Test
    void newWorkspace_countsItsFirstAdmin_andNothingElse() {
        Tenant fresh = tenant("fresh");

        assertThat(Api.canonical(fresh.workspace().get("counts")))
                .isEqualTo(Api.canonical(counts(0, 0, 0, 1, 0, 0, null)));
        operator.get(WORKSPACES + "/" + fresh.id()).assertJson(200, fresh.workspace());
    }

    @Test
    void overview_listsModelsKeysMembersAndRegistrations_withoutAnySecret() {
        Tenant a = tenant("gamma");
        Tenant b = tenant("delta");
        String haiku = model(a, "haiku", true);
        String sonnet = model(a, "sonnet", false);
        model(b, "other", true);
        ApiKeys.Created agent = apiKeys.create(a.id(), "agent", Role.AGENT, null, "test");
        ApiKeys.Created unused = apiKeys.create(a.id(), "unused", Role.DEVELOPER, null, "test");
        apiKeys.revoke(a.id(), unused.key().id(), "test");
        ApiKeys.Created betaKey = apiKeys.create(b.id(), "beta-agent", Role.AGENT, null, "test");
        String registration = a.admin().post("/api/v1/registrations", Map.of("roleArn", Drafts.ROLE_ARN)).json()
                .get("id").stringValue();
        call(a, haiku, "haiku", UsageKind.INVOKE, "OK", 10, 5, hourAgo.minus(Duration.ofDays(1)), agent);
        call(a, haiku, "haiku", UsageKind.INVOKE, "MAPPING_FAILED", 20, 0, hourAgo, agent);
        call(b, null, "other", UsageKind.INVOKE, "OK", 1000, 1000, hourAgo, betaKey);

        Api.Reply reply = operator.get(WORKSPACES + "/" + a.id() + "/overview");
        JsonNode overview = reply.json();
        ObjectNode expected = Api.JSON.createObjectNode();
        expected.set("workspace", withCounts(a.workspace(), counts(2, 1, 1, 1, 2, 1, hourAgo)));
        expected.set("models", Api.parse("""
                [{"id": "%s", "name": "haiku", "status": "READY", "revision": 1, "liveRevision": 1,
                  "inferenceEnabled": true, "calls": 2, "failedCalls": 1, "inputTokens": 30, "outputTokens": 5,
                  "cost": "0.000000000", "unpricedCalls": 2},
                 {"id": "%s", "name": "sonnet", "status": "DRAFT", "revision": 1, "liveRevision": null,
                  "inferenceEnabled": true, "calls": 0, "failedCalls": 0, "inputTokens": 0, "outputTokens": 0,
                  "cost": "0.000000000", "unpricedCalls": 0}]
                """.formatted(haiku, sonnet)));
        expected.set("keys", Api.parse("""
                [{"id": "%s", "name": "agent", "prefix": "%s", "role": "AGENT", "state": "ACTIVE",
                  "createdBy": "test", "lastUsedAt": "%s"},
                 {"id": "%s", "name": "unused", "prefix": "%s", "role": "DEVELOPER", "state": "REVOKED",
                  "createdBy": "test", "lastUsedAt": null}]
                """.formatted(agent.key().id(), agent.key().prefix(), hourAgo, unused.key().id(),
                unused.key().prefix())));
        expected.set("members", Api.parse("""
                [{"id": "%s", "username": "gamma-admin-%s", "role": "ADMIN"}]
                """.formatted(overview.get("members").get(0).get("id").stringValue(), suffix)));
        expected.set("registrations", Api.parse("""
                {"states": {"PENDING": 1},
                 "items": [{"id": "%s", "roleArn": "%s", "state": "PENDING", "decidedAt": null}]}
                """.formatted(registration, Drafts.ROLE_ARN)));

        assertThat(Api.canonical(withoutTimes(overview))).isEqualTo(Api.canonical(expected));
        assertThat(fieldNames(overview)).noneMatch(name -> name.matches("(?i)token|.*(hash|secret|password).*"));
        assertThat(reply.body()).doesNotContain(agent.token().substring(12)).doesNotContain(betaKey.key().prefix());
    }

    @Test
    void overview_ofAnUnknownWorkspace_isNotFound() {
        operator.get(WORKSPACES + "/no-such-workspace/overview").assertProblem(problem(404, "not-found", "Not found",
                "no workspace with id no-such-workspace", WORKSPACES + "/no-such-workspace/overview"));
        operator.get(WORKSPACES + "/no-such-workspace").assertProblem(problem(404, "not-found", "Not found",
                "no workspace with id no-such-workspace", WORKSPACES + "/no-such-workspace"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                names.add(field.getKey());
                names.addAll(fieldNames(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(element -> names.addAll(fieldNames(element)));
        }
        return names;
    }

    private static JsonNode item(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.get("id").stringValue().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no workspace " + id + " in " + list);
    }

    /** The overview without the times the services chose (each checked to be there). */
    private static JsonNode withoutTimes(JsonNode overview) {
        ObjectNode copy = (ObjectNode) overview.deepCopy();
        strip(copy.get("models"), "updatedAt");
        strip(copy.get("keys"), "createdAt");
        strip(copy.get("members"), "createdAt");
        strip(copy.get("registrations").get("items"), "requestedAt");
        return copy;
    }

    private static void strip(JsonNode items, String field) {
        for (JsonNode item : items) {
            assertThat(Instant.parse(item.get(field).stringValue())).isBefore(Instant.now().plusSeconds(1));
            ((ObjectNode) item).remove(field);
        }
    }
}
