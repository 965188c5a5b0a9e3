package dev.modelgate.platform;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import java.time.Clock;
import java.util.Objects;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changing the platform's settings, audited as {@code SETTINGS_CHANGED} (a platform event: no workspace) in the same
 * transaction as the change.
 */
public final class OperatorSettings {

    private final PlatformSettingsRepository repository;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public OperatorSettings(PlatformSettingsRepository repository, AuditLog audit, TransactionOperations transactions,
                            Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PlatformSettings get() {
        return repository.get();
    }

    /** Turns automatic approval of role registrations on or off; a change to the same value is not audited. */
    public PlatformSettings setAutoApproveRegistrations(boolean on, String actor) {
        return transactions.execute(tx -> {
            boolean before = repository.get().autoApproveRegistrations();
            PlatformSettings after = repository.setAutoApproveRegistrations(on, clock.instant(), actor);
            if (before != on) {
                audit.append(new AuditEntry(null, actor, AuditAction.SETTINGS_CHANGED, "PLATFORM_SETTINGS", null,
                        null, json.createObjectNode().set("autoApproveRegistrations", json.createObjectNode()
                                .put("before", before).put("after", on))));
            }
            return after;
        });
    }
}
