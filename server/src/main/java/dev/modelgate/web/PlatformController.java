package dev.modelgate.web;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.platform.CallerIdentity;
import dev.modelgate.platform.PlatformIdentity;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who Modelgate is on AWS, and what a tenant pastes into IAM so that Modelgate may call Bedrock for the current
 * workspace.
 */
@RestController
@RequestMapping("/api/v1/platform")
public class PlatformController {

    private final PlatformIdentity platformIdentity;
    private final WorkspaceContext workspaces;
    private final JsonMapper json;
    private final ExternalModels models;

    PlatformController(PlatformIdentity platformIdentity, WorkspaceContext workspaces, JsonMapper json,
                       ExternalModels models) {
        this.platformIdentity = platformIdentity;
        this.workspaces = workspaces;
        this.json = json;
        this.models = models;
    }

    /**
     * {@code GET /api/v1/platform/identity[?roleName=…]}: Modelgate's principal, and the current workspace's trust
     * and permission policies and AWS CLI commands for a role named {@code roleName} (default
     * {@value PolicyDocuments#DEFAULT_ROLE_NAME}); the permission policy allows {@code bedrock:ApplyGuardrail} on the
     * guardrails the workspace's models of that role set. 422 when {@code roleName} breaks IAM's rule; 503
     * ({@code platform-identity-unavailable}) when Modelgate cannot learn its identity.
     */
    @GetMapping("/identity")
    IdentityView identity(@RequestParam(defaultValue = PolicyDocuments.DEFAULT_ROLE_NAME) String roleName) {
        Workspace workspace = workspaces.current();
        // The role name is checked before STS is asked: a typo is answered even when AWS is out of reach.
        PolicyDocuments.validateRoleName(roleName);
        CallerIdentity caller = platformIdentity.callerIdentity();
        PolicyDocuments documents = new PolicyDocuments(roleName, caller.trustPrincipalArn(),
                ExternalId.of(workspace.externalId()), models.guardrailArns(workspace.id(), roleName));
        return new IdentityView(caller.arn(), caller.accountId(), caller.trustPrincipalArn(),
                workspace.externalId(), roleName, json.readTree(documents.permissionPolicy()),
                json.readTree(documents.trustPolicy()), documents.cli());
    }

    /** The answer of {@code GET /api/v1/platform/identity}; the policies as JSON objects. */
    record IdentityView(String principalArn, String accountId, String trustPrincipalArn, String externalId,
                        String roleName, JsonNode permissionPolicy, JsonNode trustPolicy, List<String> cli) {
    }
}
