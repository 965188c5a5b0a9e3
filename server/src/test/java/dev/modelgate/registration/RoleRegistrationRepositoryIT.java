package dev.modelgate.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.db.TestDatabase;
import dev.modelgate.db.TestDatabase.Engine;
import dev.modelgate.platform.PlatformSettings;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceExternalIds;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DuplicateKeyException;

/** Role registrations, platform settings and External ID rotation storage, on H2 and on the real PostgreSQL. */
class RoleRegistrationRepositoryIT {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final String ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";

    private static String workspace(TestDatabase db, String name) {
        String id = UUID.randomUUID().toString();
        new WorkspaceRepository(db.jdbc()).insert(new Workspace(id, name, "mg-" + name, T0));
        return id;
    }

    private static RoleRegistration pending(String workspaceId, String name, String role) {
        return new RoleRegistration(UUID.randomUUID().toString(), workspaceId, name, role, RegistrationState.PENDING,
                T0, "alice", null, null, null);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insertThenFind_returnsEveryColumn_onlyWithinItsWorkspace(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            RoleRegistrationRepository repository = new RoleRegistrationRepository(db.jdbc());
            String acme = workspace(db, "acme");
            String globex = workspace(db, "globex");
            RoleRegistration registration = pending(acme, "acme", ROLE);
            repository.insert(registration);

            assertThat(repository.find(acme, registration.id())).contains(registration);
            assertThat(repository.find(registration.id())).contains(registration);
            assertThat(repository.find(globex, registration.id())).isEmpty();
            assertThat(repository.findByRole(acme, ROLE)).contains(registration);
            assertThat(repository.findByRole(globex, ROLE)).isEmpty();
            assertThat(repository.state(acme, ROLE)).contains(RegistrationState.PENDING);
            assertThat(repository.state(globex, ROLE)).isEmpty();
            assertThat(repository.list(globex)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void insert_sameRoleTwiceInAWorkspace_isADuplicate_butAnotherWorkspaceMayRegisterIt(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            RoleRegistrationRepository repository = new RoleRegistrationRepository(db.jdbc());
            String acme = workspace(db, "acme");
            String globex = workspace(db, "globex");
            repository.insert(pending(acme, "acme", ROLE));

            assertThatThrownBy(() -> repository.insert(pending(acme, "acme", ROLE)))
                    .isInstanceOf(DuplicateKeyException.class);
            repository.insert(pending(globex, "globex", ROLE));
            assertThat(repository.listAll(null)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void decide_onlyFromTheStateRead_andRequestAgain_clearsTheDecision(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            RoleRegistrationRepository repository = new RoleRegistrationRepository(db.jdbc());
            String acme = workspace(db, "acme");
            RoleRegistration registration = pending(acme, "acme", ROLE);
            repository.insert(registration);
            String id = registration.id();

            assertThat(repository.decide(id, RegistrationState.APPROVED, RegistrationState.REVOKED, T0, "op", null))
                    .isFalse();
            assertThat(repository.decide(id, RegistrationState.PENDING, RegistrationState.REJECTED,
                    T0.plusSeconds(1), "op", "wrong account")).isTrue();
            assertThat(repository.find(id)).contains(new RoleRegistration(id, acme, "acme", ROLE,
                    RegistrationState.REJECTED, T0, "alice", T0.plusSeconds(1), "op", "wrong account"));
            assertThat(repository.notePending(id, "x")).isFalse();

            assertThat(repository.requestAgain(id, RegistrationState.REJECTED, T0.plusSeconds(2), "bob")).isTrue();
            assertThat(repository.find(id)).contains(new RoleRegistration(id, acme, "acme", ROLE,
                    RegistrationState.PENDING, T0.plusSeconds(2), "bob", null, null, null));
            assertThat(repository.notePending(id, "verification failed")).isTrue();
            assertThat(repository.find(id).orElseThrow().note()).isEqualTo("verification failed");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void listAll_filtersByState_oldestRequestFirst_withTheWorkspaceName(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            RoleRegistrationRepository repository = new RoleRegistrationRepository(db.jdbc());
            String acme = workspace(db, "acme");
            String globex = workspace(db, "globex");
            RoleRegistration newer = new RoleRegistration(UUID.randomUUID().toString(), acme, "acme", ROLE,
                    RegistrationState.PENDING, T0.plusSeconds(5), "alice", null, null, null);
            RoleRegistration older = pending(globex, "globex", ROLE);
            RoleRegistration approved = new RoleRegistration(UUID.randomUUID().toString(), acme, "acme",
                    "arn:aws:iam::222222222222:role/Other", RegistrationState.APPROVED, T0, "alice", T0, "op", null);
            repository.insert(newer);
            repository.insert(older);
            repository.insert(approved);

            assertThat(repository.listAll(RegistrationState.PENDING)).containsExactly(older, newer);
            assertThat(repository.listAll(RegistrationState.APPROVED)).containsExactly(approved);
            assertThat(repository.list(acme)).containsExactly(newer, approved);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void platformSettings_startWithAutomaticApprovalOff_andKeepWhoChangedThem(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            PlatformSettingsRepository settings = new PlatformSettingsRepository(db.jdbc());

            assertThat(settings.get()).isEqualTo(new PlatformSettings(false, null, null));
            assertThat(settings.setAutoApproveRegistrations(true, T0, "op"))
                    .isEqualTo(new PlatformSettings(true, T0, "op"));
            assertThat(settings.get()).isEqualTo(new PlatformSettings(true, T0, "op"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void externalIdRotation_startConfirmCancel_areConditional(Engine engine) {
        try (TestDatabase db = TestDatabase.create(engine)) {
            WorkspaceRepository workspaces = new WorkspaceRepository(db.jdbc());
            String acme = workspace(db, "acme");

            assertThat(workspaces.externalIds(acme)).contains(new WorkspaceExternalIds(acme, "mg-acme", null, null));
            assertThat(workspaces.confirmRotation(acme, "mg-new")).isFalse();
            assertThat(workspaces.cancelRotation(acme)).isFalse();
            assertThat(workspaces.startRotation(acme, "mg-new", T0)).isTrue();
            assertThat(workspaces.startRotation(acme, "mg-newer", T0)).isFalse();
            assertThat(workspaces.externalIds(acme)).contains(new WorkspaceExternalIds(acme, "mg-acme", "mg-new", T0));
            assertThat(workspaces.cancelRotation(acme)).isTrue();
            assertThat(workspaces.externalIds(acme)).contains(new WorkspaceExternalIds(acme, "mg-acme", null, null));
            assertThat(workspaces.startRotation(acme, "mg-new", T0)).isTrue();
            assertThat(workspaces.confirmRotation(acme, "mg-other")).isFalse();
            assertThat(workspaces.confirmRotation(acme, "mg-new")).isTrue();
            assertThat(workspaces.externalIds(acme)).contains(new WorkspaceExternalIds(acme, "mg-new", null, null));
            assertThat(workspaces.find(acme).orElseThrow().externalId()).isEqualTo("mg-new");
        }
    }
}
