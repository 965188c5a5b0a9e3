package dev.modelgate.access;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Console accounts: creation with the password rules, sign-in with lockout, members of a workspace. Each sign-in and
 * failed sign-in is audited in the same transaction as the account's failure count.
 *
 * <p>Lockout: after {@link SignInPolicy#maxFailures()} consecutive wrong passwords the account refuses sign-in for
 * {@link SignInPolicy#lockFor()}, even with the right password. A wrong username costs as much time as a wrong
 * password (a hash is computed either way), so timing does not tell which one was wrong. Only the right password
 * learns that an account is locked: a wrong one gets the answer an unknown username gets (also on the failure that
 * locks it, and at the same cost), so that locking a name cannot tell anyone that it exists.
 */
public final class Accounts {

    /** Lower-case letters, digits and {@code . _ @ -}, 3 to 64 of them. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9._@-]{3,64}");
    /** Length of a workspace's namespace, the suffix of the usernames its admins give ({@code .1a2b3c4d}). */
    public static final int NAMESPACE_LENGTH = 8;
    /** Longest name a workspace admin gives a member: the username adds a dot and the workspace's namespace. */
    public static final int MAX_MEMBER_NAME = 64 - 1 - NAMESPACE_LENGTH;
    private static final Pattern MEMBER_NAME = Pattern.compile("[a-z0-9._@-]{3," + MAX_MEMBER_NAME + "}");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 128;

    /** When to lock an account and for how long. */
    public record SignInPolicy(int maxFailures, Duration lockFor) {
        public SignInPolicy {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be at least 1, got " + maxFailures);
            }
            if (lockFor.isNegative() || lockFor.isZero()) {
                throw new IllegalArgumentException("lockFor must be positive, got " + lockFor);
            }
        }
    }

    private final AccountRepository repository;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final SignInPolicy policy;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String unknownUserHash;

    public Accounts(AccountRepository repository, PasswordEncoder passwords, AuditLog audit,
                    TransactionOperations transactions, Clock clock, SignInPolicy policy) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
    }

    /**
     * Creates an account after checking the username and password rules: the platform's path (operators, a
     * workspace's first admin, the demo), whose callers may learn whether a username exists. Workspace admins add
     * members with {@link #addWorkspaceMember}, which cannot reach names outside their workspace.
     *
     * <p>The password is hashed before the username is looked up, so that a taken and a free name cost the same time.
     *
     * @throws InvalidInputException naming {@code username}, {@code password} or {@code role} and the rule broken,
     *                               or {@code username} with rule {@code unique-username} when it is taken
     */
    public Account create(String username, String password, Role role, String workspaceId, String actor) {
        return create(username, password, role, workspaceId, actor, false);
    }

    private Account create(String username, String password, Role role, String workspaceId, String actor,
                           boolean changeRequired) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        List<Violation> violations = new ArrayList<>();
        if (!USERNAME.matcher(name).matches()) {
            violations.add(Violation.of("username", "username-format",
                    "username must be 3 to 64 lower-case letters, digits or . _ @ -"));
        }
        violations.addAll(passwordViolations(password, name));
        if (role == null || !role.forAccounts() || (role == Role.OPERATOR) != (workspaceId == null)) {
            violations.add(Violation.of("role", "account-role",
                    workspaceId == null ? "role must be OPERATOR" : "role must be ADMIN or DEVELOPER"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String hash = passwords.encode(password);
        InvalidInputException taken = new InvalidInputException(Violation.of("username", "unique-username",
                "username \"" + name + "\" is taken"));
        if (repository.findByUsername(name).isPresent()) {
            throw taken;
        }
        Account account = new Account(UUID.randomUUID().toString(), name, hash, role, workspaceId, 0, null,
                clock.instant(), actor, changeRequired);
        try {
            repository.insert(account);
        } catch (DuplicateKeyException sameNameMeanwhile) {
            throw taken;
        }
        return account;
    }

    /**
     * A workspace admin adds a member, audited as {@code MEMBER_ADDED} in the same transaction. The admin gives the
     * member's name inside the workspace; the account's username is that name in the workspace's namespace,
     * {@code <name>.<namespace>} ({@code alice.1a2b3c4d}, see {@link #namespace}), which is what the member signs in
     * with. The admin knows the password, so the member must change it at first sign-in
     * ({@link Account#passwordChangeRequired()}).
     *
     * <p>Why: usernames are global (sign-in takes a username and a password, nothing else), so an admin who could
     * pick any global name would learn from "taken" that another tenant's {@code admin} or the platform's
     * {@code operator} exists, and could squat a name another tenant's OpenID Connect users sign in with. In its own
     * namespace an admin can only collide with its own workspace's members, whom it lists anyway, and the answer
     * (and its cost: the password is hashed first either way) says nothing about anyone else.
     *
     * @throws InvalidInputException naming {@code username} (rules {@code username-format}, {@code unique-username}
     *                               for a member of the same name), {@code password} or {@code role}
     */
    public Account addWorkspaceMember(String workspaceId, String name, String password, Role role, String actor) {
        String given = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        String namespace = namespace(workspaceId);
        if (!MEMBER_NAME.matcher(given).matches()) {
            List<Violation> violations = new ArrayList<>();
            violations.add(Violation.of("username", "username-format", "username must be 3 to " + MAX_MEMBER_NAME
                    + " lower-case letters, digits or . _ @ - (the member signs in as <username>." + namespace + ")"));
            violations.addAll(passwordViolations(password, given + "." + namespace));
            throw new InvalidInputException(violations);
        }
        return addMember(workspaceId, given + "." + namespace, password, role, actor, true);
    }

    /**
     * The namespace of the usernames a workspace's admins give: the first {@value #NAMESPACE_LENGTH} letters and
     * digits of the workspace's id (random, so no admin can choose another's).
     */
    public static String namespace(String workspaceId) {
        String alphanumeric = workspaceId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (alphanumeric.length() < NAMESPACE_LENGTH) {
            throw new IllegalArgumentException("workspace id must have at least " + NAMESPACE_LENGTH
                    + " letters or digits, got " + workspaceId);
        }
        return alphanumeric.substring(0, NAMESPACE_LENGTH);
    }

    /**
     * Signs in: answers the caller the account acts as, or throws. Audits {@code SIGN_IN} or {@code SIGN_IN_FAILED}.
     *
     * @throws SignInException when the username or password is wrong, or (with the right password only) the account
     *                         is locked
     */
    public Caller signIn(String username, String password) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        String given = password == null ? "" : password;
        Optional<Account> found = name.isEmpty() ? Optional.empty() : repository.findByUsername(name);
        if (found.isEmpty()) {
            passwords.matches(given, unknownUserHash);
            recordFailure(null, name, "unknown-username");
            throw SignInException.wrongCredentials();
        }
        Account account = found.get();
        Instant now = clock.instant();
        boolean rightPassword = passwords.matches(given, account.passwordHash());
        if (account.lockedAt(now)) {
            recordFailure(account, name, "locked");
            throw rightPassword ? SignInException.locked(account.lockedUntil()) : SignInException.wrongCredentials();
        }
        if (!rightPassword) {
            int failures = account.failedSignIns() + 1;
            boolean lock = failures >= policy.maxFailures();
            Instant lockedUntil = lock ? now.plus(policy.lockFor()) : null;
            transactions.executeWithoutResult(tx -> {
                repository.updateSignInState(account.id(), lock ? 0 : failures, lockedUntil);
                ObjectNode details = json.createObjectNode().put("reason", "wrong-password")
                        .put("consecutiveFailures", failures);
                if (lock) {
                    details.put("lockedUntil", lockedUntil.toString());
                }
                audit.append(new AuditEntry(account.workspaceId(), name, AuditAction.SIGN_IN_FAILED, "ACCOUNT",
                        account.id(), name, details));
            });
            throw SignInException.wrongCredentials();
        }
        transactions.executeWithoutResult(tx -> {
            repository.updateSignInState(account.id(), 0, null);
            if (passwords.upgradeEncoding(account.passwordHash())) {
                repository.rehashPassword(account.id(), passwords.encode(given));
            }
            audit.append(new AuditEntry(account.workspaceId(), name, AuditAction.SIGN_IN, "ACCOUNT", account.id(),
                    name, json.createObjectNode().put("role", account.role().name())));
        });
        return account.caller();
    }

    /**
     * Signs in an account that an OpenID Connect provider vouched for, matched by username: no password, but the
     * same lock and the same audit ({@code SIGN_IN} with {@code method} and {@code provider}, or
     * {@code SIGN_IN_FAILED} with reason {@code no-account} or {@code locked}).
     *
     * @return the caller; empty when no account has that username or the account is locked
     */
    public Optional<Caller> signInExternal(String username, String provider) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<Account> found = name.isEmpty() ? Optional.empty() : repository.findByUsername(name);
        if (found.isEmpty() || found.get().lockedAt(clock.instant())) {
            String actor = name.isEmpty() ? "(no username)" : name.length() > 64 ? name.substring(0, 64) : name;
            Account account = found.orElse(null);
            transactions.executeWithoutResult(tx -> audit.append(new AuditEntry(
                    account == null ? null : account.workspaceId(), actor, AuditAction.SIGN_IN_FAILED, "ACCOUNT",
                    account == null ? null : account.id(), account == null ? null : account.username(),
                    json.createObjectNode().put("reason", account == null ? "no-account" : "locked")
                            .put("method", "oidc").put("provider", provider))));
            return Optional.empty();
        }
        Account account = found.get();
        transactions.executeWithoutResult(tx -> audit.append(new AuditEntry(account.workspaceId(), name,
                AuditAction.SIGN_IN, "ACCOUNT", account.id(), name, json.createObjectNode()
                        .put("role", account.role().name()).put("method", "oidc").put("provider", provider))));
        return Optional.of(account.caller());
    }

    /**
     * Adds a member to {@code workspaceId} under exactly {@code username}, audited as {@code MEMBER_ADDED} in the same
     * transaction: the platform's path (see {@link #create}); workspace admins use {@link #addWorkspaceMember}.
     */
    public Account addMember(String workspaceId, String username, String password, Role role, String actor) {
        return addMember(workspaceId, username, password, role, actor, false);
    }

    private Account addMember(String workspaceId, String username, String password, Role role, String actor,
                              boolean changeRequired) {
        return transactions.execute(tx -> {
            Account account = create(username, password, role, workspaceId, actor, changeRequired);
            recordMemberAdded(account, actor);
            return account;
        });
    }

    /** Audits {@code account} as added to its workspace; joins the caller's transaction. */
    public void recordMemberAdded(Account account, String actor) {
        audit.append(new AuditEntry(account.workspaceId(), actor, AuditAction.MEMBER_ADDED, "ACCOUNT", account.id(),
                account.username(), json.createObjectNode().put("role", account.role().name())));
    }

    /**
     * Removes a member of {@code workspaceId}, audited as {@code MEMBER_REMOVED}; their console session ends with
     * their next request.
     *
     * @return false when the workspace has no member of that id
     */
    public boolean removeMember(String workspaceId, String id, String actor) {
        Optional<Account> found = repository.find(id).filter(a -> workspaceId.equals(a.workspaceId()));
        if (found.isEmpty()) {
            return false;
        }
        Account account = found.get();
        transactions.executeWithoutResult(tx -> {
            repository.delete(workspaceId, id);
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.MEMBER_REMOVED, "ACCOUNT", id,
                    account.username(), json.createObjectNode().put("role", account.role().name())));
        });
        return true;
    }

    /**
     * An admin sets a new password for a member of {@code workspaceId} (and lifts any lock), audited as
     * {@code PASSWORD_CHANGED} with {@code by: admin}. The member must change it at their next sign-in
     * ({@link Account#passwordChangeRequired()}).
     *
     * @return false when the workspace has no member of that id
     * @throws InvalidInputException naming {@code password} when it breaks the rules
     */
    public boolean resetPassword(String workspaceId, String id, String password, String actor) {
        Optional<Account> found = repository.find(id).filter(a -> workspaceId.equals(a.workspaceId()));
        if (found.isEmpty()) {
            return false;
        }
        changePassword(found.get(), password, actor, "admin", true);
        return true;
    }

    /**
     * A signed-in account changes its own password, proving it knows the current one; audited as
     * {@code PASSWORD_CHANGED} with {@code by: self}. This clears {@link Account#passwordChangeRequired()}; while it
     * is set, the new password must differ from the one the admin set.
     *
     * @throws InvalidInputException naming {@code currentPassword} (rule {@code wrong-password}) or {@code newPassword}
     *                               (the password rules, or {@code same-password})
     */
    public void changeOwnPassword(String accountId, String currentPassword, String newPassword) {
        Account account = repository.find(accountId).orElseThrow();
        if (currentPassword == null || !passwords.matches(currentPassword, account.passwordHash())) {
            throw new InvalidInputException(Violation.of("currentPassword", "wrong-password",
                    "currentPassword is not this account's password"));
        }
        if (account.passwordChangeRequired() && currentPassword.equals(newPassword)) {
            throw new InvalidInputException(Violation.of("newPassword", "same-password",
                    "newPassword must differ from the password an admin set"));
        }
        try {
            changePassword(account, newPassword, account.username(), "self", false);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations().stream()
                    .map(v -> Violation.of("newPassword", v.rule(), v.message().replaceFirst("^password", "newPassword")))
                    .toList());
        }
    }

    private void changePassword(Account account, String password, String actor, String by, boolean changeRequired) {
        List<Violation> violations = passwordViolations(password, account.username());
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String hash = passwords.encode(password);
        transactions.executeWithoutResult(tx -> {
            repository.updatePassword(account.id(), hash, changeRequired);
            audit.append(new AuditEntry(account.workspaceId(), actor, AuditAction.PASSWORD_CHANGED, "ACCOUNT",
                    account.id(), account.username(), json.createObjectNode().put("by", by)));
        });
    }

    /** Sets a new password (which must follow the rules) and lifts any lock; not audited (demo and bootstrap). */
    public void setPassword(String accountId, String password) {
        Account account = repository.find(accountId).orElseThrow();
        List<Violation> violations = passwordViolations(password, account.username());
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        repository.updatePassword(accountId, passwords.encode(password), false);
    }

    public Optional<Account> find(String id) {
        return repository.find(id);
    }

    public Optional<Account> findByUsername(String username) {
        return repository.findByUsername(username.toLowerCase(Locale.ROOT));
    }

    public List<Account> members(String workspaceId) {
        return repository.members(workspaceId);
    }

    public boolean anyOperator() {
        return repository.anyWithRole(Role.OPERATOR);
    }

    private void recordFailure(Account account, String name, String reason) {
        String actor = name.isEmpty() ? "(no username)" : name.length() > 64 ? name.substring(0, 64) : name;
        transactions.executeWithoutResult(tx -> audit.append(new AuditEntry(
                account == null ? null : account.workspaceId(), actor, AuditAction.SIGN_IN_FAILED, "ACCOUNT",
                account == null ? null : account.id(), account == null ? null : account.username(),
                json.createObjectNode().put("reason", reason))));
    }

    private static List<Violation> passwordViolations(String password, String username) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            return List.of(Violation.of("password", "password-length",
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
        if (password.strip().equalsIgnoreCase(username)) {
            return List.of(Violation.of("password", "password-not-username", "password must not be the username"));
        }
        return List.of();
    }
}
