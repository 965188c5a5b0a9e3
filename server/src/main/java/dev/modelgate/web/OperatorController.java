package dev.modelgate.web;

import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.platform.PlatformIdentityUnavailableException;
import dev.modelgate.platform.PlatformSettings;
import dev.modelgate.platform.OperatorSettings;
import dev.modelgate.registration.RegistrationState;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the platform operator does, across all workspaces (access to {@code /api/v1/operator/} is the operator's
 * alone once sign-in exists).
 *
 * <ul>
 *   <li>{@code GET /api/v1/operator/registrations[?state=PENDING]}: {@code {"platformPrincipalArn", "items":
 *       [<registration>...]}}, oldest request first; {@code platformPrincipalArn} is Modelgate's own principal, whose
 *       policy needs each item's {@code platformPolicy} (null when Modelgate cannot learn who it is). 422 naming
 *       {@code state} (rule {@code one-of}) for an unknown state;</li>
 *   <li>{@code POST /api/v1/operator/registrations/{id}/approve}, {@code /reject} (PENDING only) and
 *       {@code /revoke} (PENDING or APPROVED), each with an optional {@code {"note"}}: the registration after the
 *       decision; 404 when there is none of that id, 409 {@code registration-state} when it is in another state.
 *       An approval verifies the role first, as automatic approval does; a role that does not pass stays PENDING
 *       with the failure as its note, answered by {@link RegistrationProblems} (409 naming whether the tenant or the
 *       platform must fix what, 503 when STS did not answer);</li>
 *   <li>{@code GET /api/v1/operator/settings}, {@code PUT /api/v1/operator/settings}
 *       {@code {"autoApproveRegistrations": true|false}}: {@code {"autoApproveRegistrations", "updatedAt",
 *       "updatedBy"}}.</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/api/v1/operator", produces = "application/json")
public class OperatorController {

    private final RoleRegistrations registrations;
    private final OperatorSettings settings;
    private final PlatformIdentity platformIdentity;
    private final WorkspaceContext workspaces;
    private final JsonMapper json;

    public OperatorController(RoleRegistrations registrations, OperatorSettings settings,
                              PlatformIdentity platformIdentity, WorkspaceContext workspaces, JsonMapper json) {
        this.registrations = registrations;
        this.settings = settings;
        this.platformIdentity = platformIdentity;
        this.workspaces = workspaces;
        this.json = json;
    }

    /** The operator's list. */
    record Page(String platformPrincipalArn, List<RegistrationView> items) {
    }

    /** {@code {"autoApproveRegistrations": true|false}}. */
    record SettingsChange(Boolean autoApproveRegistrations) {
    }

    @GetMapping("/registrations")
    Page registrations(@RequestParam(required = false) String state) {
        RegistrationState filter = state == null ? null : Arrays.stream(RegistrationState.values())
                .filter(s -> s.name().equals(state)).findFirst()
                .orElseThrow(() -> new InvalidInputException(Violation.of("state", "one-of", "state must be one of "
                        + Arrays.toString(RegistrationState.values()) + ", got " + Quoted.of(state))));
        String principal;
        try {
            principal = platformIdentity.callerIdentity().trustPrincipalArn();
        } catch (PlatformIdentityUnavailableException e) {
            principal = null;
        }
        return new Page(principal, registrations.listAll(filter).stream().map(r -> RegistrationView.of(r, json))
                .toList());
    }

    @PostMapping("/registrations/{id}/approve")
    RegistrationView approve(@PathVariable String id,
                             @RequestBody(required = false) RegistrationView.Decision decision) {
        return RegistrationView.of(registrations.approve(id, workspaces.actor(),
                RegistrationView.Decision.note(decision)), json);
    }

    @PostMapping("/registrations/{id}/reject")
    RegistrationView reject(@PathVariable String id,
                            @RequestBody(required = false) RegistrationView.Decision decision) {
        return RegistrationView.of(registrations.reject(id, workspaces.actor(),
                RegistrationView.Decision.note(decision)), json);
    }

    @PostMapping("/registrations/{id}/revoke")
    RegistrationView revoke(@PathVariable String id,
                            @RequestBody(required = false) RegistrationView.Decision decision) {
        return RegistrationView.of(registrations.revokeAny(id, workspaces.actor(),
                RegistrationView.Decision.note(decision)), json);
    }

    @GetMapping("/settings")
    PlatformSettings settings() {
        return settings.get();
    }

    @PutMapping(path = "/settings", consumes = "application/json")
    PlatformSettings settings(@RequestBody SettingsChange change) {
        if (change == null || change.autoApproveRegistrations() == null) {
            throw new InvalidInputException(Violation.of("autoApproveRegistrations", "required",
                    "autoApproveRegistrations is required: true or false"));
        }
        return settings.setAutoApproveRegistrations(change.autoApproveRegistrations(), workspaces.actor());
    }
}
