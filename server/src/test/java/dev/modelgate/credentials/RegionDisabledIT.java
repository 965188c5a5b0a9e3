package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.EXTERNAL_ID;
import static dev.modelgate.credentials.Tenants.PLATFORM_SECRET;
import static dev.modelgate.credentials.Tenants.TENANT_ROLE;
import static dev.modelgate.credentials.Tenants.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.AssumeRoleException.Reason;
import dev.modelgate.emulator.junit.EmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant that deactivated STS in one Region: the endpoint override still signs for the tenant endpoint's Region,
 * so the emulator sees which Region was asked for, as AWS would.
 */
class RegionDisabledIT {

    private static final StsEndpoint HONG_KONG = StsEndpoint.regional(Region.of("ap-east-1"));
    private static final StsEndpoint FRANKFURT = StsEndpoint.regional(Region.of("eu-central-1"));

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withWorldResource("/worlds/sts-disabled-region.yaml");

    private StsClients stsClients;
    private StsTenantCredentials credentials;

    @BeforeEach
    void credentials() {
        stsClients = Tenants.stsClients(aws.endpoint());
        credentials = StsTenantCredentials.builder().stsClients(stsClients).build();
    }

    @AfterEach
    void close() {
        stsClients.close();
    }

    @Test
    void assumeRole_atAnEndpointWhoseRegionIsDisabled_isRegionDisabled() {
        SessionKey key = new SessionKey(TENANT_ROLE, EXTERNAL_ID, HONG_KONG);

        AssumeRoleException e = catchThrowableOfType(AssumeRoleException.class,
                () -> credentials.session(key, WORKSPACE));

        assertThat(e.reason()).isEqualTo(Reason.REGION_DISABLED);
        assertThat(e.errorCode()).contains("RegionDisabledException");
        assertThat(e.statusCode()).hasValue(403);
        assertThat(e.detail()).isEqualTo("STS is not activated in this region for account:222222222222. "
                + "Your account administrator can activate STS in this region using the IAM Console.");
        assertThat(e.stsEndpoint()).isEqualTo(HONG_KONG);
        assertThat(e).hasMessageStartingWith("AssumeRole of arn:aws:iam::222222222222:role/ModelgateBedrockAccess at "
                + "https://sts.ap-east-1.amazonaws.com failed (REGION_DISABLED): RegionDisabledException: ");
        AssumeRoleFailuresIT.assertNoSecret(e, PLATFORM_SECRET);
        assertThat(aws.emulator().journal().last().header("authorization")).contains("/ap-east-1/sts/aws4_request");
    }

    @Test
    void assumeRole_atAnotherRegionsEndpoint_works() {
        TenantSession session = credentials.session(new SessionKey(TENANT_ROLE, EXTERNAL_ID, FRANKFURT), WORKSPACE);

        assertThat(session.accessKeyId()).startsWith("ASIA");
        assertThat(aws.emulator().journal().last().header("authorization")).contains("/eu-central-1/sts/aws4_request");
    }
}
