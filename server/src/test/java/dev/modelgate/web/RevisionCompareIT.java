package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static dev.modelgate.web.Api.JSON;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.workspace.Workspace;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Comparing two revisions of a model, and each revision's usage by agents and its Test runs: counted in the list of
 * revisions, and listed by revision (Test runs, recent calls). Another workspace sees none of it.
 */
class RevisionCompareIT extends TestRunApiTestBase {

    private static final Map<String, Object> PROMPT = Map.of("variables", Map.of("prompt", "Hi"));

    Api agent;
    ObjectNode draft;
    ObjectNode failing;
    JsonNode model;

    /** Revision 1 (Tested, live), 2 (its output mapping broken) and 3 (mapping fixed, another description). */
    @BeforeEach
    void threeRevisions() {
        UsageTables.deleteAll(jdbc);
        agent = api.anonymous().withKey(key(workspace().id(), Role.AGENT));
        draft = claude("haiku", "ModelgateBedrockAccess");
        model = create(draft);
        answer(api.post(path(model) + "/test", "{}"));
        failing = draft.deepCopy();
        ((ObjectNode) failing.get("outputMapping")).put("text", "$.nothing[0].text");
        assertThat(api.put(path(model), failing, "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(api.put(path(model), draft.deepCopy().put("description", "answers in one line"), "If-Match",
                "\"2\"").status()).isEqualTo(200);
    }

    private String compare(String query) {
        return path(model) + "/revisions/compare?" + query;
    }

    @Test
    void compare_givesEachFieldThatDiffers_withItsValueInEither_inTheOrderAsked() {
        String id = model.get("id").stringValue();
        String description = draft.get("description").stringValue();

        api.get(compare("from=1&to=3")).assertJson(200, JSON.readTree("""
                {"model": "%s", "from": 1, "to": 3,
                 "changes": {"description": {"before": "%s", "after": "answers in one line"}}}"""
                .formatted(id, description)));
        api.get(compare("from=3&to=1")).assertJson(200, JSON.readTree("""
                {"model": "%s", "from": 3, "to": 1,
                 "changes": {"description": {"before": "answers in one line", "after": "%s"}}}"""
                .formatted(id, description)));
        api.get(compare("from=2&to=3")).assertJson(200, JSON.readTree("""
                {"model": "%s", "from": 2, "to": 3,
                 "changes": {"description": {"before": "%s", "after": "answers in one line"},
                             "outputMapping": {"before": %s, "after": %s}}}"""
                .formatted(id, description, failing.get("outputMapping"), draft.get("outputMapping"))));
        api.get(compare("from=2&to=2")).assertJson(200, JSON.readTree("""
                {"model": "%s", "from": 2, "to": 2, "changes": {}}""".formatted(id)));
    }

    @Test
    void compare_unknownRevision_is404_andBadNumbersNameTheParameter() {
        String id = model.get("id").stringValue();
        String path = path(model) + "/revisions/compare";

        api.get(compare("from=1&to=9")).assertProblem(problem(404, "not-found", "Not found",
                "model " + id + " has no revision 9", path));
        api.get(compare("from=9&to=9")).assertProblem(problem(404, "not-found", "Not found",
                "model " + id + " has no revision 9", path));
        String missing = "parameter \"to\" is required";
        api.get(compare("from=1")).assertProblem(problem(400, "invalid-parameter", "Invalid parameter", missing, path)
                .set("violations", Api.array(violation("to", "invalid-parameter", missing))));
        String notANumber = "parameter \"from\" must be an integer, got \"live\"";
        api.get(compare("from=live&to=2")).assertProblem(problem(400, "invalid-parameter", "Invalid parameter",
                notANumber, path).set("violations", Api.array(violation("from", "invalid-parameter", notANumber))));
        api.get(compare("from=0&to=-1")).assertProblem(Api.invalid(path,
                "2 fields are invalid; see violations",
                violation("from", "out-of-range", "from must be a revision number (at least 1), got 0"),
                violation("to", "out-of-range", "to must be a revision number (at least 1), got -1")));
    }

    @Test
    void eachRevision_countsTheAgentsCallsItServed_andItsTestRuns() {
        String id = model.get("id").stringValue();
        long[] firstTokens = tokens(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT));
        long[] secondTokens = tokens(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT));
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));
        assertThat(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT).status()).isEqualTo(429);
        // Revision 3 is Tested twice (the first fails at Bedrock, the second passes and goes live) and called once.
        aws.emulator().faults().enqueue(Fault.next(3, FaultKind.THROTTLING));
        String failedRun = answer(api.post(path(model) + "/test", "{}")).get("id").stringValue();
        aws.emulator().faults().clearQueue();
        String passedRun = answer(api.post(path(model) + "/test", "{}")).get("id").stringValue();
        long[] thirdTokens = tokens(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT));

        JsonNode items = api.get(path(model) + "/revisions").json().get("items");

        String lastCallOfOne = api.get("/api/v1/usage/calls?model=" + id + "&revision=1&kind=INVOKE").json()
                .get("calls").get(0).get("at").stringValue();
        String lastCallOfThree = api.get("/api/v1/usage/calls?model=" + id + "&revision=3").json()
                .get("calls").get(0).get("at").stringValue();
        assertThat(Api.canonical(counts(items))).isEqualTo(Api.canonical(JSON.readTree("""
                [{"revision": 3, "usage": {"calls": 1, "failed": 0, "inputTokens": %d, "outputTokens": %d,
                                           "lastCallAt": "%s"},
                  "tests": {"runs": 2, "passed": 1}},
                 {"revision": 2, "usage": {"calls": 0, "failed": 0, "inputTokens": 0, "outputTokens": 0,
                                           "lastCallAt": null},
                  "tests": {"runs": 0, "passed": 0}},
                 {"revision": 1, "usage": {"calls": 3, "failed": 1, "inputTokens": %d, "outputTokens": %d,
                                           "lastCallAt": "%s"},
                  "tests": {"runs": 1, "passed": 1}}]""".formatted(thirdTokens[0], thirdTokens[1], lastCallOfThree,
                firstTokens[0] + secondTokens[0], firstTokens[1] + secondTokens[1], lastCallOfOne))));
        assertThat(api.get(path(model) + "/revisions/3").json().get("revision").has("usage")).isFalse();

        assertThat(runIds(api.get(path(model) + "/tests?limit=10&revision=3").json()))
                .containsExactly(passedRun, failedRun);
        assertThat(runIds(api.get(path(model) + "/tests?limit=10&revision=2").json())).isEmpty();
        assertThat(runIds(api.get(path(model) + "/tests?limit=10&revision=9").json())).isEmpty();
        assertThat(runIds(api.get(path(model) + "/tests?limit=10").json())).hasSize(3);
    }

    @Test
    void recentCalls_ofOneRevision_listItsCallsAndTests_newestFirst() {
        String id = model.get("id").stringValue();
        agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);
        answer(api.post(path(model) + "/test", "{}"));
        agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);

        JsonNode one = api.get("/api/v1/usage/calls?model=" + id + "&revision=1").json();
        JsonNode three = api.get("/api/v1/usage/calls?model=" + id + "&revision=3").json();

        assertThat(one.get("revision").longValue()).isEqualTo(1);
        // a Test calls Bedrock twice (an answer, then a stream), each metered
        assertThat(kindsAndRevisions(one)).containsExactly("INVOKE 1", "TEST 1", "TEST 1");
        assertThat(kindsAndRevisions(three)).containsExactly("INVOKE 3", "TEST 3", "TEST 3");
        assertThat(api.get("/api/v1/usage/calls?model=" + id).json().get("revision").isNull()).isTrue();
        assertThat(kindsAndRevisions(api.get("/api/v1/usage/calls?model=" + id + "&revision=2").json())).isEmpty();
        String path = "/api/v1/usage/calls";
        api.get(path + "?revision=1").assertProblem(Api.invalid(path, violation("revision", "requires-model",
                "revision filters the calls of one model: give model (its id) as well")));
        api.get(path + "?model=" + id + "&revision=0").assertProblem(Api.invalid(path, violation("revision",
                "out-of-range", "revision must be a revision number (at least 1), got 0")));
        api.get(path(model) + "/tests?revision=0").assertProblem(Api.invalid(path(model) + "/tests",
                violation("revision", "out-of-range", "revision must be at least 1, got 0")));
    }

    @Test
    void anotherWorkspace_seesNoneOfTheRevisions_theirComparisonOrTheirCalls() {
        String id = model.get("id").stringValue();
        agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);
        Workspace other = new Workspace(UUID.randomUUID().toString(), "compare-b-" + id.substring(0, 8),
                ExternalId.generate(new SecureRandom()).value(), Instant.now());
        workspaceRepository.insert(other);
        Api theirs = api.anonymous().withKey(key(other.id(), Role.ADMIN));
        String none = UUID.randomUUID().toString();

        for (String template : List.of("/api/v1/models/%s/revisions/compare?from=1&to=3",
                "/api/v1/models/%s/revisions", "/api/v1/models/%s/tests?revision=1")) {
            Api.Reply onOurs = theirs.get(template.formatted(id));
            Api.Reply onNone = theirs.get(template.formatted(none));
            assertThat(onOurs.status()).as(template).isEqualTo(404);
            assertThat(onOurs.body().replace(id, "<id>")).isEqualTo(onNone.body().replace(none, "<id>"));
        }
        JsonNode calls = theirs.get("/api/v1/usage/calls?model=" + id + "&revision=1").json();
        assertThat(calls.get("calls")).isEmpty();
    }

    private static long[] tokens(Api.Reply invoked) {
        assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
        JsonNode usage = invoked.json().get("usage");
        return new long[] {usage.get("inputTokens").longValue(), usage.get("outputTokens").longValue()};
    }

    private static JsonNode counts(JsonNode items) {
        var counts = JSON.createArrayNode();
        items.forEach(item -> counts.addObject().put("revision", item.get("revision").longValue())
                .setAll(Map.of("usage", item.get("usage"), "tests", item.get("tests"))));
        return counts;
    }

    private static List<String> runIds(JsonNode history) {
        return history.get("items").valueStream().map(run -> run.get("id").stringValue()).toList();
    }

    private static List<String> kindsAndRevisions(JsonNode calls) {
        return calls.get("calls").valueStream()
                .map(call -> call.get("kind").stringValue() + " " + call.get("revision").longValue()).toList();
    }
}
