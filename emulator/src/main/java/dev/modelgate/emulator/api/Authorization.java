package dev.modelgate.emulator.api;

import dev.modelgate.emulator.auth.Caller;
import dev.modelgate.emulator.bedrock.BedrockErrorType;
import dev.modelgate.emulator.bedrock.BedrockException;
import dev.modelgate.emulator.iam.Decision;
import dev.modelgate.emulator.iam.PolicyEvaluator;
import dev.modelgate.emulator.iam.Principal;

import java.util.List;

/** IAM authorization of Bedrock actions, with AWS's denial message. */
final class Authorization {

    private Authorization() {
    }

    /**
     * Requires the caller to be allowed {@code action} on every resource: allowed by its identity policies, by its
     * session policies when it has any, and denied by none.
     *
     * @throws BedrockException AccessDeniedException (403) naming the caller, the action and the resource (no
     *                          resource for {@code "*"}, as AWS words it for actions without resource-level
     *                          permissions)
     */
    static void require(Caller caller, String action, List<String> resources) {
        Principal principal = caller.principal();
        for (String resource : resources) {
            Decision identity = PolicyEvaluator.evaluate(principal.identityPolicies(), action, resource, principal.requestContext());
            // Session policies can only narrow what the identity policies allow.
            Decision session = principal.sessionPolicies().isEmpty() ? Decision.ALLOW
                    : PolicyEvaluator.evaluate(principal.sessionPolicies(), action, resource, principal.requestContext());
            if (identity == Decision.ALLOW && session == Decision.ALLOW) {
                continue;
            }
            String because = PolicyEvaluator.denialContext(identity, session, action).orElseThrow();
            // Actions without resource-level permissions (the List operations, authorized on "*") name no resource.
            String on = resource.equals("*") ? "" : " on resource: " + resource;
            throw new BedrockException(BedrockErrorType.ACCESS_DENIED, "User: " + principal.arn()
                    + " is not authorized to perform: " + action + on + because);
        }
    }
}
