package dev.modelgate.web;

import dev.modelgate.error.NotFoundException;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceCounts;
import dev.modelgate.workspace.WorkspaceOverview;
import dev.modelgate.workspace.WorkspaceOverviews;
import dev.modelgate.workspace.Workspaces;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/operator/workspaces}: platform operators list and create workspaces, each with its first admin.
 *
 * <p>Each workspace comes with its {@code counts} ({@link WorkspaceCounts}): models (and how many are live), active
 * API keys, members, agents' calls of the last 30 days (and how many failed), the last call's time. {@code GET
 * /{id}/overview} adds the workspace's models (with their calls and tokens of the last 30 days), API keys (by prefix,
 * with when each was last used; never a token or a hash), members and role registrations (how many in each state,
 * and the list). An unknown workspace answers 404 {@code not-found}.
 */
@RestController
@RequestMapping(path = "/api/v1/operator/workspaces", produces = "application/json")
public class OperatorWorkspacesController {

    record WorkspaceView(String id, String name, String externalId, Instant createdAt, WorkspaceCounts counts) {
        static WorkspaceView of(Workspace w, WorkspaceCounts counts) {
            return new WorkspaceView(w.id(), w.name(), w.externalId(), w.createdAt(), counts);
        }
    }

    record Registrations(Map<String, Long> states, List<WorkspaceOverview.Registration> items) {
    }

    record OverviewView(WorkspaceView workspace, List<WorkspaceOverview.Model> models,
                        List<WorkspaceOverview.Key> keys, List<WorkspaceOverview.Member> members,
                        Registrations registrations) {
        static OverviewView of(WorkspaceOverview o) {
            return new OverviewView(WorkspaceView.of(o.workspace(), o.counts()), o.models(), o.keys(), o.members(),
                    new Registrations(o.registrations(), o.registrationList()));
        }
    }

    record NewAdmin(String username, String password) {
        @Override
        public String toString() {
            return "NewAdmin[" + username + "]";
        }
    }

    record NewWorkspace(String name, NewAdmin admin) {
    }

    record Created(WorkspaceView workspace, MembersController.MemberView admin) {
    }

    record WorkspaceList(List<WorkspaceView> workspaces) {
    }

    private final Workspaces workspaces;
    private final WorkspaceOverviews overviews;
    private final WorkspaceContext context;

    public OperatorWorkspacesController(Workspaces workspaces, WorkspaceOverviews overviews,
                                        WorkspaceContext context) {
        this.workspaces = workspaces;
        this.overviews = overviews;
        this.context = context;
    }

    @GetMapping
    WorkspaceList list() {
        Map<String, WorkspaceCounts> counts = overviews.counts();
        return new WorkspaceList(workspaces.list().stream()
                .map(w -> WorkspaceView.of(w, counts.getOrDefault(w.id(), WorkspaceCounts.NONE))).toList());
    }

    @GetMapping("/{id}")
    WorkspaceView get(@PathVariable String id) {
        Workspace workspace = find(id);
        return WorkspaceView.of(workspace, overviews.counts(workspace.id()));
    }

    @GetMapping("/{id}/overview")
    OverviewView overview(@PathVariable String id) {
        return OverviewView.of(overviews.overview(find(id)));
    }

    private Workspace find(String id) {
        return workspaces.find(id).orElseThrow(() -> new NotFoundException("workspace", id));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Created> create(@RequestBody NewWorkspace body) {
        NewAdmin admin = body.admin() == null ? new NewAdmin(null, null) : body.admin();
        Workspaces.Created created = workspaces.create(body.name(), admin.username(), admin.password(),
                context.actor());
        return ResponseEntity.created(URI.create("/api/v1/operator/workspaces/" + created.workspace().id()))
                .body(new Created(WorkspaceView.of(created.workspace(), overviews.counts(created.workspace().id())),
                        MembersController.MemberView.of(created.admin(), created.admin().createdAt())));
    }
}
