package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static dev.modelgate.web.Api.JSON;
import static dev.modelgate.web.Api.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Editing a live model: an agent keeps invoking it while an admin saves edits, Tests them, promotes one and rolls
 * back; the agent gets the live revision throughout, and every answer says which revision served it.
 */
class ModelRevisionsIT extends TestRunApiTestBase {

    private static final Map<String, Object> PROMPT = Map.of("variables", Map.of("prompt", "Hi"));

    /** The same workspace, as an agent key. */
    Api agent;

    @BeforeEach
    void agentKey() {
        agent = api.anonymous().withKey(key(workspace().id(), Role.AGENT));
        UsageTables.deleteAll(jdbc);
    }

    private Api.Reply promote(JsonNode model, String etag) {
        return api.send("POST", path(model) + "/promote", BodyPublishers.noBody(), "If-Match", etag);
    }

    @Test
    void aFailingEditKeepsTheLiveRevisionServing_cannotBePromoted_andAPassingOneIsPromotedToTheAgents() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        String id = model.get("id").stringValue();
        JsonNode first = answer(api.post(path(model) + "/test", "{}"));
        assertThat(first.get("model").get("markedReady").booleanValue()).as("a model's first pass goes live").isTrue();
        assertThat(revisions(api.get(path(model)).json())).isEqualTo(Map.of("status", "READY", "revision", 1L,
                "liveRevision", 1L, "draftRevision", "null"));
        assertServedBy(1);

        // A failing edit: its output mapping reads a path the answer does not have.
        ObjectNode failing = draft.deepCopy();
        ((ObjectNode) failing.get("outputMapping")).put("text", "$.nothing[0].text");
        Api.Reply saved = api.put(path(model), failing, "If-Match", "\"1\"");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.header("ETag")).isEqualTo("\"2\"");
        assertThat(revisions(saved.json())).isEqualTo(Map.of("status", "DRAFT", "revision", 2L, "liveRevision", 1L,
                "draftRevision", 2L));
        assertServedBy(1);

        JsonNode failed = answer(api.post(path(model) + "/test", "{\"promoteOnPass\": true}"));
        assertThat(failed.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(failed.get("failedStage").stringValue()).isEqualTo("MAP");
        assertThat(failed.get("model")).isEqualTo(JSON.readTree("""
                {"id": "%s", "revision": 2, "status": "DRAFT", "markedReady": false, "note": null}""".formatted(id)));
        assertServedBy(1);

        String failedRun = failed.get("id").stringValue();
        promote(model, "\"2\"").assertProblem(problem(409, "revision-not-passed",
                "Revision not passed", "revision 2 cannot be promoted: its latest Test (run " + failedRun + ") failed; "
                        + "run POST /api/v1/models/" + id + "/test and promote it once a Test passes (agents keep "
                        + "getting revision 1 meanwhile)", path(model) + "/promote")
                .put("revision", 2).put("testRunId", failedRun));
        promote(model, "\"1\"").assertProblem(problem(412, "stale-revision",
                "Stale revision", "the model was changed since revision 1 (it is now at revision 2); reload it and "
                        + "apply your change again", path(model) + "/promote"));
        assertThat(api.send("POST", path(model) + "/promote", BodyPublishers.noBody()).status()).isEqualTo(428);
        assertServedBy(1);

        // A passing edit Tested with promoteOnPass false stays the draft; promoting it serves it.
        ObjectNode passing = draft.deepCopy().put("description", "answers in one line");
        assertThat(api.put(path(model), passing, "If-Match", "\"2\"").status()).isEqualTo(200);
        promote(model, "\"3\"").assertProblem(problem(409, "revision-not-passed",
                "Revision not passed", "revision 3 cannot be promoted: it has not been tested; run POST "
                        + "/api/v1/models/" + id + "/test and promote it once a Test passes (agents keep getting "
                        + "revision 1 meanwhile)", path(model) + "/promote")
                .put("revision", 3).putNull("testRunId"));
        JsonNode passed = answer(api.post(path(model) + "/test", "{\"promoteOnPass\": false}"));
        assertThat(passed.get("model")).isEqualTo(JSON.readTree("""
                {"id": "%1$s", "revision": 3, "status": "DRAFT", "markedReady": false,
                 "note": "revision 3 passed and is the draft; revision 1 stays live until you promote it (POST /api/v1/models/%1$s/promote)"}
                """.formatted(id)));
        assertServedBy(1);

        Api.Reply promoted = promote(model, "\"3\"");

        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.header("ETag")).isEqualTo("\"3\"");
        assertThat(revisions(promoted.json())).isEqualTo(Map.of("status", "READY", "revision", 3L,
                "liveRevision", 3L, "draftRevision", "null"));
        assertServedBy(3);
    }

    @Test
    void aDraftThatRenamesTheModel_leavesAgentsOnTheLiveName_untilItIsPromoted() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        answer(api.post(path(model) + "/test", "{}"));
        api.put(path(model), draft.deepCopy().put("name", "haiku-next"), "If-Match", "\"1\"");

        assertServedBy(1);
        agent.post(InvokeApiIT.invokePath("haiku-next"), PROMPT).assertProblem(problem(409, "model-not-ready",
                "Model not ready", "model \"haiku-next\" is a draft: revision 2 has not passed a Test; run POST "
                        + "/api/v1/models/" + model.get("id").stringValue() + "/test and invoke it once the Test "
                        + "passes", InvokeApiIT.invokePath("haiku-next")));
        assertThat(agent.get("/v1/models").json().get("data").valueStream().map(m -> m.get("id").stringValue()))
                .containsExactly("haiku");

        answer(api.post(path(model) + "/test", "{\"promoteOnPass\": true}"));

        assertThat(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT).status()).isEqualTo(404);
        Api.Reply renamed = agent.post(InvokeApiIT.invokePath("haiku-next"), PROMPT);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("revision").longValue()).isEqualTo(2);
    }

    @Test
    void aPassingTest_promotesTheDraftByDefault() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        answer(api.post(path(model) + "/test", "{}"));
        api.put(path(model), draft.put("description", "second"), "If-Match", "\"1\"");

        JsonNode passed = answer(api.post(path(model) + "/test", "{}"));

        assertThat(passed.get("model").get("markedReady").booleanValue()).isTrue();
        assertThat(passed.get("model").get("status").stringValue()).isEqualTo("READY");
        assertServedBy(2);
    }

    @Test
    void aPromote_isServedByTheVeryNextInvoke_andADeleteRefusesTheVeryNextOne() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        answer(api.post(path(model) + "/test", "{}"));
        api.put(path(model), draft.deepCopy().put("description", "second"), "If-Match", "\"1\"");
        answer(api.post(path(model) + "/test", "{\"promoteOnPass\": false}"));
        // Agents call revision 1 by its name: the lookup that served it is kept for the calls after it.
        Api.Reply before = agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(before.json().get("revision").longValue()).isEqualTo(1);

        assertThat(promote(model, "\"2\"").status()).isEqualTo(200);
        Api.Reply next = agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);

        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("revision").longValue()).isEqualTo(2);

        assertThat(api.send("DELETE", path(model), BodyPublishers.noBody(), "If-Match", "\"2\"").status())
                .isEqualTo(204);
        assertThat(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT).status()).isEqualTo(404);
    }

    @Test
    void promoteOnPassFalse_leavesEvenANewModelUnserved() {
        JsonNode model = create(claude("haiku", "ModelgateBedrockAccess"));

        JsonNode passed = answer(api.post(path(model) + "/test", "{\"promoteOnPass\": false}"));

        assertThat(passed.get("outcome").stringValue()).isEqualTo("PASSED");
        assertThat(passed.get("model").get("markedReady").booleanValue()).isFalse();
        assertThat(agent.post(InvokeApiIT.invokePath("haiku"), PROMPT).status()).isEqualTo(409);
        assertThat(promote(model, "\"1\"").status()).isEqualTo(200);
        assertServedBy(1);
    }

    @Test
    void rollback_toARevisionThatWasLive_servesItAgainAtOnce_andToAnotherMakesItTheDraftToTest() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        answer(api.post(path(model) + "/test", "{}"));
        ObjectNode failing = draft.deepCopy();
        ((ObjectNode) failing.get("outputMapping")).put("text", "$.nothing[0].text");
        api.put(path(model), failing, "If-Match", "\"1\"");
        api.put(path(model), draft.deepCopy().put("description", "third"), "If-Match", "\"2\"");
        answer(api.post(path(model) + "/test", "{\"promoteOnPass\": true}"));
        assertServedBy(3);

        Api.Reply back = api.post(path(model) + "/rollback", Map.of("revision", 1), "If-Match", "\"3\"");

        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(revisions(back.json())).isEqualTo(Map.of("status", "DRAFT", "revision", 3L, "liveRevision", 1L,
                "draftRevision", 3L));
        assertServedBy(1);

        Api.Reply toTwo = api.post(path(model) + "/rollback", Map.of("revision", 2), "If-Match", "\"3\"");

        assertThat(toTwo.status()).as(toTwo.body()).isEqualTo(200);
        assertThat(toTwo.header("ETag")).isEqualTo("\"4\"");
        assertThat(revisions(toTwo.json())).isEqualTo(Map.of("status", "DRAFT", "revision", 4L, "liveRevision", 1L,
                "draftRevision", 4L));
        assertThat(toTwo.json().get("outputMapping").get("text").stringValue()).isEqualTo("$.nothing[0].text");
        assertThat(toTwo.json().get("description").stringValue()).isEqualTo(failing.get("description").stringValue());
        assertThat(promote(model, "\"4\"").status()).isEqualTo(409);
        assertServedBy(1);

        api.post(path(model) + "/rollback", Map.of("revision", 9), "If-Match", "\"4\"").assertProblem(problem(404,
                "not-found", "Not found", "model " + model.get("id").stringValue() + " has no revision 9",
                path(model) + "/rollback"));
        assertThat(api.post(path(model) + "/rollback", Map.of("revision", 1), "If-Match", "\"3\"").status())
                .isEqualTo(412);
        Api.Reply missing = api.post(path(model) + "/rollback", Map.of(), "If-Match", "\"4\"");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("violations")).isEqualTo(Api.array(Api.violation("revision", "required",
                "revision is required: the number of the earlier revision to go back to")));
    }

    @Test
    void revisions_listWhoSavedWhatAndTheirTests_andOneShowsItsWholeConfiguration() {
        ObjectNode draft = claude("haiku", "ModelgateBedrockAccess");
        JsonNode model = create(draft);
        String firstRun = answer(api.post(path(model) + "/test", "{}")).get("id").stringValue();
        ObjectNode failing = draft.deepCopy();
        ((ObjectNode) failing.get("outputMapping")).put("text", "$.nothing[0].text");
        api.put(path(model), failing, "If-Match", "\"1\"");
        String failedRun = answer(api.post(path(model) + "/test", "{}")).get("id").stringValue();

        JsonNode page = api.get(path(model) + "/revisions").json();

        assertThat(page.get("totalItems").longValue()).isEqualTo(2);
        JsonNode second = page.get("items").get(0);
        JsonNode first = page.get("items").get(1);
        assertThat(second.get("savedBy").stringValue()).isEqualTo(actor);
        ((ObjectNode) second).remove("savedAt");
        ((ObjectNode) first).remove("savedAt");
        assertThat(second).isEqualTo(JSON.readTree("""
                {"revision": 2, "savedBy": "%s", "live": false, "draft": true, "wasLive": false,
                 "testRunId": "%s", "testOutcome": "FAILED", "passed": false,
                 "changes": {"outputMapping": {"before": %s, "after": %s}},
                 "usage": {"calls": 0, "failed": 0, "inputTokens": 0, "outputTokens": 0, "lastCallAt": null},
                 "tests": {"runs": 1, "passed": 0}}""".formatted(actor, failedRun,
                draft.get("outputMapping"), failing.get("outputMapping"))));
        assertThat(first).isEqualTo(JSON.readTree("""
                {"revision": 1, "savedBy": "%s", "live": true, "draft": false, "wasLive": true,
                 "testRunId": "%s", "testOutcome": "PASSED", "passed": true, "changes": null,
                 "usage": {"calls": 0, "failed": 0, "inputTokens": 0, "outputTokens": 0, "lastCallAt": null},
                 "tests": {"runs": 1, "passed": 1}}""".formatted(actor,
                firstRun)));
        JsonNode onePerPage = api.get(path(model) + "/revisions?size=1&page=1").json();
        assertThat(onePerPage.get("items")).hasSize(1);
        assertThat(onePerPage.get("items").get(0).get("revision").longValue()).isEqualTo(1);
        assertThat(onePerPage.get("totalPages").longValue()).isEqualTo(2);
        assertThat(api.get(path(model) + "/revisions?size=101").status()).isEqualTo(422);

        JsonNode detail = api.get(path(model) + "/revisions/1").json();
        assertThat(detail.get("revision").get("revision").longValue()).isEqualTo(1);
        assertThat(detail.get("configuration").get("outputMapping")).isEqualTo(draft.get("outputMapping"));
        assertThat(detail.get("configuration").get("revision").longValue()).isEqualTo(1);
        assertThat(api.get(path(model) + "/revisions/2").json().get("configuration").get("outputMapping"))
                .isEqualTo(failing.get("outputMapping"));
        assertThat(api.get(path(model) + "/revisions/3").status()).isEqualTo(404);
    }

    /**
     * The agent's native invoke, its stream and an OpenAI-style chat answer 200 from {@code revision}; the invoke
     * answer and the stream's {@code done} event say so, and each call's usage record keeps it.
     */
    private void assertServedBy(long revision) {
        UsageTables.deleteAll(jdbc);
        Api.Reply reply = agent.post(InvokeApiIT.invokePath("haiku"), PROMPT);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("revision").longValue()).isEqualTo(revision);
        assertThat(reply.json().get("output").get("text").stringValue()).isNotBlank();
        List<EventStream.Event> events;
        try (EventStream stream = agent.stream(InvokeApiIT.invokePath("haiku"),
                Map.of("variables", Map.of("prompt", "Hi"), "stream", true))) {
            assertThat(stream.status()).isEqualTo(200);
            events = stream.rest();
        }
        assertThat(events.getLast().type()).isEqualTo("done");
        assertThat(events.getLast().data().get("revision").longValue()).isEqualTo(revision);
        Api.Reply chat = agent.post("/v1/chat/completions", Map.of("model", "haiku",
                "messages", List.of(Map.of("role", "user", "content", "Hi"))));
        assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT kind, revision FROM usage_records ORDER BY occurred_at").query().listOfRows())
                .containsExactly(Map.of("KIND", "INVOKE", "REVISION", revision),
                        Map.of("KIND", "INVOKE", "REVISION", revision),
                        Map.of("KIND", "CHAT_COMPLETIONS", "REVISION", revision));
    }

    private static Map<String, Object> revisions(JsonNode view) {
        return Map.of("status", view.get("status").stringValue(), "revision", view.get("revision").longValue(),
                "liveRevision", view.get("liveRevision").isNull() ? "null" : view.get("liveRevision").longValue(),
                "draftRevision", view.get("draftRevision").isNull() ? "null" : view.get("draftRevision").longValue());
    }
}
