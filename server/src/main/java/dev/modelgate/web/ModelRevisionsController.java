package dev.modelgate.web;

import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelRevision;
import dev.modelgate.model.ModelRevisions;
import dev.modelgate.model.StoredModel;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import java.time.Instant;
import java.util.List;
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
 * a new revision.
 */
@RestController
@RequestMapping(path = "/api/v1/models", produces = "application/json")
public class ModelRevisionsController {

    static final int MAX_PAGE_SIZE = 100;

    private final ExternalModels models;
    private final ModelRevisions revisions;
    private final WorkspaceContext workspaces;

    public ModelRevisionsController(ExternalModels models, ModelRevisions revisions, WorkspaceContext workspaces) {
        this.models = models;
        this.revisions = revisions;
        this.workspaces = workspaces;
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
     */
    public record Revision(long revision, Instant savedAt, String savedBy, boolean live, boolean draft,
                           boolean wasLive, String testRunId, String testOutcome, boolean passed, JsonNode changes) {

        static Revision of(ModelRevision r) {
            StoredModel m = r.model();
            return new Revision(r.revision(), m.updatedAt(), m.updatedBy(), r.live(), r.draft(), r.wasLive(),
                    r.testRunId(), r.testOutcome(), r.passed(),
                    r.changesJson() == null ? null : PlainJson.MAPPER.readTree(r.changesJson()));
        }
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
        List<Revision> items = revisions.revisions(workspace, id, (int) (page * size), (int) size).stream()
                .map(Revision::of).toList();
        long total = revisions.countRevisions(workspace, id);
        return new Page(items, (int) page, (int) size, total, (total + size - 1) / size);
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
