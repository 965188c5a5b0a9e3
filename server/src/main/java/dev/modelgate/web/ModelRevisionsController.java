package dev.modelgate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelRevision;
import dev.modelgate.model.ModelRevisions;
import dev.modelgate.model.StoredModel;
import dev.modelgate.testrun.RevisionTests;
import dev.modelgate.testrun.TestRunRepository;
import dev.modelgate.usage.RevisionUsage;
import dev.modelgate.usage.UsageRepository;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A model's revisions: agents get the live one, edits save a draft. {@code GET .../revisions} lists them (newest
 * first, paged), {@code GET .../revisions/{n}} shows one with its whole configuration, {@code POST .../promote} makes
 * the draft live once its latest Test passed, {@code POST .../rollback} goes back to an earlier revision (a revision
 * that was live before is live again at once; any other becomes the draft, to be tested and promoted). Promote and
 * roll back send the model's ETag in {@code If-Match}, as every change does; neither changes the ETag unless it saves
 * a new revision. {@code GET .../revisions/compare?from=N&to=M} says what differs between any two revisions.
 */
@RestController
@RequestMapping(path = "/api/v1/models", produces = "application/json")
public class ModelRevisionsController {

    static final int MAX_PAGE_SIZE = 100;

    private final ExternalModels models;
    private final ModelRevisions revisions;
    private final WorkspaceContext workspaces;
    private final UsageRepository usage;
    private final TestRunRepository runs;

    public ModelRevisionsController(ExternalModels models, ModelRevisions revisions, WorkspaceContext workspaces,
                                    UsageRepository usage, TestRunRepository runs) {
        this.models = models;
        this.revisions = revisions;
        this.workspaces = workspaces;
        this.usage = usage;
        this.runs = runs;
    }

    /**
     * One revision as listed.
     *
     * @param savedAt    when it was saved
     * @param savedBy    who saved it
     * @param live       whether agents are served it now
     * @param draft      whether it is the draft (the latest saved revision, not live)
     * @param wasLive    whether it was ever live (now included): a rollback to it makes it live at once
     * @param testRunId  its latest Test run, or null when none ran
     * @param testOutcome that run's outcome (PASSED or FAILED), or null
     * @param passed     whether that run passed: only a passed draft can be promoted
     * @param changes    what changed from the revision before, as the audit records it
     *                   ({@code {"<field>": {"before", "after"}}}); null for the first revision
     * @param usage      agents' calls it served, all the time recorded (Tests not included); null in the view of one
     *                   revision
     * @param tests      its Test runs, every one recorded; null in the view of one revision
     */
    public record Revision(long revision, Instant savedAt, String savedBy, boolean live, boolean draft,
                           boolean wasLive, String testRunId, String testOutcome, boolean passed, JsonNode changes,
                           @JsonInclude(JsonInclude.Include.NON_NULL) RevisionUsage usage,
                           @JsonInclude(JsonInclude.Include.NON_NULL) RevisionTests tests) {

        static Revision of(ModelRevision r) {
            return of(r, null, null);
        }

        static Revision of(ModelRevision r, RevisionUsage usage, RevisionTests tests) {
            StoredModel m = r.model();
            return new Revision(r.revision(), m.updatedAt(), m.updatedBy(), r.live(), r.draft(), r.wasLive(),
                    r.testRunId(), r.testOutcome(), r.passed(),
                    r.changesJson() == null ? null : PlainJson.MAPPER.readTree(r.changesJson()), usage, tests);
        }
    }

    /**
     * Two revisions compared: each configuration field whose value differs, with its value in {@code from}
     * ({@code before}) and in {@code to} ({@code after}), in the shape of a revision's {@code changes}.
     */
    public record Comparison(String model, long from, long to, JsonNode changes) {
    }

    /** A page of revisions, newest first. */
    public record Page(List<Revision> items, int page, int size, long totalItems, long totalPages) {
    }

    /** One revision with its whole configuration, as the model view shows one. */
    public record Detail(Revision revision, ModelView configuration) {
    }

    /** Body of a rollback: the earlier revision to go back to. */
    public record RollbackRequest(Long revision) {
    }

    @GetMapping("/{id}/revisions")
    Page list(@PathVariable String id, @RequestParam(defaultValue = "0") long page,
              @RequestParam(defaultValue = "20") long size) {
        if (page < 0 || page > 100_000) {
            throw new InvalidInputException(Violation.of("page", "out-of-range",
                    "page must be between 0 and 100000, got " + page));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException(Violation.of("size", "out-of-range",
                    "size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size));
        }
        String workspace = workspaces.current().id();
        List<ModelRevision> listed = revisions.revisions(workspace, id, (int) (page * size), (int) size);
        List<Long> numbers = listed.stream().map(ModelRevision::revision).toList();
        Map<Long, RevisionUsage> used = usage.byRevision(workspace, id, numbers);
        Map<Long, RevisionTests> tested = runs.byRevision(workspace, id, numbers);
        List<Revision> items = listed.stream().map(r -> Revision.of(r,
                used.getOrDefault(r.revision(), RevisionUsage.NONE),
                tested.getOrDefault(r.revision(), RevisionTests.NONE))).toList();
        long total = revisions.countRevisions(workspace, id);
        return new Page(items, (int) page, (int) size, total, (total + size - 1) / size);
    }

    /**
     * {@code GET /api/v1/models/{id}/revisions/compare?from=N&to=M}: what differs from revision {@code from} to
     * revision {@code to} (any two, either order; the same twice has no changes). Both are required integers (400
     * {@code invalid-parameter} otherwise) of at least 1 (422 {@code invalid-input}, rule {@code out-of-range}); a
     * revision the model does not have answers 404. The answer is bounded: a value longer than 2048 characters is
     * given as its length and SHA-256, as in the history.
     */
    @GetMapping("/{id}/revisions/compare")
    Comparison compare(@PathVariable String id, @RequestParam long from, @RequestParam long to) {
        List<Violation> violations = new ArrayList<>();
        for (var parameter : List.of(Map.entry("from", from), Map.entry("to", to))) {
            if (parameter.getValue() < 1) {
                violations.add(Violation.of(parameter.getKey(), "out-of-range", parameter.getKey()
                        + " must be a revision number (at least 1), got " + parameter.getValue()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        ModelRevisions.Comparison compared = revisions.compare(workspaces.current().id(), id, from, to);
        return new Comparison(id, compared.from(), compared.to(), compared.changes());
    }

    @GetMapping("/{id}/revisions/{revision}")
    Detail get(@PathVariable String id, @PathVariable long revision) {
        var workspace = workspaces.current();
        ModelRevision found = revisions.revision(workspace.id(), id, revision);
        StoredModel m = found.model();
        ExternalModels.Saved saved = new ExternalModels.Saved(m, models.compiled(m));
        return new Detail(Revision.of(found), ModelView.of(saved, models.draftOf(m), workspace.externalId()));
    }

    /** {@code POST /api/v1/models/{id}/promote}: the draft named by If-Match becomes live. */
    @PostMapping("/{id}/promote")
    ResponseEntity<ModelView> promote(@PathVariable String id,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var workspace = workspaces.current();
        ExternalModels.Saved saved = revisions.promote(workspace.id(), id, ModelsController.revision(ifMatch),
                workspaces.actor());
        return ResponseEntity.ok().eTag(ModelsController.etag(saved.stored().revision()))
                .body(ModelView.of(saved, models.draftOf(saved.stored()), workspace.externalId()));
    }

    /** {@code POST /api/v1/models/{id}/rollback} {@code {"revision": n}}. */
    @PostMapping(path = "/{id}/rollback", consumes = "application/json")
    ResponseEntity<ModelView> rollback(@PathVariable String id,
                                       @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @RequestBody RollbackRequest request) {
        long expected = ModelsController.revision(ifMatch);
        if (request.revision() == null) {
            throw new InvalidInputException(Violation.of("revision", "required",
                    "revision is required: the number of the earlier revision to go back to"));
        }
        if (request.revision() < 1) {
            throw new InvalidInputException(Violation.of("revision", "out-of-range",
                    "revision must be at least 1, got " + request.revision()));
        }
        var workspace = workspaces.current();
        ExternalModels.Saved saved = revisions.rollback(workspace.id(), id, expected, request.revision(),
                workspaces.actor());
        return ResponseEntity.ok().eTag(ModelsController.etag(saved.stored().revision()))
                .body(ModelView.of(saved, models.draftOf(saved.stored()), workspace.externalId()));
    }
}
