package dev.modelgate.workspace;

import dev.modelgate.access.Account;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.Role;
import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating workspaces (a platform operator's job): each gets a freshly generated External ID and its first admin,
 * in one transaction, audited as {@code WORKSPACE_CREATED} and {@code MEMBER_ADDED}.
 */
public final class Workspaces {

    /** A letter or digit, then up to 99 letters, digits, spaces or {@code . _ -}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");

    /** A workspace just created, with its first admin. */
    public record Created(Workspace workspace, Account admin) {
    }

    private final WorkspaceRepository repository;
    private final Accounts accounts;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();

    public Workspaces(WorkspaceRepository repository, Accounts accounts, AuditLog audit,
                      TransactionOperations transactions, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a workspace and its first admin account.
     *
     * @throws InvalidInputException naming {@code name} (rule {@code workspace-name} or {@code unique-name}) or the
     *                               admin's {@code admin.username} / {@code admin.password}
     */
    public Created create(String name, String adminUsername, String adminPassword, String actor) {
        String trimmed = name == null ? "" : name.strip();
        if (!NAME.matcher(trimmed).matches()) {
            throw new InvalidInputException(Violation.of("name", "workspace-name",
                    "name must be 1 to 100 letters, digits, spaces or . _ -, starting with a letter or digit"));
        }
        if (repository.findByName(trimmed).isPresent()) {
            throw new InvalidInputException(Violation.of("name", "unique-name",
                    "a workspace named \"" + trimmed + "\" exists"));
        }
        Workspace workspace = new Workspace(UUID.randomUUID().toString(), trimmed,
                ExternalId.generate(random).value(), clock.instant());
        try {
            return transactions.execute(tx -> {
                repository.insert(workspace);
                audit.append(new AuditEntry(workspace.id(), actor, AuditAction.WORKSPACE_CREATED, "WORKSPACE",
                        workspace.id(), trimmed, json.createObjectNode().put("externalId", workspace.externalId())));
                Account admin = accounts.create(adminUsername, adminPassword, Role.ADMIN, workspace.id(), actor);
                accounts.recordMemberAdded(admin, actor);
                return new Created(workspace, admin);
            });
        } catch (InvalidInputException e) {
            throw prefixed(e, "admin.");
        }
    }

    public List<Workspace> list() {
        return repository.list();
    }

    public Optional<Workspace> find(String id) {
        return repository.find(id);
    }

    private static InvalidInputException prefixed(InvalidInputException e, String prefix) {
        return new InvalidInputException(e.violations().stream()
                .map(v -> Violation.of(prefix + v.field(), v.rule(), v.message())).toList());
    }
}
