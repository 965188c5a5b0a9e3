package dev.modelgate.web;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.testrun.AssumeRoleStage;
import dev.modelgate.testrun.TestRun;
import dev.modelgate.testrun.TestRunRecord;
import dev.modelgate.testrun.TestRunRepository;
import dev.modelgate.testrun.TestRunner;
import dev.modelgate.testrun.TestSubject;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Test runs: a model tried for real, stage by stage ({@link TestRun} describes the answer). A Test that ran answers
 * 200 whether it passed or failed: the diagnosis is the result. Values that do not fit the variables, and an invalid
 * draft, are 422 problem+json before anything is called; an unknown model (or another workspace's) is 404.
 */
@RestController
@RequestMapping(path = "/api/v1/models", produces = "application/json")
public class ModelTestController {

    static final int DEFAULT_HISTORY = 10;
    static final int MAX_HISTORY = 50;

    private final TestRunner runner;
    private final TestRunRepository runs;
    private final ExternalModels models;
    private final WorkspaceContext workspaces;

    public ModelTestController(TestRunner runner, TestRunRepository runs, ExternalModels models,
                               WorkspaceContext workspaces) {
        this.runner = runner;
        this.runs = runs;
        this.models = models;
        this.workspaces = workspaces;
    }

    /**
     * Body of a saved model's Test: values by variable name (missing ones take the test value, then the default),
     * and {@code promoteOnPass}: whether a pass makes the revision tested live (default true; false keeps a passing
     * draft a draft until {@code POST /api/v1/models/{id}/promote}).
     */
    public record TestRequest(Map<String, JsonNode> variables, Boolean promoteOnPass) {
    }

    /** Body of a draft's Test: the draft as for create, and the values. */
    public record DraftTestRequest(ModelDraft model, Map<String, JsonNode> variables) {
    }

    /** The latest Test runs of a model, newest first, each as its Test answered (cut short when very large). */
    public record History(List<JsonNode> items) {
    }

    /**
     * {@code POST /api/v1/models/{id}/test}: tests the model's latest saved revision (its draft, or the live one), and
     * records the run as that revision's latest Test; a pass makes it live when asked ({@code promoteOnPass}).
     */
    @PostMapping("/{id}/test")
    TestRun testSaved(@PathVariable String id, @RequestBody(required = false) TestRequest request) {
        Workspace workspace = workspaces.current();
        ExternalModels.Saved saved = models.get(workspace.id(), id);
        return runner.run(new TestSubject(workspace.id(), ExternalId.of(workspace.externalId()), workspaces.actor(),
                saved.configuration(), saved.stored(), false, request == null ? null : request.promoteOnPass()),
                request == null ? null : request.variables());
    }

    /**
     * {@code POST /api/v1/models/test}: tests an unsaved draft; nothing is saved but the record of the run. A draft
     * without an output text path is tested too: its MAP stage is SKIPPED with a warning, so that the raw answer can
     * be mapped from.
     */
    @PostMapping(path = "/test", consumes = "application/json")
    TestRun testDraft(@RequestBody DraftTestRequest request) {
        if (request.model() == null) {
            throw new InvalidInputException(Violation.of("model", "required",
                    "model is required: the model configuration to test, as for create"));
        }
        ModelDraft draft = request.model();
        // Test first, map after: without a text path the Test still runs, and its MAP stage waits for one.
        // A Converse model has no mapping: its answer's shape is fixed.
        boolean mappingPending = !dev.modelgate.model.ModelApi.CONVERSE.name().equals(draft.api())
                && (draft.outputMapping() == null || draft.outputMapping().text() == null
                || draft.outputMapping().text().isBlank());
        if (mappingPending) {
            draft = new ModelDraft(draft.name(), draft.description(), draft.inferenceEnabled(), draft.roleArn(),
                    draft.stsEndpoint(), draft.region(), draft.modelReference(), draft.variables(),
                    draft.requestTemplate(), new ModelDraft.Mapping("$", null, null, null), draft.timeouts(),
                    draft.options(), draft.api(), draft.converse(), draft.chat());
        }
        ModelConfiguration configuration;
        try {
            configuration = models.validate(draft);
        } catch (InvalidInputException e) {
            // The draft is nested in this request: its fields are model.name, model.variables[0].type, ...
            throw new InvalidInputException(e.violations().stream().map(v -> v.under("model." + v.field())).toList());
        }
        Workspace workspace = workspaces.current();
        return runner.run(new TestSubject(workspace.id(), ExternalId.of(workspace.externalId()), workspaces.actor(),
                configuration, null, mappingPending), request.variables());
    }

    /** {@code POST /api/v1/models/check-role}: only the ASSUME_ROLE stage, for a role not yet in a model. */
    @PostMapping(path = "/check-role", consumes = "application/json")
    AssumeRoleStage checkRole(@RequestBody RoleConnection request) {
        RoleConnection.Parsed connection = request.parse();
        Workspace workspace = workspaces.current();
        return runner.checkRole(workspace.id(), ExternalId.of(workspace.externalId()), connection.roleArn(),
                connection.stsEndpoint());
    }

    /**
     * {@code GET /api/v1/models/{id}/tests?limit=N[&revision=R]}: the latest runs (default 10, at most 50), newest
     * first; with {@code revision}, only that revision's (none for a revision the model does not have).
     */
    @GetMapping("/{id}/tests")
    History history(@PathVariable String id, @RequestParam(defaultValue = "" + DEFAULT_HISTORY) int limit,
                    @RequestParam(required = false) Long revision) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidInputException(Violation.of("limit", "out-of-range",
                    "limit must be between 1 and " + MAX_HISTORY + ", got " + limit));
        }
        if (revision != null && revision < 1) {
            throw new InvalidInputException(Violation.of("revision", "out-of-range",
                    "revision must be at least 1, got " + revision));
        }
        String workspace = workspaces.current().id();
        models.get(workspace, id);
        List<TestRunRecord> latest = revision == null ? runs.latest(workspace, id, limit)
                : runs.latest(workspace, id, revision, limit);
        return new History(latest.stream().map(r -> PlainJson.MAPPER.readTree(r.answer())).toList());
    }
}
