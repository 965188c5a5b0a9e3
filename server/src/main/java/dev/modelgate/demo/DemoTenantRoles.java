package dev.modelgate.demo;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.emulator.Emulator;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.registration.RoleRegistration;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.Workspace;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Makes the emulator's tenant roles trust the demo workspace, as a tenant does by pasting the trust policy that
 * {@code GET /api/v1/platform/identity} shows into its role: Modelgate's platform user, only with the workspace's
 * External ID.
 *
 * <p>The workspace keeps the External ID it has — a fresh random one, or the one an earlier run stored under
 * {@code ./data} — and the emulator's world adapts instead. Then, as a platform operator would, the demo turns on
 * automatic approval of registrations and registers each of those roles the workspace has not registered yet: each
 * is verified against the emulator and approved by {@value RoleRegistrations#AUTOMATIC_ACTOR} (audited as such). A
 * registration an earlier run's user rejected or revoked stays so. Runs once every singleton exists, before the
 * server takes requests.
 */
final class DemoTenantRoles implements SmartInitializingSingleton {

    /** Who turns on automatic approval and registers the demo's roles. */
    static final String ACTOR = "modelgate (demo setup)";

    private final Emulator emulator;
    private final DemoAccounts accounts;
    private final RoleRegistrations registrations;
    private final PlatformSettingsRepository settings;
    private final Clock clock;

    DemoTenantRoles(Emulator emulator, DemoAccounts accounts, RoleRegistrations registrations,
                    PlatformSettingsRepository settings, Clock clock) {
        this.emulator = emulator;
        this.accounts = accounts;
        this.registrations = registrations;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Workspace workspace = accounts.demo().workspace();
        for (String roleArn : DemoWorld.TRUSTING_ROLE_ARNS) {
            PolicyDocuments documents = new PolicyDocuments(RoleArn.parse(roleArn).name(), DemoWorld.PLATFORM_USER_ARN,
                    ExternalId.of(workspace.externalId()));
            emulator.updateAssumeRolePolicy(roleArn, documents.trustPolicy());
        }
        if (!settings.get().autoApproveRegistrations()) {
            settings.setAutoApproveRegistrations(true, clock.instant(), ACTOR);
        }
        Set<String> registered = registrations.list(workspace.id()).stream().map(RoleRegistration::roleArn)
                .collect(Collectors.toSet());
        for (String roleArn : DemoWorld.TRUSTING_ROLE_ARNS) {
            if (!registered.contains(roleArn)) {
                registrations.request(workspace.id(), roleArn, ACTOR);
            }
        }
    }
}
