package dev.modelgate.web;

import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.registration.RegistrationState;
import dev.modelgate.registration.RoleRegistration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A role registration as the API shows it, to the workspace and to the platform operator alike.
 *
 * <p>JSON: {@code {"id", "workspaceId", "workspaceName", "roleArn", "state", "requestedAt", "requestedBy",
 * "decidedAt", "decidedBy", "note", "platformPolicy"}}; {@code decidedAt}, {@code decidedBy} and {@code note} are
 * null until there is a decision (a PENDING registration's note says why automatic verification failed, if it
 * did). {@code platformPolicy} is the identity policy Modelgate's own principal needs to assume the role
 * ({@code {"Version": "2012-10-17", "Statement": [{"Sid": "AssumeTenantRole", "Effect": "Allow",
 * "Action": "sts:AssumeRole", "Resource": <roleArn>}]}}), for the operator to add to the platform's policy.
 */
record RegistrationView(String id, String workspaceId, String workspaceName, String roleArn, RegistrationState state,
                        Instant requestedAt, String requestedBy, Instant decidedAt, String decidedBy, String note,
                        JsonNode platformPolicy) {

    /** The Sid of the statement in {@code platformPolicy}. */
    static final String STATEMENT_ID = "AssumeTenantRole";

    static RegistrationView of(RoleRegistration r, JsonMapper json) {
        return new RegistrationView(r.id(), r.workspaceId(), r.workspaceName(), r.roleArn(), r.state(),
                r.requestedAt(), r.requestedBy(), r.decidedAt(), r.decidedBy(), r.note(),
                json.readTree(PolicyDocuments.allowPolicy(STATEMENT_ID, List.of("sts:AssumeRole"),
                        List.of(r.roleArn()))));
    }

    /** {@code {"roleArn": "arn:aws:iam::<account>:role/<name>"}}. */
    record Request(String roleArn) {
    }

    /** An optional body of a decision: {@code {"note": "why"}} (at most 2000 characters). */
    record Decision(String note) {

        static String note(Decision decision) {
            return decision == null ? null : decision.note();
        }
    }
}
