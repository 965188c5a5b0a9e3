package dev.modelgate.demo;

import dev.modelgate.access.Account;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKey;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Role;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.Workspaces;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The demo's people: the workspace {@value #WORKSPACE} with its admin {@value #ADMIN}, the platform operator
 * {@value #OPERATOR}, and an admin API key named {@value #KEY_NAME} for curl. Each start gives both accounts fresh
 * random passwords and replaces the key (revoking the previous one), and the banner prints them: they exist nowhere
 * else. Created on first use, once per start.
 */
final class DemoAccounts {

    static final String WORKSPACE = "default";
    static final String ADMIN = "admin";
    static final String OPERATOR = "operator";
    static final String KEY_NAME = "demo-cli";
    private static final String ACTOR = "modelgate (demo mode)";

    /** What the banner prints. */
    record Demo(Workspace workspace, String adminPassword, String operatorPassword, String token) {
        @Override
        public String toString() {
            return "Demo[" + workspace.name() + "]";
        }
    }

    private final Workspaces workspaces;
    private final Accounts accounts;
    private final ApiKeys keys;
    private final SecureRandom random = new SecureRandom();
    private Demo demo;

    DemoAccounts(Workspaces workspaces, Accounts accounts, ApiKeys keys) {
        this.workspaces = workspaces;
        this.accounts = accounts;
        this.keys = keys;
    }

    synchronized Demo demo() {
        if (demo == null) {
            demo = create();
        }
        return demo;
    }

    private Demo create() {
        String adminPassword = password();
        String operatorPassword = password();
        Workspace workspace = workspaces.list().stream().filter(w -> w.name().equals(WORKSPACE)).findFirst()
                .orElseGet(() -> workspaces.create(WORKSPACE, ADMIN, adminPassword, ACTOR).workspace());
        setPassword(ADMIN, adminPassword, Role.ADMIN, workspace.id());
        setPassword(OPERATOR, operatorPassword, Role.OPERATOR, null);
        for (ApiKey key : keys.list(workspace.id())) {
            if (key.name().equals(KEY_NAME) && key.revokedAt() == null) {
                keys.revoke(workspace.id(), key.id(), ACTOR);
            }
        }
        String token = keys.create(workspace.id(), KEY_NAME, Role.ADMIN, null, ACTOR).token();
        return new Demo(workspace, adminPassword, operatorPassword, token);
    }

    private void setPassword(String username, String password, Role role, String workspaceId) {
        Account account = accounts.findByUsername(username).orElse(null);
        if (account == null) {
            if (role == Role.OPERATOR) {
                accounts.create(username, password, role, null, ACTOR);
            } else {
                accounts.addMember(workspaceId, username, password, role, ACTOR);
            }
        } else {
            accounts.setPassword(account.id(), password);
        }
    }

    private String password() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
