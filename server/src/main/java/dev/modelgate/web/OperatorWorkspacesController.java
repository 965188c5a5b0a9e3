package dev.modelgate.web;

import dev.modelgate.error.NotFoundException;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.Workspaces;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/operator/workspaces}: platform operators list and create workspaces, each with its first admin. */
@RestController
@RequestMapping(path = "/api/v1/operator/workspaces", produces = "application/json")
public class OperatorWorkspacesController {

    record WorkspaceView(String id, String name, String externalId, Instant createdAt) {
        static WorkspaceView of(Workspace w) {
            return new WorkspaceView(w.id(), w.name(), w.externalId(), w.createdAt());
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
    private final WorkspaceContext context;

    public OperatorWorkspacesController(Workspaces workspaces, WorkspaceContext context) {
        this.workspaces = workspaces;
        this.context = context;
    }

    @GetMapping
    WorkspaceList list() {
        return new WorkspaceList(workspaces.list().stream().map(WorkspaceView::of).toList());
    }

    @GetMapping("/{id}")
    WorkspaceView get(@PathVariable String id) {
        return workspaces.find(id).map(WorkspaceView::of).orElseThrow(() -> new NotFoundException("workspace", id));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Created> create(@RequestBody NewWorkspace body) {
        NewAdmin admin = body.admin() == null ? new NewAdmin(null, null) : body.admin();
        Workspaces.Created created = workspaces.create(body.name(), admin.username(), admin.password(),
                context.actor());
        return ResponseEntity.created(URI.create("/api/v1/operator/workspaces/" + created.workspace().id()))
                .body(new Created(WorkspaceView.of(created.workspace()),
                        MembersController.MemberView.of(created.admin(), created.admin().createdAt())));
    }
}
