package dev.modelgate.web;

import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace's role registrations: Modelgate assumes a role for the workspace only while its registration is
 * APPROVED.
 *
 * <ul>
 *   <li>{@code GET /api/v1/registrations}: {@code {"items": [<registration>...]}}, most recently requested first;</li>
 *   <li>{@code POST /api/v1/registrations} {@code {"roleArn"}}: 201 with the registration (PENDING, or APPROVED when
 *       automatic verification passed) and its {@code Location}; a REJECTED or REVOKED one is requested again. 422
 *       {@code invalid-input} (field {@code roleArn}, the rule it breaks); 409 {@code registration-exists} when it
 *       is PENDING or APPROVED already;</li>
 *   <li>{@code GET /api/v1/registrations/{id}}: one registration; 404 when the workspace has none of that id
 *       (another workspace's answers the same);</li>
 *   <li>{@code POST /api/v1/registrations/{id}/revoke} {@code [{"note"}]}: withdraws a PENDING registration or gives
 *       up an APPROVED one (its cached sessions are dropped at once); 409 {@code registration-state} otherwise.</li>
 * </ul>
 * Registrations are shown as {@link RegistrationView}.
 */
@RestController
@RequestMapping(path = "/api/v1/registrations", produces = "application/json")
public class RegistrationsController {

    private final RoleRegistrations registrations;
    private final WorkspaceContext workspaces;
    private final JsonMapper json;

    public RegistrationsController(RoleRegistrations registrations, WorkspaceContext workspaces, JsonMapper json) {
        this.registrations = registrations;
        this.workspaces = workspaces;
        this.json = json;
    }

    /** {@code {"items": [...]}}. */
    record Page(List<RegistrationView> items) {
    }

    @GetMapping
    Page list() {
        return new Page(registrations.list(workspaces.current().id()).stream()
                .map(r -> RegistrationView.of(r, json)).toList());
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<RegistrationView> request(@RequestBody RegistrationView.Request request) {
        Workspace workspace = workspaces.current();
        RegistrationView view = RegistrationView.of(registrations.request(workspace.id(),
                request == null ? null : request.roleArn(), workspaces.actor()), json);
        return ResponseEntity.created(URI.create("/api/v1/registrations/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    RegistrationView get(@PathVariable String id) {
        return RegistrationView.of(registrations.get(workspaces.current().id(), id), json);
    }

    @PostMapping("/{id}/revoke")
    RegistrationView revoke(@PathVariable String id,
                            @RequestBody(required = false) RegistrationView.Decision decision) {
        return RegistrationView.of(registrations.revoke(workspaces.current().id(), id, workspaces.actor(),
                RegistrationView.Decision.note(decision)), json);
    }
}
