package dev.modelgate.demo;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.PolicyDocuments;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.emulator.Emulator;
import dev.modelgate.workspace.Workspace;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Makes the emulator's tenant roles trust the demo workspace, as a tenant does by pasting the trust policy that
 * {@code GET /api/v1/platform/identity} shows into its role: Modelgate's platform user, only with the workspace's
 * External ID.
 *
 * <p>The workspace keeps the External ID it has — a fresh random one, or the one an earlier run stored under
 * {@code ./data} — and nothing in the database changes; the emulator's world adapts instead. Runs once every
 * singleton exists, before the server takes requests.
 */
final class DemoTenantRoles implements SmartInitializingSingleton {

    private final Emulator emulator;
    private final DemoAccounts accounts;

    DemoTenantRoles(Emulator emulator, DemoAccounts accounts) {
        this.emulator = emulator;
        this.accounts = accounts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Workspace workspace = accounts.demo().workspace();
        for (String roleArn : DemoWorld.TRUSTING_ROLE_ARNS) {
            PolicyDocuments documents = new PolicyDocuments(RoleArn.parse(roleArn).name(), DemoWorld.PLATFORM_USER_ARN,
                    ExternalId.of(workspace.externalId()));
            emulator.updateAssumeRolePolicy(roleArn, documents.trustPolicy());
        }
    }
}
