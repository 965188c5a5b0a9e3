package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.connection.RoleArn;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.RegistrationState;
import dev.modelgate.registration.RoleRegistration;
import dev.modelgate.registration.RoleRegistrationRepository;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registrations' API, workspace side and operator side: the state machine, its exact answers and problems, one
 * audit event per change, 404 for another workspace's registration, the settings, and automatic approval against
 * the emulator's roles.
 */
class RegistrationApiIT extends TestRunApiTestBase {

    static final String REGISTRATIONS = "/api/v1/registrations";
    static final String OPERATOR = "/api/v1/operator/registrations";
    static final String SETTINGS = "/api/v1/operator/settings";
    private static final String ROLE = role("ModelgateBedrockAccess");
    private static final String DENIED = "User: " + PLATFORM_ARN + " is not authorized to perform: sts:AssumeRole on "
            + "resource: ";

    @Autowired
    RegistrationApprovals approvals;

    @Autowired
    RoleRegistrationRepository repository;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Override
    boolean approveWorldRoles() {
        return false;
    }

    static final String OPERATOR_NAME = "registrations-operator";
    private static final java.util.Map<Integer, Api> OPERATORS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A platform operator's console session. */
    Api operator;

    @BeforeEach
    void noRegistrations() {
        operator = OPERATORS.computeIfAbsent(port, p -> signedIn(OPERATOR_NAME, dev.modelgate.access.Role.OPERATOR,
                null));
        jdbc.sql("DELETE FROM role_registrations").update();
        jdbc.sql("DELETE FROM audit_events").update();
        jdbc.sql("UPDATE platform_settings SET auto_approve_registrations = FALSE, updated_at = NULL, updated_by = NULL")
                .update();
        approvals.forgetAll();
    }

    @Test
    void request_answers201Pending_withItsLocation_andThePolicyThePlatformNeeds_auditedOnce() {
        Api.Reply reply = api.post(REGISTRATIONS, "{\"roleArn\": \"" + ROLE + "\"}");

        JsonNode body = reply.json();
        String id = body.get("id").stringValue();
        reply.assertJson(201, view(body, "PENDING", actor, null, null));
        assertThat(reply.header("Location")).isEqualTo(REGISTRATIONS + "/" + id);
        assertThat(body.get("platformPolicy")).isEqualTo(Api.parse("""
                {"Version": "2012-10-17", "Statement": [{"Sid": "AssumeTenantRole", "Effect": "Allow",
                 "Action": "sts:AssumeRole", "Resource": "%s"}]}""".formatted(ROLE)));
        assertThat(Instant.parse(body.get("requestedAt").stringValue())).isBetween(Instant.now().minusSeconds(60),
                Instant.now());
        api.get(REGISTRATIONS + "/" + id).assertJson(200, body);
        api.get(REGISTRATIONS).assertJson(200, Api.JSON.createObjectNode().set("items", Api.array(body)));
        JsonNode events = auditOf(id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").stringValue()).isEqualTo("REGISTRATION_REQUESTED");
        assertThat(events.get(0).get("resourceType").stringValue()).isEqualTo("ROLE_REGISTRATION");
        assertThat(events.get(0).get("resourceName").stringValue()).isEqualTo("ModelgateBedrockAccess");
        assertThat(events.get(0).get("details")).isEqualTo(Api.parse("""
                {"roleArn": "%s", "state": {"before": null, "after": "PENDING"}, "note": null}""".formatted(ROLE)));
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).as("no verification while it is off").isEmpty();
    }

    @Test
    void request_ofSomethingNotARoleArn_answers422NamingRoleArn_andStoresNothing() {
        for (String raw : List.of("arn:aws:iam::12:role/x", "arn:aws:iam::222222222222:user/alice")) {
            List<Violation> expected = RoleArn.validate(raw);
            assertThat(expected).isNotEmpty().allSatisfy(v -> assertThat(v.field()).isEqualTo("roleArn"));
            ObjectNode[] violations = expected.stream().map(v -> Api.violation(v.field(), v.rule(), v.message()))
                    .toArray(ObjectNode[]::new);

            api.post(REGISTRATIONS, "{\"roleArn\": \"" + raw + "\"}").assertProblem(violations.length == 1
                    ? Api.invalid(REGISTRATIONS, violations[0]) : Api.invalid(REGISTRATIONS,
                    Api.invalid(REGISTRATIONS, violations[0]).get("detail").stringValue(), violations));
        }
        assertThat(RoleArn.validate("arn:aws:iam::12:role/x")).extracting(Violation::rule).contains("arn-account");
        api.post(REGISTRATIONS, "{}").assertProblem(Api.invalid(REGISTRATIONS, Api.violation("roleArn",
                RoleArn.validate(null).getFirst().rule(), RoleArn.validate(null).getFirst().message())));
        assertThat(repository.list(workspace().id())).isEmpty();
        assertThat(auditCount()).isZero();
    }

    @Test
    void request_ofARolePendingOrApproved_answers409_andRecordsNothing() {
        String id = request(ROLE).get("id").stringValue();
        String detail = "role " + ROLE + " is already registered for this workspace (%s); a REJECTED or REVOKED "
                + "registration can be requested again";

        api.post(REGISTRATIONS, "{\"roleArn\": \"" + ROLE + "\"}").assertProblem(Api.problem(409,
                "registration-exists", "Registration exists", detail.formatted("PENDING"), REGISTRATIONS));
        operator.post(OPERATOR + "/" + id + "/approve", "");
        api.post(REGISTRATIONS, "{\"roleArn\": \"" + ROLE + "\"}").assertProblem(Api.problem(409,
                "registration-exists", "Registration exists", detail.formatted("APPROVED"), REGISTRATIONS));
        assertThat(auditOf(id)).hasSize(2);
    }

    @Test
    void lifecycle_followsTheStateMachine_refusesOtherMoves_andAuditsEachChangeOnce() {
        String id = request(ROLE).get("id").stringValue();
        String path = OPERATOR + "/" + id;

        JsonNode approved = operator.post(path + "/approve", "{\"note\": \"policy added\"}").json();
        assertThat(approved.get("state").stringValue()).isEqualTo("APPROVED");
        assertThat(approved.get("decidedBy").stringValue()).isEqualTo(OPERATOR_NAME);
        assertThat(approved.get("note").stringValue()).isEqualTo("policy added");
        assertThat(approved.get("decidedAt").isNull()).isFalse();
        operator.post(path + "/approve", "").assertProblem(stateProblem(path + "/approve", id, "APPROVED",
                "a PENDING registration can be approved"));
        operator.post(path + "/reject", "").assertProblem(stateProblem(path + "/reject", id, "APPROVED",
                "a PENDING registration can be rejected"));

        JsonNode revoked = api.post(REGISTRATIONS + "/" + id + "/revoke", "").json();
        assertThat(revoked.get("state").stringValue()).isEqualTo("REVOKED");
        operator.post(path + "/revoke", "").assertProblem(stateProblem(path + "/revoke", id, "REVOKED",
                "a PENDING or APPROVED registration can be revoked"));

        JsonNode again = request(ROLE);
        assertThat(again.get("id").stringValue()).isEqualTo(id);
        assertThat(again.get("state").stringValue()).isEqualTo("PENDING");
        assertThat(again.get("decidedAt").isNull()).isTrue();
        assertThat(again.get("note").isNull()).isTrue();

        JsonNode rejected = operator.post(path + "/reject", "{\"note\": \"wrong account\"}").json();
        assertThat(rejected.get("state").stringValue()).isEqualTo("REJECTED");
        api.post(REGISTRATIONS + "/" + id + "/revoke", "").assertProblem(stateProblem(REGISTRATIONS + "/" + id
                + "/revoke", id, "REJECTED", "a PENDING or APPROVED registration can be revoked"));
        assertThat(request(ROLE).get("state").stringValue()).isEqualTo("PENDING");
        assertThat(operator.post(path + "/revoke", "").json().get("state").stringValue()).as("withdrawn while pending")
                .isEqualTo("REVOKED");

        JsonNode events = auditOf(id);
        assertThat(events.valueStream().map(e -> e.get("action").stringValue())).containsExactly(
                "REGISTRATION_REVOKED", "REGISTRATION_REQUESTED", "REGISTRATION_REJECTED", "REGISTRATION_REQUESTED",
                "REGISTRATION_REVOKED", "REGISTRATION_APPROVED", "REGISTRATION_REQUESTED");
        assertThat(events.get(5).get("details")).isEqualTo(Api.parse("""
                {"roleArn": "%s", "state": {"before": "PENDING", "after": "APPROVED"}, "note": "policy added",
                 "automatic": false}""".formatted(ROLE)));
        assertThat(events.get(2).get("details")).isEqualTo(Api.parse("""
                {"roleArn": "%s", "state": {"before": "PENDING", "after": "REJECTED"}, "note": "wrong account"}"""
                .formatted(ROLE)));
        assertThat(events.get(1).get("details").get("state")).isEqualTo(Api.parse("""
                {"before": "REJECTED", "after": "PENDING"}"""));
    }

    @Test
    void anotherWorkspacesRegistration_answers404_exactlyLikeOneThatDoesNotExist() {
        String other = UUID.randomUUID().toString();
        workspaceRepository.insert(new Workspace(other, "other-" + other, "mg-other-" + other, Instant.now()));
        String foreign = UUID.randomUUID().toString();
        repository.insert(new RoleRegistration(foreign, other, null, ROLE, RegistrationState.APPROVED, Instant.now(),
                "bob", Instant.now(), "operator", null));
        String unknown = UUID.randomUUID().toString();

        for (String id : List.of(foreign, unknown)) {
            api.get(REGISTRATIONS + "/" + id).assertProblem(Api.problem(404, "not-found", "Not found",
                    "no registration with id " + id, REGISTRATIONS + "/" + id));
            api.post(REGISTRATIONS + "/" + id + "/revoke", "").assertProblem(Api.problem(404, "not-found",
                    "Not found", "no registration with id " + id, REGISTRATIONS + "/" + id + "/revoke"));
        }
        operator.post(OPERATOR + "/" + unknown + "/approve", "").assertProblem(Api.problem(404, "not-found", "Not found",
                "no registration with id " + unknown, OPERATOR + "/" + unknown + "/approve"));
        assertThat(api.get(REGISTRATIONS).json().get("items").isEmpty()).isTrue();
        assertThat(repository.find(foreign).orElseThrow().state()).isEqualTo(RegistrationState.APPROVED);
    }

    @Test
    void operatorList_showsEveryWorkspace_filteredByState_withThePlatformPrincipal() {
        String other = UUID.randomUUID().toString();
        workspaceRepository.insert(new Workspace(other, "other-" + other, "mg-other-" + other, Instant.now()));
        repository.insert(new RoleRegistration(UUID.randomUUID().toString(), other, null, ROLE,
                RegistrationState.PENDING, Instant.now().minusSeconds(5), "bob", null, null, null));
        String mine = request(ROLE).get("id").stringValue();
        String approvedRole = role("NoBedrockAccess");
        operator.post(OPERATOR + "/" + request(approvedRole).get("id").stringValue() + "/approve", "");

        JsonNode pending = operator.get(OPERATOR + "?state=PENDING").json();

        assertThat(pending.get("platformPrincipalArn").stringValue()).isEqualTo(PLATFORM_ARN);
        assertThat(pending.get("items").valueStream().map(r -> r.get("workspaceName").stringValue()))
                .containsExactly("other-" + other, "testrun");
        assertThat(pending.get("items").get(1).get("id").stringValue()).isEqualTo(mine);
        assertThat(operator.get(OPERATOR).json().get("items")).hasSize(3);
        assertThat(operator.get(OPERATOR + "?state=APPROVED").json().get("items").valueStream()
                .map(r -> r.get("roleArn").stringValue())).containsExactly(approvedRole);
        operator.get(OPERATOR + "?state=pending").assertProblem(Api.invalid(OPERATOR, Api.violation("state", "one-of",
                "state must be one of [PENDING, APPROVED, REJECTED, REVOKED], got \"pending\"")));
    }

    @Test
    void settings_startWithAutomaticApprovalOff_andPutChangesThem() {
        operator.get(SETTINGS).assertJson(200, Api.parse("""
                {"autoApproveRegistrations": false, "updatedAt": null, "updatedBy": null}"""));

        JsonNode on = operator.put(SETTINGS, "{\"autoApproveRegistrations\": true}").json();

        assertThat(on.get("autoApproveRegistrations").booleanValue()).isTrue();
        assertThat(on.get("updatedBy").stringValue()).isEqualTo(OPERATOR_NAME);
        operator.get(SETTINGS).assertJson(200, on);
        operator.put(SETTINGS, "{}").assertProblem(Api.invalid(SETTINGS, Api.violation("autoApproveRegistrations",
                "required", "autoApproveRegistrations is required: true or false")));
    }

    @Test
    void automaticApproval_approvesARoleTrustingTheWorkspace_andLeavesOthersPendingWithTheReason() {
        operator.put(SETTINGS, "{\"autoApproveRegistrations\": true}");

        JsonNode trusted = request(ROLE);
        JsonNode noExternalId = request(role("NoExternalIdRole"));
        JsonNode someoneElse = request(role("TrustsSomeoneElse"));

        assertThat(trusted.get("state").stringValue()).isEqualTo("APPROVED");
        assertThat(trusted.get("decidedBy").stringValue()).isEqualTo("modelgate (automatic verification)");
        assertThat(trusted.get("note").stringValue()).isEqualTo("verified automatically: Modelgate assumed the role "
                + "with the workspace's External ID, and the role refused the same request without the External ID");
        assertThat(noExternalId.get("state").stringValue()).isEqualTo("PENDING");
        assertThat(noExternalId.get("note").stringValue()).isEqualTo("automatic verification failed "
                + "(external-id-not-required, for the workspace to fix): Modelgate could assume "
                + role("NoExternalIdRole") + " without an External ID, so any workspace that learns its ARN could use "
                + "it. The workspace adds the Condition {\"StringEquals\": {\"sts:ExternalId\": \"" + EXTERNAL_ID
                + "\"}} to the trust policy statement that names Modelgate.");
        assertThat(someoneElse.get("state").stringValue()).isEqualTo("PENDING");
        assertThat(someoneElse.get("note").stringValue()).startsWith("automatic verification failed "
                + "(trust-policy-or-role, for the workspace to fix): AssumeRole with the workspace's External ID was "
                + "refused by the tenant's side (AccessDenied: ");
        JsonNode events = auditOf(trusted.get("id").stringValue());
        assertThat(events.valueStream().map(e -> e.get("action").stringValue()))
                .containsExactly("REGISTRATION_APPROVED", "REGISTRATION_REQUESTED");
        assertThat(events.get(0).get("actor").stringValue()).isEqualTo("modelgate (automatic verification)");
        assertThat(events.get(0).get("details").get("automatic").booleanValue()).isTrue();
        assertThat(auditOf(someoneElse.get("id").stringValue())).hasSize(1);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole").stream()
                .filter(call -> call.body().contains("ModelgateBedrockAccess")))
                .as("with the External ID, then without").hasSize(2);
    }

    @Test
    void approve_roleWhoseTrustPolicyNamesAnotherExternalId_is409ForTheTenant_andStaysPendingWithTheNote() {
        String role = role("OtherWorkspacesRole");
        String id = request(role).get("id").stringValue();
        String path = OPERATOR + "/" + id + "/approve";
        String fix = "The workspace checks that " + role + " exists, that its trust policy names Modelgate's "
                + "principal, and that its Condition requires sts:ExternalId " + EXTERNAL_ID + " (AWS does not say "
                + "which of the three it is); Modelgate's own policies allowed the call.";
        String failure = "(trust-policy-or-role, for the workspace to fix): AssumeRole with the workspace's External ID "
                + "was refused by the tenant's side (AccessDenied: " + DENIED + role + "). " + fix;

        operator.post(path, "{\"note\": \"looks fine\"}").assertProblem(Api.problem(409, "role-verification-failed",
                        "Role did not pass verification", "registration " + id + " was not approved: " + role
                                + " did not pass verification " + failure, path)
                .put("diagnosis", "trust-policy-or-role").put("fixedBy", "TENANT").put("fix", fix));

        JsonNode after = api.get(REGISTRATIONS + "/" + id).json();
        assertThat(after.get("state").stringValue()).isEqualTo("PENDING");
        assertThat(after.get("note").stringValue()).isEqualTo("approval refused, verification failed " + failure);
        assertThat(after.get("decidedBy").isNull()).isTrue();
        assertThat(auditOf(id)).hasSize(1);
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).as("with the External ID only").hasSize(1);
    }

    @Test
    void approve_roleModelgatesOwnPolicyDoesNotCover_is409ForThePlatform() {
        String role = "arn:aws:iam::555555555555:role/ModelgateBedrockAccess";
        String id = request(role).get("id").stringValue();
        String path = OPERATOR + "/" + id + "/approve";
        String fix = "The platform operator allows Modelgate's principal sts:AssumeRole on " + role + " (the "
                + "registration's platformPolicy); nothing in the tenant account needs to change.";

        operator.post(path, "").assertProblem(Api.problem(409, "role-verification-failed",
                        "Role did not pass verification", "registration " + id + " was not "
                                + "approved: " + role + " did not pass verification (platform-not-allowed, for the "
                                + "platform operator to fix): AssumeRole with the workspace's External ID was refused "
                                + "by Modelgate's own policies (AccessDenied: " + DENIED + role + " because no "
                                + "identity-based policy allows the sts:AssumeRole action). " + fix, path)
                .put("diagnosis", "platform-not-allowed").put("fixedBy", "PLATFORM").put("fix", fix));

        assertThat(api.get(REGISTRATIONS + "/" + id).json().get("state").stringValue()).isEqualTo("PENDING");
    }

    @Test
    void approve_roleThatDoesNotRequireTheExternalId_is409ForTheTenant() {
        String role = role("NoExternalIdRole");
        String id = request(role).get("id").stringValue();
        String path = OPERATOR + "/" + id + "/approve";
        String fix = "The workspace adds the Condition {\"StringEquals\": {\"sts:ExternalId\": \"" + EXTERNAL_ID
                + "\"}} to the trust policy statement that names Modelgate.";

        operator.post(path, "").assertProblem(Api.problem(409, "role-verification-failed",
                        "Role did not pass verification", "registration " + id + " was not approved: "
                                + role + " did not pass verification (external-id-not-required, for the workspace to "
                                + "fix): Modelgate could assume " + role + " without an External ID, so any workspace "
                                + "that learns its ARN could use it. " + fix, path)
                .put("diagnosis", "external-id-not-required").put("fixedBy", "TENANT").put("fix", fix));

        assertThat(api.get(REGISTRATIONS + "/" + id).json().get("state").stringValue()).isEqualTo("PENDING");
        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).as("with the External ID, then without")
                .hasSize(2);
    }

    @Test
    void approve_ofARegistrationNotPending_is409BeforeAnythingReachesSts() {
        String role = role("OtherWorkspacesRole");
        String id = request(role).get("id").stringValue();
        operator.post(OPERATOR + "/" + id + "/reject", "");
        String path = OPERATOR + "/" + id + "/approve";

        operator.post(path, "").assertProblem(stateProblem(path, id, "REJECTED", "a PENDING registration can be approved"));

        assertThat(aws.emulator().journal().ofOperation("AssumeRole")).isEmpty();
    }

    private JsonNode request(String role) {
        Api.Reply reply = api.post(REGISTRATIONS, "{\"roleArn\": \"" + role + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private ObjectNode view(JsonNode actual, String state, String requestedBy, String decidedBy, String note) {
        String id = actual.get("id").stringValue();
        ObjectNode view = Api.JSON.createObjectNode().put("id", id).put("workspaceId", workspace().id())
                .put("workspaceName", "testrun").put("roleArn", ROLE).put("state", state)
                .put("requestedAt", actual.get("requestedAt").stringValue()).put("requestedBy", requestedBy);
        view.set("decidedAt", actual.get("decidedAt"));
        view.put("decidedBy", decidedBy).put("note", note);
        view.set("platformPolicy", Api.parse("""
                {"Version": "2012-10-17", "Statement": [{"Sid": "AssumeTenantRole", "Effect": "Allow",
                 "Action": "sts:AssumeRole", "Resource": "%s"}]}""".formatted(ROLE)));
        return view;
    }

    private static ObjectNode stateProblem(String instance, String id, String state, String only) {
        return Api.problem(409, "registration-state", "Registration state",
                "registration " + id + " is " + state + "; only " + only, instance);
    }

    private JsonNode auditOf(String resourceId) {
        return api.get("/api/v1/audit?resourceId=" + resourceId).json().get("items");
    }

    private long auditCount() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events").query(Long.class).single();
    }
}
