package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import dev.modelgate.audit.AuditAction;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of change, each done once through the API, leaves exactly its own audit record, in order, with who did
 * it; together they cover every {@link AuditAction}.
 */
class AuditCompletenessIT extends ApiTestBase {

    /** The emulator's tenant role, which is given the new workspace's External ID: an approval verifies it. */
    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/RejectedRole";
    private static final String PLATFORM_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) {
        registry.add("modelgate.aws.endpoint-override", () -> aws.endpoint().toString());
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.modelgate.budget.Budgets budgets;

    @BeforeAll
    static void platformCredentials() {
        dev.modelgate.credentials.Tenants.useSystemPlatformCredentials();
    }

    @AfterAll
    static void clearPlatformCredentials() {
        dev.modelgate.credentials.Tenants.clearSystemPlatformCredentials();
    }

    @Test
    void eachChange_recordsExactlyItsEvent() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String workspaceName = "audited-" + suffix;
        Api operator = signedIn("audit-operator-" + suffix, Role.OPERATOR, null);
        List<String> workspaceEvents = new ArrayList<>();

        JsonNode created = operator.post("/api/v1/operator/workspaces", Map.of("name", workspaceName,
                "admin", Map.of("username", "audit-admin-" + suffix, "password", "the admin's passphrase"))).json();
        String workspace = created.get("workspace").get("id").stringValue();
        workspaceEvents.addAll(List.of("WORKSPACE_CREATED", "MEMBER_ADDED"));
        Api admin = api.anonymous().signIn("audit-admin-" + suffix, "the admin's passphrase");
        workspaceEvents.add("SIGN_IN");

        String model = admin.post(Api.MODELS, Drafts.valid("audited")).json().get("id").stringValue();
        admin.put(Api.MODELS + "/" + model, Drafts.valid("audited-2"), "If-Match", "\"1\"");
        admin.put(Api.MODELS + "/" + model + "/inference", "{\"enabled\": false}");
        admin.put(Api.MODELS + "/" + model + "/routing", "{\"fallbacks\": []}");
        admin.post(Api.MODELS + "/" + model + "/test", "{}");
        workspaceEvents.addAll(List.of("MODEL_CREATED", "MODEL_UPDATED", "INFERENCE_TOGGLED", "ROUTING_CHANGED",
                "MODEL_TESTED"));
        // Revision 2's Test failed (its role is not the tenant's); recorded as passed, as a passing Test would be.
        jdbc.sql("UPDATE model_revisions SET test_outcome = 'PASSED' WHERE model_id = ? AND revision = 2")
                .param(model).update();
        Api.Reply promoted = admin.post(Api.MODELS + "/" + model + "/promote", "{}", "If-Match", "\"2\"");
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        Api.Reply back = admin.post(Api.MODELS + "/" + model + "/rollback", Map.of("revision", 1), "If-Match", "\"2\"");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        workspaceEvents.addAll(List.of("MODEL_PROMOTED", "MODEL_ROLLED_BACK"));
        admin.delete(Api.MODELS + "/" + model, "If-Match", "\"3\"");
        workspaceEvents.add("MODEL_DELETED");

        String key = admin.post("/api/v1/keys", Map.of("name", "audited key", "role", "AGENT")).json()
                .get("id").stringValue();
        admin.post("/api/v1/keys/" + key + "/revoke", "{}");
        workspaceEvents.addAll(List.of("KEY_CREATED", "KEY_REVOKED"));

        String budget = admin.post("/api/v1/budgets", Map.of("scope", "WORKSPACE", "unit", "TOKENS",
                "period", "MONTH", "limit", 1000, "softLimit", 1)).json().get("id").stringValue();
        // A call's spending as its usage record's rollup counts it; the check before the next call reports it.
        jdbc.sql("INSERT INTO usage_daily (workspace_id, utc_day, model_id, model_name, kind, revision, caller_kind, "
                + "caller_id, caller_name, calls, succeeded, input_tokens, output_tokens, cache_read_tokens, "
                + "cache_write_tokens, unknown_tokens, last_at) VALUES (?, ?, '', 'm', 'INVOKE', 0, '', '', '', 1, 1, "
                + "5, 5, 0, 0, 0, CURRENT_TIMESTAMP)").params(workspace, java.time.LocalDate.now(
                java.time.ZoneOffset.UTC).toEpochDay()).update();
        budgets.check(workspace, null, null);
        admin.put("/api/v1/budgets/" + budget, Map.of("scope", "WORKSPACE", "unit", "TOKENS", "period", "MONTH",
                "limit", 2000));
        admin.delete("/api/v1/budgets/" + budget);
        workspaceEvents.addAll(List.of("BUDGET_CREATED", "BUDGET_THRESHOLD_REACHED", "BUDGET_UPDATED",
                "BUDGET_DELETED"));

        JsonNode added = admin.post("/api/v1/members", Map.of("username", "audit-dev-" + suffix,
                "password", "the developer's passphrase", "role", "DEVELOPER")).json();
        String member = added.get("id").stringValue();
        String memberName = added.get("username").stringValue();
        api.anonymous().signIn(memberName, "the developer's passphrase");
        Api.Reply failed = attemptSignIn(memberName, "not the passphrase");
        assertThat(failed.status()).isEqualTo(401);
        admin.post("/api/v1/members/" + member + "/password", Map.of("password", "a temporary passphrase"));
        admin.delete("/api/v1/members/" + member);
        workspaceEvents.addAll(List.of("MEMBER_ADDED", "SIGN_IN", "SIGN_IN_FAILED", "PASSWORD_CHANGED",
                "MEMBER_REMOVED"));

        aws.emulator().updateAssumeRolePolicy(ROLE, new PolicyDocuments("ModelgateBedrockAccess", PLATFORM_ARN,
                ExternalId.of(workspaceRepository.find(workspace).orElseThrow().externalId())).trustPolicy());
        String approved = admin.post("/api/v1/registrations", Map.of("roleArn", ROLE)).json().get("id").stringValue();
        Api.Reply approval = operator.post("/api/v1/operator/registrations/" + approved + "/approve", "{}");
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
        admin.post("/api/v1/registrations/" + approved + "/revoke", "{}");
        String rejected = admin.post("/api/v1/registrations", Map.of("roleArn", OTHER_ROLE)).json()
                .get("id").stringValue();
        operator.post("/api/v1/operator/registrations/" + rejected + "/reject", "{}");
        workspaceEvents.addAll(List.of("REGISTRATION_REQUESTED", "REGISTRATION_APPROVED", "REGISTRATION_REVOKED",
                "REGISTRATION_REQUESTED", "REGISTRATION_REJECTED"));

        admin.post("/api/v1/workspace/external-id/rotation", "{}");
        Api.Reply confirmed = admin.post("/api/v1/workspace/external-id/rotation/confirm", "{}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        workspaceEvents.add("EXTERNAL_ID_ROTATED");

        boolean before = operator.get("/api/v1/operator/settings").json().get("autoApproveRegistrations")
                .booleanValue();
        operator.put("/api/v1/operator/settings", Map.of("autoApproveRegistrations", !before));
        operator.put("/api/v1/operator/settings", Map.of("autoApproveRegistrations", before));

        List<JsonNode> recorded = admin.get("/api/v1/audit?size=100").json().get("items").valueStream()
                .toList().reversed();
        assertThat(recorded.stream().map(e -> e.get("action").stringValue())).containsExactlyElementsOf(
                workspaceEvents);
        // The threshold's check ran here in the test, outside any request: it has no client address.
        assertThat(recorded).filteredOn(e -> !e.get("action").stringValue().equals("BUDGET_THRESHOLD_REACHED"))
                .allSatisfy(e -> assertThat(e.get("source").stringValue()).isEqualTo("127.0.0.1"));
        List<JsonNode> all = operator.get("/api/v1/operator/audit?workspaceId=" + workspace + "&size=100").json()
                .get("items").valueStream().toList();
        assertThat(all).hasSameSizeAs(recorded);
        List<String> platformEvents = operator.get("/api/v1/operator/audit?action=SETTINGS_CHANGED&actor="
                + "audit-operator-" + suffix).json().get("items").valueStream()
                .map(e -> e.get("details").get("autoApproveRegistrations").toString()).toList();
        assertThat(platformEvents).containsExactly("{\"before\":" + !before + ",\"after\":" + before + "}",
                "{\"before\":" + before + ",\"after\":" + !before + "}");

        Set<AuditAction> covered = EnumSet.noneOf(AuditAction.class);
        workspaceEvents.forEach(a -> covered.add(AuditAction.valueOf(a)));
        covered.add(AuditAction.SETTINGS_CHANGED);
        assertThat(covered).containsExactlyInAnyOrder(AuditAction.values());
    }

    private Api.Reply attemptSignIn(String username, String password) {
        Api anonymous = api.anonymous();
        String csrf = Api.cookie(anonymous.get("/api/v1/session"), "XSRF-TOKEN");
        return anonymous.post("/api/v1/session", Map.of("username", username, "password", password),
                "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf);
    }
}
