package dev.modelgate.registration;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.credentials.RoleVerificationFailure;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceRepository;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Role registrations: a workspace asks that Modelgate may assume a role, a platform operator approves, rejects or
 * revokes (see {@link RegistrationState} for the moves allowed). Every change and its audit event are one
 * transaction; the event goes to the registration's workspace. Once a change has committed, the gate's kept
 * approval is dropped, and a revocation drops the cached sessions of the role for the workspace: the next
 * {@code AssumeRole} or invocation is refused without reaching STS.
 *
 * <p>With automatic approval on ({@link dev.modelgate.platform.PlatformSettings#autoApproveRegistrations}), a request
 * is verified at once ({@link RegistrationVerification}) and approved by {@value #AUTOMATIC_ACTOR} when that works;
 * otherwise it stays PENDING with the reason as its note. An operator's approval verifies the role the same way
 * first ({@link #approve}).
 */
public final class RoleRegistrations {

    /** Who approves a registration that passed automatic verification. */
    public static final String AUTOMATIC_ACTOR = "modelgate (automatic verification)";

    private final RoleRegistrationRepository repository;
    private final RegistrationApprovals approvals;
    private final TenantCredentials credentials;
    private final RegistrationVerification verification;
    private final PlatformSettingsRepository settings;
    private final WorkspaceRepository workspaces;
    private final AuditLog audit;
    private final RegistrationAudit entries;
    private final TransactionOperations transactions;
    private final Clock clock;

    /**
     * @param credentials  the tenant sessions a revocation drops
     * @param verification how automatic approval checks a role
     * @param settings     whether automatic approval is on
     * @param workspaces   the workspaces' External IDs, whose sessions a revocation drops
     */
    public RoleRegistrations(RoleRegistrationRepository repository, RegistrationApprovals approvals,
                             TenantCredentials credentials, RegistrationVerification verification,
                             PlatformSettingsRepository settings, WorkspaceRepository workspaces, AuditLog audit,
                             JsonMapper json, TransactionOperations transactions, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.verification = Objects.requireNonNull(verification, "verification");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.entries = new RegistrationAudit(json);
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Asks that Modelgate may assume {@code rawRoleArn} for the workspace: a new PENDING registration, or a REJECTED
     * or REVOKED one back to PENDING. With automatic approval on, verifies it before answering.
     *
     * @throws InvalidInputException when it is not a role ARN (field {@code roleArn}, the rule it breaks)
     * @throws ModelgateException     {@code registration-exists} when the role is PENDING or APPROVED already
     */
    public RoleRegistration request(String workspaceId, String rawRoleArn, String actor) {
        String roleArn = RoleArn.parse(rawRoleArn).arn();
        RoleRegistration requested;
        try {
            requested = transactions.execute(tx -> {
                Optional<RoleRegistration> existing = repository.findByRole(workspaceId, roleArn);
                RegistrationState before = existing.map(RoleRegistration::state).orElse(null);
                if (before == RegistrationState.PENDING || before == RegistrationState.APPROVED) {
                    throw exists(roleArn, before);
                }
                String id = existing.map(RoleRegistration::id).orElseGet(() -> UUID.randomUUID().toString());
                if (existing.isEmpty()) {
                    repository.insert(new RoleRegistration(id, workspaceId, null, roleArn, RegistrationState.PENDING,
                            clock.instant(), actor, null, null, null));
                } else if (!repository.requestAgain(id, before, clock.instant(), actor)) {
                    throw changed(id);
                }
                RoleRegistration after = repository.find(workspaceId, id).orElseThrow();
                audit.append(entries.requested(after, before, actor));
                return after;
            });
        } catch (DuplicateKeyException e) {
            throw exists(roleArn, RegistrationState.PENDING);
        }
        approvals.forget(workspaceId, roleArn);
        return settings.get().autoApproveRegistrations() ? verify(requested) : requested;
    }

    /** The workspace's registration. @throws NotFoundException also for another workspace's */
    public RoleRegistration get(String workspaceId, String id) {
        return repository.find(workspaceId, id).orElseThrow(() -> new NotFoundException("registration", id));
    }

    /** The workspace's registrations, most recently requested first. */
    public List<RoleRegistration> list(String workspaceId) {
        return repository.list(workspaceId);
    }

    /** Every workspace's registrations in {@code state} (all when null), oldest request first. */
    public List<RoleRegistration> listAll(RegistrationState state) {
        return repository.listAll(state);
    }

    /** Whether an approved role accepts the workspace's current External ID; {@code problem} null when it does. */
    public record RoleCheck(String roleArn, String problem) {

        /** Whether the role passed. */
        public boolean accepted() {
            return problem == null;
        }
    }

    /**
     * Verifies each of the workspace's APPROVED roles with its current External ID, as automatic approval does (one
     * {@code AssumeRole} with it, one without): after a rotation, which roles still need their trust policy updated.
     * Changes nothing.
     */
    public List<RoleCheck> verifyApproved(String workspaceId) {
        return repository.list(workspaceId).stream().filter(r -> r.state() == RegistrationState.APPROVED)
                .map(r -> new RoleCheck(r.roleArn(), verification.failure(r).map(RoleVerificationFailure::sentence)
                        .orElse(null))).toList();
    }

    /**
     * The workspace withdraws a PENDING registration or gives up an APPROVED one.
     *
     * @throws NotFoundException  when the workspace has no such registration
     * @throws ModelgateException {@code registration-state} when it is neither PENDING nor APPROVED
     */
    public RoleRegistration revoke(String workspaceId, String id, String actor, String note) {
        get(workspaceId, id);
        return decide(id, AuditAction.REGISTRATION_REVOKED, RegistrationState.REVOKED, actor, note);
    }

    /**
     * The operator approves a PENDING registration, once the role passes verification
     * ({@link RegistrationVerification}: assumed with the workspace's External ID, refused without). A role that does
     * not pass is not approved, however the operator insists: an approval is the platform's word that Modelgate can
     * and may assume the role for this workspace, and one that cannot be assumed, or that any workspace could use,
     * only moves the failure to the workspace's first Test. There is no override: each failure names who must fix
     * what, and approving again once it is fixed is one call.
     *
     * @throws NotFoundException        when there is no such registration
     * @throws ModelgateException       {@code registration-state} when it is not PENDING (before anything is sent to STS)
     * @throws RoleVerificationException when the role did not pass; the registration stays PENDING, the failure as
     *                                   its note, and nothing is audited
     */
    public RoleRegistration approve(String id, String actor, String note) {
        RoleRegistration pending = repository.find(id).orElseThrow(() -> new NotFoundException("registration", id));
        if (pending.state() != RegistrationState.PENDING) {
            throw notAllowed(id, pending.state(), RegistrationState.APPROVED);
        }
        Optional<RoleVerificationFailure> failure = verification.failure(pending);
        if (failure.isPresent()) {
            repository.notePending(id, fitted("approval refused, verification failed " + failure.get().sentence()));
            throw new RoleVerificationException(id, pending.roleArn(), failure.get());
        }
        return decide(id, AuditAction.REGISTRATION_APPROVED, RegistrationState.APPROVED, actor, note);
    }

    /**
     * The operator rejects a PENDING registration.
     *
     * @throws NotFoundException  when there is no such registration
     * @throws ModelgateException {@code registration-state} when it is not PENDING
     */
    public RoleRegistration reject(String id, String actor, String note) {
        return decide(id, AuditAction.REGISTRATION_REJECTED, RegistrationState.REJECTED, actor, note);
    }

    /**
     * The operator revokes a PENDING or APPROVED registration of any workspace.
     *
     * @throws NotFoundException  when there is no such registration
     * @throws ModelgateException {@code registration-state} when it is neither PENDING nor APPROVED
     */
    public RoleRegistration revokeAny(String id, String actor, String note) {
        return decide(id, AuditAction.REGISTRATION_REVOKED, RegistrationState.REVOKED, actor, note);
    }

    private RoleRegistration verify(RoleRegistration pending) {
        Optional<RoleVerificationFailure> failure = verification.failure(pending);
        if (failure.isEmpty()) {
            try {
                return decide(pending.id(), AuditAction.REGISTRATION_APPROVED, RegistrationState.APPROVED,
                        AUTOMATIC_ACTOR, "verified automatically: Modelgate assumed the role with the workspace's "
                                + "External ID, and the role refused the same request without the External ID");
            } catch (ModelgateException e) {
                if (e.code() != ErrorCode.REGISTRATION_STATE) {
                    throw e;
                }
                // Decided meanwhile by an operator: their decision stands.
                return repository.find(pending.id()).orElseThrow();
            }
        }
        repository.notePending(pending.id(), fitted("automatic verification failed " + failure.get().sentence()));
        return repository.find(pending.id()).orElseThrow();
    }

    private RoleRegistration decide(String id, AuditAction action, RegistrationState to, String actor, String note) {
        if (note != null && note.length() > RoleRegistration.MAX_NOTE) {
            throw new InvalidInputException(Violation.of("note", "too-long", "note must be at most "
                    + RoleRegistration.MAX_NOTE + " characters, got " + note.length()));
        }
        RoleRegistration after = transactions.execute(tx -> {
            RoleRegistration current = repository.find(id).orElseThrow(() -> new NotFoundException("registration", id));
            RegistrationState from = current.state();
            boolean allowed = to == RegistrationState.REVOKED
                    ? from == RegistrationState.PENDING || from == RegistrationState.APPROVED
                    : from == RegistrationState.PENDING;
            if (!allowed) {
                throw notAllowed(id, from, to);
            }
            if (!repository.decide(id, from, to, clock.instant(), actor, note)) {
                throw changed(id);
            }
            RoleRegistration decided = repository.find(id).orElseThrow();
            audit.append(entries.decided(action, decided, from, actor));
            return decided;
        });
        approvals.forget(after.workspaceId(), after.roleArn());
        if (to == RegistrationState.REVOKED) {
            dropSessions(after);
        }
        return after;
    }

    /** The role's cached sessions for the workspace, whatever their STS endpoint. */
    private void dropSessions(RoleRegistration revoked) {
        workspaces.find(revoked.workspaceId()).ifPresent(workspace -> credentials.invalidateIf(key ->
                key.roleArn().arn().equals(revoked.roleArn())
                        && key.externalId().value().equals(workspace.externalId())));
    }

    /** A note that fits its column: AWS's messages are short, but not promised to be. */
    private static String fitted(String note) {
        int max = RoleRegistration.MAX_NOTE;
        return note.length() <= max ? note : note.substring(0, max - 1) + "…";
    }

    private static ModelgateException notAllowed(String id, RegistrationState from, RegistrationState to) {
        return new ModelgateException(ErrorCode.REGISTRATION_STATE, "registration " + id + " is " + from + "; only "
                + (to == RegistrationState.REVOKED ? "a PENDING or APPROVED registration can be revoked"
                : "a PENDING registration can be " + to.name().toLowerCase()));
    }

    private static ModelgateException exists(String roleArn, RegistrationState state) {
        return new ModelgateException(ErrorCode.REGISTRATION_EXISTS, "role " + roleArn
                + " is already registered for this workspace (" + state + "); a REJECTED or REVOKED registration "
                + "can be requested again");
    }

    private static ModelgateException changed(String id) {
        return new ModelgateException(ErrorCode.REGISTRATION_STATE,
                "registration " + id + " was changed meanwhile; read it again");
    }
}
