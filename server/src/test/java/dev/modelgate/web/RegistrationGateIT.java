package dev.modelgate.web;

import dev.modelgate.usage.UsageTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.ExternalIdProbe;
import dev.modelgate.credentials.RoleNotApprovedException;
import dev.modelgate.credentials.RoleStanding;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.registration.RegistrationApprovals;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Modelgate assumes a role only while it is APPROVED for the calling workspace: the Test, check-role, the catalogue
 * and invoke are refused, plainly, without a single call to STS (the emulator's journal says so) for a role that is
 * not registered, pending, rejected or revoked.
 */
class RegistrationGateIT extends TestRunApiTestBase {

    private static final String ROLE = role("ModelgateBedrockAccess");
    private static final StsEndpoint US_EAST_1 = StsEndpoint.regional(Region.of("us-east-1"));

    @Autowired
    RoleRegistrations registrations;

    @Autowired
    ExternalModels models;

    @Autowired
    WorkspaceRepository workspaceRepository;

    @Autowired
    ExternalIdProbe probe;

    @Autowired
    RegistrationApprovals approvals;

    @Override
    boolean approveWorldRoles() {
        return false;
    }

    @BeforeEach
    void noRegistrations() {
        jdbc.sql("DELETE FROM role_registrations").update();
        approvals.forgetAll();
        UsageTables.deleteAll(jdbc);
        tenantCredentials.invalidateAll();
    }

    @ParameterizedTest
    @EnumSource(value = RoleStanding.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
    void test_ofARoleNotApproved_isDiagnosedRoleNotApproved_withoutCallingSts(RoleStanding standing) {
        put(ROLE, standing);

        JsonNode answer = answer(testDraft(claude("m", "ModelgateBedrockAccess")));

        assertThat(answer.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(answer.get("failedStage").stringValue()).isEqualTo("ASSUME_ROLE");
        assertThat(answer.get("diagnosisCode").stringValue()).isEqualTo("role-not-approved");
        JsonNode diagnosis = stage(answer, "ASSUME_ROLE").get("diagnosis");
        assertThat(diagnosis.get("title").stringValue()).isEqualTo("The role is not approved for this workspace");
        assertThat(diagnosis.get("detail").stringValue()).isEqualTo("Role " + ROLE + " "
                + RoleNotApprovedException.describe(standing) + ". Modelgate assumes only roles a platform operator "
                + "approved for the calling workspace, so nothing was sent to STS.");
        assertThat(diagnosis.get("fixes").get(0).stringValue()).startsWith(switch (standing) {
            case NOT_REGISTERED -> "Register the role for this workspace: POST /api/v1/registrations";
            case PENDING -> "Ask a platform operator to approve the pending registration of " + ROLE;
            case REJECTED -> "Read the operator's note on the rejected registration";
            case REVOKED, APPROVED -> "Register the role again if this workspace should still use it";
        });
        assertThat(diagnosis.get("aws").isNull()).isTrue();
        assertThat(stsCalls()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = RoleStanding.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
    void invoke_ofARoleNotApproved_answers409RoleNotApproved_withoutCallingSts(RoleStanding standing) {
        readyModel("haiku");
        put(ROLE, standing);

        api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")))
                .assertProblem(notApproved(standing, InvokeApiIT.invokePath("haiku")));
        assertThat(stsCalls()).isEmpty();
        assertThat(jdbc.sql("SELECT outcome FROM usage_records").query(String.class).list())
                .containsExactly("ASSUME_ROLE_NOT_APPROVED");
    }

    @Test
    void checkRoleAndCatalog_ofARoleNotRegistered_areRefusedWithoutCallingSts() {
        JsonNode stage = answer(api.post(Api.MODELS + "/check-role",
                "{\"roleArn\": \"" + ROLE + "\", \"region\": \"us-east-1\"}"));
        Api.Reply catalog = api.post("/api/v1/catalog/models",
                "{\"roleArn\": \"" + ROLE + "\", \"region\": \"us-east-1\"}");

        assertThat(stage.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(stage.get("diagnosis").get("code").stringValue()).isEqualTo("role-not-approved");
        catalog.assertProblem(notApproved(RoleStanding.NOT_REGISTERED, "/api/v1/catalog/models"));
        assertThat(stsCalls()).isEmpty();
    }

    @Test
    void approvedRole_passesTheTest_andInvokes() {
        approve(ROLE);

        JsonNode answer = answer(testDraft(claude("m", "ModelgateBedrockAccess")));
        readyModel("haiku");
        Api.Reply invoked = api.post(InvokeApiIT.invokePath("haiku"), Map.of("variables", Map.of("prompt", "Hi")));

        assertThat(answer.get("outcome").stringValue()).as("%s", answer).isEqualTo("PASSED");
        assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
        assertThat(stsCalls()).isNotEmpty();
    }

    @Test
    void revoke_dropsTheCachedSession_theNextInvokeIsRefusedWithoutSts_andReapprovalAssumesAnew() {
        String id = approve(ROLE);
        readyModel("haiku");
        Map<String, Object> hi = Map.of("variables", Map.of("prompt", "Hi"));
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), hi).status()).isEqualTo(200);
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), hi).status()).isEqualTo(200);
        assertThat(stsCalls()).as("one session, cached for the second call").hasSize(1);

        api.post("/api/v1/registrations/" + id + "/revoke", "").json();
        api.post(InvokeApiIT.invokePath("haiku"), hi)
                .assertProblem(notApproved(RoleStanding.REVOKED, InvokeApiIT.invokePath("haiku")));
        assertThat(stsCalls()).hasSize(1);

        registrations.request(workspace().id(), ROLE, "alice");
        approveVerified(id);
        assertThat(api.post(InvokeApiIT.invokePath("haiku"), hi).status()).isEqualTo(200);
        assertThat(stsCalls()).as("the revoked session was dropped: a new AssumeRole").hasSize(1);
    }

    @Test
    void roleApprovedForOneWorkspace_isRefusedForAnother_beforeSts() {
        String other = UUID.randomUUID().toString();
        workspaceRepository.insert(new Workspace(other, "other-" + other, "mg-other-" + other, Instant.now()));
        approve(ROLE);
        SessionKey key = new SessionKey(RoleArn.parse(ROLE), ExternalId.of("mg-other-" + other), US_EAST_1);

        assertThatThrownBy(() -> tenantCredentials.session(key, other))
                .isInstanceOfSatisfying(RoleNotApprovedException.class, e -> {
                    assertThat(e.standing()).isEqualTo(RoleStanding.NOT_REGISTERED);
                    assertThat(e.workspaceId()).isEqualTo(other);
                });
        assertThatThrownBy(() -> probe.check(key, other)).isInstanceOf(RoleNotApprovedException.class);
        assertThatThrownBy(() -> tenantCredentials.session(new SessionKey(RoleArn.parse(ROLE),
                ExternalId.of(EXTERNAL_ID), US_EAST_1), other)).isInstanceOf(RoleNotApprovedException.class);
        assertThat(stsCalls()).isEmpty();
    }

    private ObjectNode notApproved(RoleStanding standing, String instance) {
        return Api.problem(409, "role-not-approved", "Role not approved", "role " + ROLE + " "
                        + RoleNotApprovedException.describe(standing) + "; Modelgate assumes only roles a platform "
                        + "operator approved for the workspace: register it (POST /api/v1/registrations) and have it "
                        + "approved", instance)
                .put("roleArn", ROLE).put("registrationState", standing.name());
    }

    /** Puts the workspace's registration of {@code role} in {@code standing}, through the registrations' API. */
    private void put(String role, RoleStanding standing) {
        String workspace = workspace().id();
        jdbc.sql("DELETE FROM role_registrations WHERE role_arn = ?").param(role).update();
        approvals.forgetAll();
        if (standing == RoleStanding.NOT_REGISTERED) {
            return;
        }
        String id = registrations.request(workspace, role, "alice").id();
        switch (standing) {
            case REJECTED -> registrations.reject(id, "operator", "not this one");
            case REVOKED -> {
                approveVerified(id);
                registrations.revoke(workspace, id, "alice", null);
            }
            case APPROVED -> approveVerified(id);
            default -> {
            }
        }
    }

    private String approve(String role) {
        String id = registrations.request(workspace().id(), role, "alice").id();
        approveVerified(id);
        return id;
    }

    /**
     * Approves the registration, which verifies its role with STS first; those two {@code AssumeRole} calls are
     * forgotten, so that the tests count only the calls that tests and invocations make.
     */
    private void approveVerified(String id) {
        registrations.approve(id, "operator", null);
        aws.emulator().journal().clear();
    }

    private void readyModel(String name) {
        JsonNode model = create(claude(name, "ModelgateBedrockAccess"));
        assertThat(models.markReady(workspace().id(), model.get("id").stringValue(), 1)).isTrue();
    }

    private List<?> stsCalls() {
        return aws.emulator().journal().ofOperation("AssumeRole");
    }
}
