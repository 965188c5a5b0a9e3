package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Optimistic locking with If-Match (428, 412), unique names (409) and ids that name no model (404). */
class PreconditionsAndConflictsIT extends ApiTestBase {

    private static final String UNKNOWN_ID = "5f0c6a3e-0000-4000-8000-000000000000";

    private static ObjectNode ifMatchRequired(String instance) {
        return problem(428, "if-match-required", "If-Match required",
                "send the model's ETag in If-Match so that concurrent changes are not lost", instance);
    }

    private static ObjectNode notFound(String instance) {
        return problem(404, "not-found", "Not found", "no model with id " + UNKNOWN_ID, instance);
    }

    /** The model as stored now must be exactly {@code expected}, at revision {@code etag}. */
    private void assertUnchanged(JsonNode expected, String etag) {
        Api.Reply read = api.get(path(expected));
        assertThat(read.header("ETag")).isEqualTo(etag);
        read.assertJson(200, expected);
    }

    @Test
    void update_withoutIfMatch_is428AndChangesNothing() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.put(path(model), Drafts.valid("haiku").put("description", "changed"))
                .assertProblem(ifMatchRequired(path(model)));

        assertUnchanged(model, "\"1\"");
    }

    @Test
    void delete_withoutIfMatch_is428AndKeepsTheModel() {
        JsonNode model = create(Drafts.valid("haiku"));

        api.delete(path(model)).assertProblem(ifMatchRequired(path(model)));

        assertUnchanged(model, "\"1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "*", "\"0\"", "\"1\", \"2\"", "W/\"\""})
    void update_malformedIfMatch_is422NamingTheHeader(String ifMatch) {
        JsonNode model = create(Drafts.valid("haiku"));
        String message = "If-Match must be the model's ETag, like \"3\", got \"" + ifMatch.replace("\"", "\\\"") + "\"";

        api.put(path(model), Drafts.valid("haiku").put("description", "changed"), "If-Match", ifMatch)
                .assertProblem(Api.invalid(path(model), violation("If-Match", "invalid-etag", message)));

        assertUnchanged(model, "\"1\"");
    }

    @Test
    void update_withAStaleEtag_is412AndKeepsTheOtherWritersChange() {
        JsonNode model = create(Drafts.valid("haiku"));
        JsonNode first = api.put(path(model), Drafts.valid("haiku").put("description", "first writer"),
                "If-Match", "\"1\"").json();

        api.put(path(model), Drafts.valid("haiku").put("description", "second writer"), "If-Match", "\"1\"")
                .assertProblem(problem(412, "stale-revision", "Stale revision", "the model was changed since revision 1 "
                        + "(it is now at revision 2); reload it and apply your change again", path(model)));

        assertUnchanged(first, "\"2\"");
    }

    @Test
    void delete_withAStaleEtag_is412AndKeepsTheModel() {
        JsonNode model = create(Drafts.valid("haiku"));
        JsonNode updated = api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"1\"").json();

        api.delete(path(model), "If-Match", "\"1\"").assertProblem(problem(412, "stale-revision", "Stale revision",
                "the model was changed since revision 1 (it is now at revision 2); reload it and apply your change "
                        + "again", path(model)));

        assertUnchanged(updated, "\"2\"");
    }

    @Test
    void create_withATakenName_is409AndSavesNothing() {
        JsonNode existing = create(Drafts.valid("haiku"));
        String listBefore = api.get(MODELS).body();
        String message = "a model named \"haiku\" already exists in this workspace";

        api.post(MODELS, Drafts.valid("haiku").put("description", "another")).assertProblem(
                problem(409, "duplicate-name", "Duplicate name", message, MODELS)
                        .set("violations", Api.array(violation("name", "unique-name", message))));

        assertThat(api.get(MODELS).body()).isEqualTo(listBefore);
        assertUnchanged(existing, "\"1\"");
    }

    @Test
    void update_renamingToATakenName_is409AndChangesNothing() {
        JsonNode taken = create(Drafts.valid("haiku"));
        JsonNode model = create(Drafts.valid("sonnet"));
        String listBefore = api.get(MODELS).body();
        String message = "a model named \"haiku\" already exists in this workspace";

        api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"1\"").assertProblem(
                problem(409, "duplicate-name", "Duplicate name", message, path(model))
                        .set("violations", Api.array(violation("name", "unique-name", message))));

        assertThat(api.get(MODELS).body()).isEqualTo(listBefore);
        assertUnchanged(model, "\"1\"");
        assertUnchanged(taken, "\"1\"");
    }

    @Test
    void unknownId_is404ForEveryOperationOnAModel() {
        String path = MODELS + "/" + UNKNOWN_ID;

        api.get(path).assertProblem(notFound(path));
        api.put(path, Drafts.valid("haiku"), "If-Match", "\"1\"").assertProblem(notFound(path));
        api.delete(path, "If-Match", "\"1\"").assertProblem(notFound(path));
        api.post(path + "/preview", "{}").assertProblem(notFound(path + "/preview"));
        api.put(path + "/inference", "{\"enabled\": false}").assertProblem(notFound(path + "/inference"));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void deletedModel_is404ForAnUpdate() {
        JsonNode model = create(Drafts.valid("haiku"));
        api.delete(path(model), "If-Match", "\"1\"");

        api.put(path(model), Drafts.valid("haiku"), "If-Match", "\"1\"").assertProblem(problem(404, "not-found",
                "Not found", "no model with id " + model.get("id").stringValue(), path(model)));
    }
}
