package dev.modelgate.emulator.iam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's fake AWS: accounts with their users, access keys and roles. Immutable; a value
 * like the records it holds, but a class so that lookups by access key, role ARN and account id
 * are indexed once.
 */
public final class World {

    private final List<Account> accounts;
    private final Map<String, Account> accountsById = new HashMap<>();
    private final Map<String, Role> rolesByArn = new HashMap<>();
    private final Map<String, UserAccessKey> keysById = new HashMap<>();

    /**
     * @param accounts the accounts; ids unique, and access key ids unique across the whole world
     * @throws InvalidWorldException naming the duplicate by its path, e.g.
     *                               {@code accounts[1].id duplicates accounts[0].id, got "111111111111"}
     */
    public World(List<Account> accounts) {
        this.accounts = List.copyOf(accounts);
        Map<String, String> keyPaths = new HashMap<>();
        Map<String, Integer> accountIndexes = new HashMap<>();
        for (int a = 0; a < this.accounts.size(); a++) {
            Account account = this.accounts.get(a);
            Integer first = accountIndexes.putIfAbsent(account.id(), a);
            if (first != null) {
                throw new InvalidWorldException("accounts[" + a + "].id",
                        "duplicates accounts[" + first + "].id, got \"" + account.id() + "\"");
            }
            accountsById.put(account.id(), account);
            account.roles().forEach(role -> rolesByArn.put(role.arn(), role));
            indexKeys(a, account, keyPaths);
        }
    }

    private void indexKeys(int accountIndex, Account account, Map<String, String> keyPaths) {
        for (int u = 0; u < account.users().size(); u++) {
            User user = account.users().get(u);
            for (int k = 0; k < user.accessKeys().size(); k++) {
                AccessKey key = user.accessKeys().get(k);
                String path = "accounts[" + accountIndex + "].users[" + u + "].accessKeys[" + k + "].id";
                String firstPath = keyPaths.putIfAbsent(key.id(), path);
                if (firstPath != null) {
                    throw new InvalidWorldException(path, "duplicates " + firstPath + ", got \"" + key.id() + "\"");
                }
                keysById.put(key.id(), new UserAccessKey(user, key));
            }
        }
    }

    /** The accounts, in file order. */
    public List<Account> accounts() {
        return accounts;
    }

    /** The account with this 12-digit id. */
    public Optional<Account> account(String id) {
        return Optional.ofNullable(accountsById.get(id));
    }

    /** The role with exactly this ARN ({@code arn:aws:iam::<account>:role<path><name>}). */
    public Optional<Role> role(String roleArn) {
        return Optional.ofNullable(rolesByArn.get(roleArn));
    }

    /** The long-term access key with this id, and its user. */
    public Optional<UserAccessKey> accessKey(String accessKeyId) {
        return Optional.ofNullable(keysById.get(accessKeyId));
    }

    /**
     * This world with the trust policy of the role {@code roleArn} replaced by {@code trustPolicy}, as IAM's
     * {@code UpdateAssumeRolePolicy} does; everything else is the same.
     *
     * @throws NoSuchElementException when the world has no role with exactly this ARN
     * @throws InvalidWorldException  when {@code trustPolicy} is not a trust policy (a statement without a
     *                                Principal, or with a Resource)
     */
    public World withTrustPolicy(String roleArn, PolicyDocument trustPolicy) {
        Objects.requireNonNull(trustPolicy, "trustPolicy");
        Role role = role(roleArn).orElseThrow(() -> new NoSuchElementException("no role " + roleArn + " in the world"));
        Role updated = new Role(role.accountId(), role.name(), role.path(), role.maxSessionDuration(), trustPolicy,
                role.policies());
        List<Account> updatedAccounts = new ArrayList<>();
        for (Account account : accounts) {
            if (account.id().equals(role.accountId())) {
                List<Role> roles = account.roles().stream().map(r -> r.arn().equals(roleArn) ? updated : r).toList();
                account = new Account(account.id(), account.users(), roles, account.stsDisabledRegions(),
                        account.guardrails());
            }
            updatedAccounts.add(account);
        }
        return new World(updatedAccounts);
    }

    /**
     * The world as JSON for {@code GET /_emulator/world}: accounts, users with ARNs, ids, access key
     * ids <em>and secrets</em> (the world is fake; tests and demos need them), roles with ARNs, ids,
     * trust and permission policies.
     */
    public JsonNode toJson() {
        return WorldJson.render(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof World world && world.accounts.equals(accounts);
    }

    @Override
    public int hashCode() {
        return accounts.hashCode();
    }

    @Override
    public String toString() {
        return "World" + accounts;
    }
}
