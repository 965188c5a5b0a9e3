package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.model.ExternalModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Rotating the workspace's External ID without downtime, against the emulator's trust policies: start (a new ID,
 * pending, and a trust policy accepting both), confirm (only the new ID is sent from then on, the sessions assumed
 * with the old one are dropped, audited once), cancel.
 */
class ExternalIdRotationIT extends TestRunApiTestBase {

    static final String WORKSPACE = "/api/v1/workspace";
    static final String ROTATION = WORKSPACE + "/external-id/rotation";
    private static final String ROLE = role("ModelgateBedrockAccess");
    private static final Map<String, Object> HI = Map.of("variables", Map.of("prompt", "Hi"));

    @Autowired
    ExternalModels models;

    @Autowired
    WorkspaceContext workspaceContext;

    @AfterEach
    void backToTheIdTheWorldTrusts() {
        jdbc.sql("UPDATE workspaces SET external_id = ?, pending_external_id = NULL, rotation_started_at = NULL "
                + "WHERE name = 'testrun'").param(EXTERNAL_ID).update();
        jdbc.sql("DELETE FROM audit_events").update();
        tenantCredentials.invalidateAll();
        workspaceContext.invalidateAll();
    }

    @Test
    void start_keepsANewIdPending_andAnswersATrustPolicyAcceptingBoth() {
        api.get(WORKSPACE).assertJson(200, Api.parse("""
                {"id": "%s", "name": "testrun", "externalId": "%s", "pendingExternalId": null,
                 "rotationStartedAt": null, "trustPolicy": %s, "trustPolicyAfterRotation": null, "roleChecks": null}"""
                .formatted(workspace().id(), EXTERNAL_ID, trustPolicy("\"" + EXTERNAL_ID + "\""))));

        Api.Reply reply = api.post(ROTATION, "");

        JsonNode started = reply.json();
        String pending = started.get("pendingExternalId").stringValue();
        assertThat(pending).matches("mg-[a-z0-9]{32}");
        reply.assertJson(200, Api.parse("""
                {"id": "%s", "name": "testrun", "externalId": "%s", "pendingExternalId": "%s",
                 "rotationStartedAt": "%s", "trustPolicy": %s, "trustPolicyAfterRotation": %s, "roleChecks": null}"""
                .formatted(workspace().id(), EXTERNAL_ID, pending,
                        started.get("rotationStartedAt").stringValue(),
                        trustPolicy("[\"" + EXTERNAL_ID + "\", \"" + pending + "\"]"),
                        trustPolicy("\"" + pending + "\""))));
        api.get(WORKSPACE).assertJson(200, started);
        api.post(ROTATION, "").assertProblem(Api.problem(409, "rotation-in-progress", "Rotation in progress",
                "a rotation to External ID " + pending + " started at " + started.get("rotationStartedAt").stringValue()
                        + "; confirm or cancel it first", ROTATION));
        assertThat(workspace().externalId()).as("still sent until confirmed").isEqualTo(EXTERNAL_ID);
        assertThat(rotations()).isEmpty();
    }

    @Test
    void confirm_switchesToTheNewId_dropsTheOldSessions_andIsAuditedOnce_withoutDowntime() {
        readyModel("haiku");
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), HI).status()).isEqualTo(200);
        JsonNode started = api.post(ROTATION, "").json();
        String pending = started.get("pendingExternalId").stringValue();
        aws.emulator().updateAssumeRolePolicy(ROLE, started.get("trustPolicy").toString());
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), HI).status()).as("during the rotation").isEqualTo(200);

        JsonNode confirmed = api.post(ROTATION + "/confirm", "").json();
        aws.emulator().updateAssumeRolePolicy(ROLE, started.get("trustPolicyAfterRotation").toString());
        int assumedBefore = assumeRoles().size();
        Api.Reply invoked = api.post(InvokeApiIT.invokePath("haiku"), HI);

        assertThat(confirmed.get("externalId").stringValue()).isEqualTo(pending);
        assertThat(confirmed.get("pendingExternalId").isNull()).isTrue();
        assertThat(confirmed.get("trustPolicy")).isEqualTo(Api.parse(trustPolicy("\"" + pending + "\"")));
        assertThat(confirmed.get("roleChecks").valueStream().filter(c -> c.get("roleArn").stringValue().equals(ROLE)))
                .singleElement().satisfies(c -> assertThat(c).isEqualTo(Api.parse("""
                        {"roleArn": "%s", "accepted": true, "problem": null}""".formatted(ROLE))));
        assertThat(confirmed.get("roleChecks").valueStream()
                .filter(c -> c.get("roleArn").stringValue().equals(role("OtherWorkspacesRole"))))
                .singleElement().satisfies(c -> {
                    assertThat(c.get("accepted").booleanValue()).isFalse();
                    assertThat(c.get("problem").stringValue()).startsWith("(trust-policy-or-role, for the workspace "
                            + "to fix): AssumeRole with the workspace's External ID was refused by the tenant's side "
                            + "(AccessDenied: ");
                });
        assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
        List<String> after = assumeRoles().subList(assumedBefore, assumeRoles().size());
        assertThat(after).as("the old ID's session was dropped: one new AssumeRole, with the new ID").singleElement()
                .satisfies(body -> assertThat(body).contains("ExternalId=" + pending));
        JsonNode events = rotations();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("resourceType").stringValue()).isEqualTo("WORKSPACE");
        assertThat(events.get(0).get("resourceId").stringValue()).isEqualTo(workspace().id());
        assertThat(events.get(0).get("actor").stringValue()).isEqualTo(actor);
        assertThat(events.get(0).get("details")).isEqualTo(Api.parse("""
                {"externalId": {"before": "%s", "after": "%s"}}""".formatted(EXTERNAL_ID, pending)));
    }

    @Test
    void afterConfirm_aRoleTrustingOnlyTheOldId_isRefused_theOldIdIsNoLongerSent() {
        String pending = api.post(ROTATION, "").json().get("pendingExternalId").stringValue();
        JsonNode confirmed = api.post(ROTATION + "/confirm", "").json();

        JsonNode answer = answer(testDraft(claude("m", "ModelgateBedrockAccess")));

        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("trust-policy-or-role");
        assertThat(confirmed.get("roleChecks").valueStream().filter(c -> c.get("roleArn").stringValue().equals(ROLE)))
                .as("the confirmation said so").singleElement()
                .satisfies(c -> assertThat(c.get("accepted").booleanValue()).isFalse());
        assertThat(assumeRoles()).isNotEmpty().allSatisfy(body -> {
            assertThat(body).doesNotContain(EXTERNAL_ID);
            assertThat(body).satisfiesAnyOf(b -> assertThat(b).contains("ExternalId=" + pending),
                    b -> assertThat(b).doesNotContain("ExternalId="));
        });
    }

    @Test
    void cancel_forgetsThePendingId_andWithoutARotation_confirmAndCancelAnswer409() {
        api.post(ROTATION, "");

        api.delete(ROTATION).assertJson(200, api.get(WORKSPACE).json());

        assertThat(api.get(WORKSPACE).json().get("pendingExternalId").isNull()).isTrue();
        assertThat(workspace().externalId()).isEqualTo(EXTERNAL_ID);
        String detail = "no External ID rotation is in progress; start one with POST "
                + "/api/v1/workspace/external-id/rotation";
        api.delete(ROTATION).assertProblem(Api.problem(409, "no-rotation", "No rotation in progress", detail,
                ROTATION));
        api.post(ROTATION + "/confirm", "").assertProblem(Api.problem(409, "no-rotation", "No rotation in progress",
                detail, ROTATION + "/confirm"));
        assertThat(rotations()).isEmpty();
    }

    private static String trustPolicy(String externalIds) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                 "Principal": {"AWS": "%s"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"sts:ExternalId": %s}}}]}""".formatted(PLATFORM_ARN, externalIds);
    }

    private void readyModel(String name) {
        JsonNode model = create(claude(name, "ModelgateBedrockAccess"));
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
    }

    private List<String> assumeRoles() {
        return aws.emulator().journal().ofOperation("AssumeRole").stream().map(call -> call.body()).toList();
    }

    private JsonNode rotations() {
        return api.get("/api/v1/audit?action=EXTERNAL_ID_ROTATED").json().get("items");
    }
}
