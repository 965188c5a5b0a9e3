package dev.modelgate.credentials;

import static dev.modelgate.credentials.Tenants.PLATFORM_ARN;
import static dev.modelgate.credentials.Tenants.TENANT;
import static dev.modelgate.credentials.Tenants.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.emulator.journal.RecordedRequest;
import dev.modelgate.emulator.junit.EmulatorExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** Caching, refresh, invalidation and the bound, against the emulator's STS. */
class StsTenantCredentialsIT {

    private static final String SESSION_NAME = "modelgate-" + WORKSPACE;

    @RegisterExtension
    static final EmulatorExtension aws = EmulatorExtension.withDefaultWorld();

    private final TestClock clock = new TestClock();
    private StsClients stsClients;

    @BeforeEach
    void stsClients() {
        stsClients = Tenants.stsClients(aws.endpoint());
    }

    @AfterEach
    void close() {
        stsClients.close();
    }

    @Test
    void session_isAssumedOnce_andReused_underTheWorkspacesSessionName() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());

        TenantSession first = credentials.session(TENANT, WORKSPACE);
        for (int i = 0; i < 20; i++) {
            assertThat(credentials.session(TENANT, WORKSPACE)).isSameAs(first);
        }

        assertThat(first.assumedRoleArn())
                .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/" + SESSION_NAME);
        assertThat(first.accessKeyId()).startsWith("ASIA");
        assertThat(assumeRoles()).singleElement().satisfies(call -> {
            assertThat(call.caller()).isEqualTo(PLATFORM_ARN);
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.body()).contains("RoleSessionName=" + SESSION_NAME,
                    "ExternalId=mg-demo-workspace-external-id", "DurationSeconds=3600");
            assertThat(call.header("authorization")).contains("/us-east-1/sts/aws4_request");
        });
    }

    @Test
    void session_signsCallsInTheTenantAccount() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());

        try (StsClient asTenant = StsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials.provider(TENANT, WORKSPACE)).build()) {
            assertThat(asTenant.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/" + SESSION_NAME);
            asTenant.getCallerIdentity();
        }

        assertThat(assumeRoles()).hasSize(1);
        assertThat(credentials.provider(TENANT, WORKSPACE).toString())
                .isEqualTo("TenantCredentialsProvider[arn:aws:iam::222222222222:role/ModelgateBedrockAccess via "
                        + "https://sts.us-east-1.amazonaws.com for workspace " + WORKSPACE + "]");
    }

    @Test
    void session_withinTheRefreshMargin_isReplacedByExactlyOneNewAssumeRole() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        TenantSession first = credentials.session(TENANT, WORKSPACE);
        Duration untilRefresh = Duration.between(clock.instant(), first.expiration().minus(Duration.ofMinutes(5)));

        advance(untilRefresh.minusSeconds(5));
        assertThat(credentials.session(TENANT, WORKSPACE)).isSameAs(first);
        assertThat(assumeRoles()).hasSize(1);

        advance(Duration.ofSeconds(10));
        TenantSession second = credentials.session(TENANT, WORKSPACE);

        assertThat(first.expiredAt(clock.instant())).isFalse();
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.expiration()).isAfter(first.expiration());
        assertThat(credentials.session(TENANT, WORKSPACE)).isSameAs(second);
        assertThat(assumeRoles()).hasSize(2);
    }

    @Test
    void session_expired_isNeverHandedOut_evenWithoutRefreshMargin() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder().refreshMargin(Duration.ZERO)
                .sessionDuration(Duration.ofMinutes(15)));
        TenantSession first = credentials.session(TENANT, WORKSPACE);

        advance(Duration.between(clock.instant(), first.expiration()));
        TenantSession second = credentials.session(TENANT, WORKSPACE);

        assertThat(first.expiredAt(clock.instant())).isTrue();
        assertThat(second.expiredAt(clock.instant())).isFalse();
        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(assumeRoles()).hasSize(2)
                .allSatisfy(call -> assertThat(call.body()).contains("DurationSeconds=900"));
    }

    @Test
    void session_distinctKeys_getDistinctSessions() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        SessionKey otherRole = Tenants.role("NoBedrockAccess");
        SessionKey otherExternalId = new SessionKey(Tenants.role("NoExternalIdRole").roleArn(),
                ExternalId.of("mg-another-workspace"), Tenants.US_EAST_1);
        SessionKey sameRoleOtherExternalId = new SessionKey(otherExternalId.roleArn(), Tenants.EXTERNAL_ID,
                Tenants.US_EAST_1);

        Set<String> keyIds = new HashSet<>();
        for (SessionKey key : List.of(TENANT, otherRole, otherExternalId, sameRoleOtherExternalId)) {
            keyIds.add(credentials.session(key, WORKSPACE).accessKeyId());
            keyIds.add(credentials.session(key, WORKSPACE).accessKeyId());
        }

        assertThat(keyIds).hasSize(4);
        assertThat(assumeRoles()).hasSize(4);
    }

    @Test
    void invalidate_forcesANewAssumeRole_forThatKeyOnly() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        SessionKey other = Tenants.role("NoBedrockAccess");
        TenantSession first = credentials.session(TENANT, WORKSPACE);
        TenantSession otherFirst = credentials.session(other, WORKSPACE);

        credentials.invalidate(TENANT);

        assertThat(credentials.session(TENANT, WORKSPACE).accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(credentials.session(other, WORKSPACE)).isSameAs(otherFirst);
        assertThat(assumeRoles()).hasSize(3);
    }

    @Test
    void invalidateIf_dropsTheMatchingKeys_whateverTheirStsEndpoint_andKeepsTheOthers() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        SessionKey otherEndpoint = new SessionKey(TENANT.roleArn(), TENANT.externalId(),
                StsEndpoint.regional(dev.modelgate.connection.Region.of("eu-west-1")));
        SessionKey other = Tenants.role("NoBedrockAccess");
        credentials.session(TENANT, WORKSPACE);
        credentials.session(otherEndpoint, WORKSPACE);
        TenantSession kept = credentials.session(other, WORKSPACE);

        credentials.invalidateIf(key -> key.roleArn().equals(TENANT.roleArn()));

        assertThat(credentials.cachedKeys()).containsExactly(other);
        assertThat(credentials.session(other, WORKSPACE)).isSameAs(kept);
        credentials.session(TENANT, WORKSPACE);
        assertThat(assumeRoles()).hasSize(4);
    }

    @Test
    void invalidateAll_forcesANewAssumeRole_forEveryKey() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        SessionKey other = Tenants.role("NoBedrockAccess");
        credentials.session(TENANT, WORKSPACE);
        credentials.session(other, WORKSPACE);

        credentials.invalidateAll();
        credentials.session(TENANT, WORKSPACE);
        credentials.session(other, WORKSPACE);

        assertThat(assumeRoles()).hasSize(4);
    }

    @Test
    void session_pastTheMaximumSize_evictsOne_whichIsAssumedAgainWhenAskedFor() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder().maximumSize(2));
        List<SessionKey> keys = List.of(TENANT, Tenants.role("NoBedrockAccess"), Tenants.role("NoExternalIdRole"));
        keys.forEach(key -> credentials.session(key, WORKSPACE));

        credentials.cleanUp();
        Set<SessionKey> kept = credentials.cachedKeys();
        List<SessionKey> evicted = keys.stream().filter(key -> !kept.contains(key)).toList();

        // Caffeine's W-TinyLFU keeps the newest entry and chooses between the older two by frequency.
        assertThat(kept).hasSize(2).contains(keys.get(2));
        kept.forEach(key -> credentials.session(key, WORKSPACE));
        assertThat(assumeRoles()).hasSize(3);
        credentials.session(evicted.getFirst(), WORKSPACE);
        assertThat(assumeRoles()).hasSize(4);
    }

    @Test
    void session_afterAFailure_asksStsAgain() {
        StsTenantCredentials credentials = credentials(StsTenantCredentials.builder());
        aws.emulator().faults().setStsDown(true);
        assertThatThrownBy(() -> credentials.session(TENANT, WORKSPACE))
                .isInstanceOfSatisfying(AssumeRoleException.class,
                        e -> assertThat(e.reason()).isEqualTo(AssumeRoleException.Reason.STS_UNAVAILABLE));
        aws.emulator().faults().setStsDown(false);

        assertThat(credentials.session(TENANT, WORKSPACE).accessKeyId()).startsWith("ASIA");
        assertThat(assumeRoles()).last().extracting(RecordedRequest::status).isEqualTo(200);
    }

    private StsTenantCredentials credentials(StsTenantCredentials.Builder builder) {
        return builder.stsClients(stsClients).clock(clock).build();
    }

    /** Lets time pass for the emulator (sessions expire) and for the credentials' clock alike. */
    private void advance(Duration amount) {
        clock.advance(amount);
        aws.emulator().clock().advance(amount);
    }

    private static List<RecordedRequest> assumeRoles() {
        return aws.emulator().journal().ofOperation("AssumeRole");
    }
}
