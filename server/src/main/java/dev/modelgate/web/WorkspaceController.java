package dev.modelgate.web;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.platform.PlatformIdentityUnavailableException;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.ExternalIdRotation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.workspace.WorkspaceExternalIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caller's workspace and the rotation of its External ID.
 *
 * <ul>
 *   <li>{@code GET /api/v1/workspace};</li>
 *   <li>{@code POST /api/v1/workspace/external-id/rotation}: starts a rotation — a new External ID, pending; 409
 *       {@code rotation-in-progress} when one is;</li>
 *   <li>{@code POST /api/v1/workspace/external-id/rotation/confirm}: the pending ID becomes current, the old one is no
 *       longer sent and the sessions assumed with it are dropped; the answer says which approved roles accept the
 *       new ID ({@code roleChecks}); 409 {@code no-rotation} when none is in progress;</li>
 *   <li>{@code DELETE /api/v1/workspace/external-id/rotation}: cancels it; 409 {@code no-rotation} when none is in
 *       progress.</li>
 * </ul>
 * Each answers {@link View}.
 */
@RestController
@RequestMapping(path = "/api/v1/workspace", produces = "application/json")
public class WorkspaceController {

    private final WorkspaceContext workspaces;
    private final ExternalIdRotation rotation;
    private final RoleRegistrations registrations;
    private final PlatformIdentity platformIdentity;
    private final JsonMapper json;

    public WorkspaceController(WorkspaceContext workspaces, ExternalIdRotation rotation,
                               RoleRegistrations registrations, PlatformIdentity platformIdentity, JsonMapper json) {
        this.workspaces = workspaces;
        this.rotation = rotation;
        this.registrations = registrations;
        this.platformIdentity = platformIdentity;
        this.json = json;
    }

    /**
     * {@code {"id", "name", "externalId", "pendingExternalId", "rotationStartedAt", "trustPolicy",
     * "trustPolicyAfterRotation"}}. {@code trustPolicy} is what the workspace's roles should trust now: Modelgate's
     * principal with the current External ID, and during a rotation with the pending one too (a list of both), so
     * that roles can be updated before the rotation is confirmed; {@code trustPolicyAfterRotation} accepts only the
     * pending ID (null when no rotation is in progress). Both are null when Modelgate cannot learn its own principal.
     * {@code roleChecks}, only in the answer of a confirmation (null otherwise), verifies each APPROVED role with the
     * new External ID: {@code [{"roleArn", "accepted", "problem"}]}, {@code problem} saying why a role does not
     * accept it yet (its trust policy still needs the new ID).
     */
    record View(String id, String name, String externalId, String pendingExternalId, Instant rotationStartedAt,
                JsonNode trustPolicy, JsonNode trustPolicyAfterRotation, List<RoleCheckView> roleChecks) {
    }

    /** One approved role checked with the new External ID. */
    record RoleCheckView(String roleArn, boolean accepted, String problem) {
    }

    @GetMapping
    View get() {
        Workspace workspace = workspaces.current();
        return view(workspace, rotation.state(workspace.id()));
    }

    @PostMapping("/external-id/rotation")
    View start() {
        Workspace workspace = workspaces.current();
        return view(workspace, rotation.start(workspace.id()));
    }

    @PostMapping("/external-id/rotation/confirm")
    View confirm() {
        Workspace workspace = workspaces.current();
        View view = view(workspace, rotation.confirm(workspace.id(), workspace.name(), workspaces.actor()));
        List<RoleCheckView> checks = registrations.verifyApproved(workspace.id()).stream()
                .map(check -> new RoleCheckView(check.roleArn(), check.accepted(), check.problem())).toList();
        return new View(view.id(), view.name(), view.externalId(), view.pendingExternalId(), view.rotationStartedAt(),
                view.trustPolicy(), view.trustPolicyAfterRotation(), checks);
    }

    @DeleteMapping("/external-id/rotation")
    View cancel() {
        Workspace workspace = workspaces.current();
        return view(workspace, rotation.cancel(workspace.id()));
    }

    private View view(Workspace workspace, WorkspaceExternalIds ids) {
        String principal = principal();
        JsonNode now = null;
        JsonNode after = null;
        if (principal != null) {
            List<ExternalId> accepted = new ArrayList<>(List.of(ExternalId.of(ids.current())));
            if (ids.rotating()) {
                accepted.add(ExternalId.of(ids.pending()));
                after = json.readTree(PolicyDocuments.trustPolicy(principal, List.of(ExternalId.of(ids.pending()))));
            }
            now = json.readTree(PolicyDocuments.trustPolicy(principal, accepted));
        }
        return new View(workspace.id(), workspace.name(), ids.current(), ids.pending(), ids.rotationStartedAt(), now,
                after, null);
    }

    private String principal() {
        try {
            return platformIdentity.callerIdentity().trustPrincipalArn();
        } catch (PlatformIdentityUnavailableException e) {
            return null;
        }
    }
}
