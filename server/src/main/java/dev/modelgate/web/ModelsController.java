package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/models}: external models of the caller's workspace. */
@RestController
@RequestMapping(path = "/api/v1/models", produces = "application/json")
public class ModelsController {

    static final int MAX_PAGE_SIZE = 100;

    private final ExternalModels models;
    private final WorkspaceContext workspaces;

    public ModelsController(ExternalModels models, WorkspaceContext workspaces) {
        this.models = models;
        this.workspaces = workspaces;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<ModelView> create(@RequestBody ModelDraft draft) {
        var workspace = workspaces.current();
        ExternalModels.Saved saved = models.create(workspace.id(), draft, workspaces.actor());
        return ResponseEntity.created(URI.create("/api/v1/models/" + saved.stored().id()))
                .eTag(etag(saved.stored().revision()))
                .body(ModelView.of(saved, draft, workspace.externalId()));
    }

    @GetMapping
    ModelView.Page list(@RequestParam(defaultValue = "0") long page, @RequestParam(defaultValue = "20") long size) {
        if (page < 0 || page > 100_000) {
            throw new InvalidInputException(Violation.of("page", "out-of-range", "page must be between 0 and 100000, got " + page));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidInputException(Violation.of("size", "out-of-range",
                    "size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size));
        }
        String workspace = workspaces.current().id();
        long total = models.count(workspace);
        // In range, page * size is at most 10^7: the ints below cannot overflow.
        List<ModelView.Summary> items = models.list(workspace, (int) (page * size), (int) size).stream()
                .map(ModelView.Summary::of).toList();
        return new ModelView.Page(items, (int) page, (int) size, total, (total + size - 1) / size);
    }

    @GetMapping("/{id}")
    ResponseEntity<ModelView> get(@PathVariable String id) {
        var workspace = workspaces.current();
        ExternalModels.Saved saved = models.get(workspace.id(), id);
        return ResponseEntity.ok().eTag(etag(saved.stored().revision()))
                .body(ModelView.of(saved, models.draftOf(saved.stored()), workspace.externalId()));
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    ResponseEntity<ModelView> update(@PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody ModelDraft draft) {
        var workspace = workspaces.current();
        ExternalModels.Saved saved = models.update(workspace.id(), id, revision(ifMatch), draft, workspaces.actor());
        return ResponseEntity.ok().eTag(etag(saved.stored().revision()))
                .body(ModelView.of(saved, draft, workspace.externalId()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        models.delete(workspaces.current().id(), id, revision(ifMatch), workspaces.actor());
        return ResponseEntity.noContent().build();
    }

    /** Body {@code {"enabled": true|false}}. */
    public record InferenceToggle(Boolean enabled) {
    }

    @PutMapping(path = "/{id}/inference", consumes = "application/json")
    ResponseEntity<ModelView> inference(@PathVariable String id, @RequestBody InferenceToggle toggle) {
        if (toggle.enabled() == null) {
            throw new InvalidInputException(Violation.of("enabled", "required", "enabled must be true or false"));
        }
        var workspace = workspaces.current();
        ExternalModels.Saved saved = models.setInferenceEnabled(workspace.id(), id, toggle.enabled(), workspaces.actor());
        return ResponseEntity.ok().eTag(etag(saved.stored().revision()))
                .body(ModelView.of(saved, models.draftOf(saved.stored()), workspace.externalId()));
    }

    /** The result of validating a draft: every violation and warning at once, nothing saved. */
    public record Validation(boolean valid, List<Map<String, Object>> violations, List<Map<String, Object>> warnings,
                             ModelView.Resolved resolved) {
    }

    @PostMapping(path = "/validate", consumes = "application/json")
    Validation validate(@RequestBody ModelDraft draft) {
        try {
            ModelConfiguration configuration = models.validate(draft);
            return new Validation(true, List.of(), ModelView.warnings(configuration.warnings()), ModelView.resolved(configuration));
        } catch (InvalidInputException e) {
            return new Validation(false, e.violations().stream().map(ProblemResponses::violation).toList(), List.of(), null);
        }
    }

    static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    /** The revision an If-Match names: {@code "3"}, {@code W/"3"} or {@code 3}. */
    static long revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ModelgateException(ErrorCode.IF_MATCH_REQUIRED,
                    "send the model's ETag in If-Match so that concurrent changes are not lost");
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long revision = Long.parseLong(value);
            if (revision >= 1) {
                return revision;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(Violation.of("If-Match", "invalid-etag",
                "If-Match must be the model's ETag, like \"3\", got " + dev.modelgate.validation.Quoted.of(ifMatch)));
    }
}
