package dev.modelgate.emulator.acceptance.sts;

import static dev.modelgate.emulator.acceptance.sts.AwsClients.EXTERNAL_ID;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_ARN;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.PLATFORM_DENIED;
import static dev.modelgate.emulator.acceptance.sts.AwsClients.TENANT_ROLE;
import static dev.modelgate.emulator.acceptance.sts.ServiceErrors.assertServiceError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.emulator.iam.MalformedPolicyException;
import dev.modelgate.emulator.iam.World;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@link Emulator#updateAssumeRolePolicy}: a tenant pasting a new trust policy into its role, as
 * {@code aws iam update-assume-role-policy} does. Each test has an emulator of its own, since {@code reset()} keeps
 * the change.
 */
class UpdateAssumeRolePolicyIT {

    private static final String NEW_EXTERNAL_ID = "mg-7j2f67i7jmev7o2sjgpt7mab35oscrpq";

    private Emulator emulator;
    private AwsClients clients;
    private StsClient platform;

    @BeforeEach
    void start() {
        emulator = Emulator.builder().build();
        clients = new AwsClients(emulator.endpoint());
        platform = clients.stsWithoutRetries(PLATFORM);
    }

    @AfterEach
    void stop() {
        clients.close();
        emulator.close();
    }

    @Test
    void updateAssumeRolePolicy_newExternalId_isRequiredFromTheNextCall() {
        emulator.updateAssumeRolePolicy(TENANT_ROLE, trustPolicy(NEW_EXTERNAL_ID));

        AssumeRoleResponse assumed = assumeTenantRole(NEW_EXTERNAL_ID);
        assertThat(assumed.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/s1");
        assertServiceError(() -> assumeTenantRole(EXTERNAL_ID), StsException.class, "AccessDenied", 403,
                PLATFORM_DENIED + TENANT_ROLE);
    }

    @Test
    void updateAssumeRolePolicy_showsInTheWorld_andChangesNothingElse() {
        World before = emulator.world();

        emulator.updateAssumeRolePolicy(TENANT_ROLE, trustPolicy(NEW_EXTERNAL_ID));

        World after = emulator.world();
        assertThat(after.role(TENANT_ROLE).orElseThrow().trustPolicy().toJsonString()).contains(NEW_EXTERNAL_ID);
        assertThat(after.role(TENANT_ROLE).orElseThrow().policies())
                .isEqualTo(before.role(TENANT_ROLE).orElseThrow().policies());
        String other = "arn:aws:iam::222222222222:role/NoBedrockAccess";
        assertThat(after.role(other)).isEqualTo(before.role(other));
        assertThat(after.accounts().get(0)).isEqualTo(before.accounts().get(0));
        assertThat(after.accounts().get(1).roles()).extracting(role -> role.name())
                .isEqualTo(before.accounts().get(1).roles().stream().map(role -> role.name()).toList());
        RawHttp http = new RawHttp(emulator.endpoint());
        assertThat(http.send(http.request("/_emulator/world").GET().build()).body()).contains(NEW_EXTERNAL_ID);
    }

    @Test
    void updateAssumeRolePolicy_keepsSessionsAlreadyIssued() {
        AssumeRoleResponse before = assumeTenantRole(EXTERNAL_ID);

        emulator.updateAssumeRolePolicy(TENANT_ROLE, trustPolicy(NEW_EXTERNAL_ID));

        StsClient session = clients.stsWithoutRetries(AwsClients.sessionOf(before));
        assertThat(session.getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/s1");
    }

    @Test
    void updateAssumeRolePolicy_isKeptByReset() {
        emulator.updateAssumeRolePolicy(TENANT_ROLE, trustPolicy(NEW_EXTERNAL_ID));

        emulator.reset();

        assertThat(assumeTenantRole(NEW_EXTERNAL_ID).assumedRoleUser().arn()).endsWith("/ModelgateBedrockAccess/s1");
    }

    @Test
    void updateAssumeRolePolicy_identityPolicy_isMalformed_andChangesNothing() {
        String permissionPolicy = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}""";

        assertThatThrownBy(() -> emulator.updateAssumeRolePolicy(TENANT_ROLE, permissionPolicy))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Statement[0] must have a Principal or NotPrincipal");
        assertThat(assumeTenantRole(EXTERNAL_ID).assumedRoleUser().arn()).endsWith("/ModelgateBedrockAccess/s1");
    }

    @Test
    void updateAssumeRolePolicy_notJson_isMalformed() {
        assertThatThrownBy(() -> emulator.updateAssumeRolePolicy(TENANT_ROLE, "{\"Version\":"))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageStartingWith("policy document is not valid JSON");
    }

    @Test
    void updateAssumeRolePolicy_unknownRole_isNoSuchElement() {
        String missing = "arn:aws:iam::222222222222:role/NoSuchRole";

        assertThatThrownBy(() -> emulator.updateAssumeRolePolicy(missing, trustPolicy(NEW_EXTERNAL_ID)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no role arn:aws:iam::222222222222:role/NoSuchRole in the world");
    }

    private AssumeRoleResponse assumeTenantRole(String externalId) {
        return platform.assumeRole(r -> r.roleArn(TENANT_ROLE).roleSessionName("s1").externalId(externalId));
    }

    private static String trustPolicy(String externalId) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%s"},
                  "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "%s"}}}]}"""
                .formatted(PLATFORM_ARN, externalId);
    }
}
