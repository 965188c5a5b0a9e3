package dev.modelgate.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gate in front of tenant sessions, over a recording fake of the sessions it guards. */
class ApprovedRoleCredentialsTest {

    private static final String WORKSPACE = "3f1c2b9e-0000-4000-8000-000000000001";
    private static final SessionKey KEY = Tenants.TENANT;

    /** Hands out one fixed session and records what it was asked. */
    private static final class RecordingCredentials implements TenantCredentials {
        final List<String> calls = new ArrayList<>();

        @Override
        public TenantSession session(SessionKey key, String workspaceId) {
            calls.add("session " + key.roleArn().name());
            return new TenantSession("ASIAFAKEFAKEFAKE0001", "secret", "token", Instant.now().plusSeconds(3600),
                    "arn:aws:sts::222222222222:assumed-role/ModelgateBedrockAccess/x", "request-1");
        }

        @Override
        public void invalidate(SessionKey key) {
            calls.add("invalidate " + key.roleArn().name());
        }

        @Override
        public void invalidateIf(Predicate<SessionKey> which) {
            calls.add("invalidateIf " + which.test(KEY));
        }

        @Override
        public void invalidateAll() {
            calls.add("invalidateAll");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RoleStanding.class, names = "APPROVED", mode = EnumSource.Mode.EXCLUDE)
    void session_ofARoleNotApproved_throwsWithItsStanding_withoutAskingTheDelegate(RoleStanding standing) {
        RecordingCredentials delegate = new RecordingCredentials();
        TenantCredentials gated = new ApprovedRoleCredentials(delegate, (workspaceId, roleArn) -> standing);

        assertThatThrownBy(() -> gated.session(KEY, WORKSPACE))
                .isInstanceOfSatisfying(RoleNotApprovedException.class, e -> {
                    assertThat(e.standing()).isEqualTo(standing);
                    assertThat(e.reason()).isEqualTo(AssumeRoleException.Reason.NOT_APPROVED);
                    assertThat(e.roleArn()).isEqualTo(KEY.roleArn());
                    assertThat(e.errorCode()).isEmpty();
                    assertThat(e.requestId()).isEmpty();
                    assertThat(e.getMessage()).contains(KEY.roleArn().arn(), RoleNotApprovedException.describe(standing));
                });
        assertThatThrownBy(() -> gated.provider(KEY, WORKSPACE).resolveCredentials())
                .isInstanceOf(RoleNotApprovedException.class);
        assertThat(delegate.calls).isEmpty();
    }

    @Test
    void session_ofAnApprovedRole_isTheDelegates_askedForThatWorkspaceAndRole() {
        RecordingCredentials delegate = new RecordingCredentials();
        List<String> asked = new ArrayList<>();
        TenantCredentials gated = new ApprovedRoleCredentials(delegate, (workspaceId, roleArn) -> {
            asked.add(workspaceId + " " + roleArn.arn());
            return RoleStanding.APPROVED;
        });

        assertThat(gated.session(KEY, WORKSPACE).requestId()).isEqualTo("request-1");
        assertThat(asked).containsExactly(WORKSPACE + " " + KEY.roleArn().arn());
        assertThat(delegate.calls).containsExactly("session ModelgateBedrockAccess");
    }

    @Test
    void invalidations_goToTheDelegate() {
        RecordingCredentials delegate = new RecordingCredentials();
        TenantCredentials gated = new ApprovedRoleCredentials(delegate, (workspaceId, roleArn) -> RoleStanding.PENDING);

        gated.invalidate(KEY);
        gated.invalidateIf(key -> true);
        gated.invalidateAll();

        assertThat(delegate.calls).containsExactly("invalidate ModelgateBedrockAccess", "invalidateIf true",
                "invalidateAll");
    }

    @Test
    void session_withABlankWorkspace_isRefusedBeforeTheGateIsAsked() {
        List<String> asked = new ArrayList<>();
        TenantCredentials gated = new ApprovedRoleCredentials(new RecordingCredentials(), (workspaceId, roleArn) -> {
            asked.add(workspaceId);
            return RoleStanding.APPROVED;
        });

        assertThatThrownBy(() -> gated.session(KEY, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(asked).isEmpty();
    }
}
