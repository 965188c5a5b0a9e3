package dev.modelgate.workspace;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.error.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rotation of a workspace's External ID, without downtime: {@link #start} generates a new ID and keeps it pending
 * (Modelgate still sends the current one, so the tenant can make its roles' trust policies accept both first);
 * {@link #confirm} makes it current — from then on only the new ID is sent and the sessions assumed with the old
 * one are dropped — and {@link #cancel} forgets it. Confirmation is audited ({@link AuditAction#EXTERNAL_ID_ROTATED},
 * with the old and new IDs: External IDs are not secrets) in the same transaction.
 */
public final class ExternalIdRotation {

    private final WorkspaceRepository workspaces;
    private final TenantCredentials credentials;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Consumer<String> confirmed;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param credentials the tenant sessions a confirmed rotation drops
     * @param confirmed   told the workspace's id once a rotation is confirmed (to forget the workspace as cached)
     */
    public ExternalIdRotation(WorkspaceRepository workspaces, TenantCredentials credentials, AuditLog audit,
                              JsonMapper json, TransactionOperations transactions, Clock clock,
                              Consumer<String> confirmed) {
        this.confirmed = Objects.requireNonNull(confirmed, "confirmed");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The workspace's External IDs now. */
    public WorkspaceExternalIds state(String workspaceId) {
        return workspaces.externalIds(workspaceId).orElseThrow(() -> new NotFoundException("workspace", workspaceId));
    }

    /**
     * Generates a new External ID and keeps it pending.
     *
     * @throws ModelgateException {@code rotation-in-progress} when a rotation has started and is not confirmed or
     *                            cancelled
     */
    public WorkspaceExternalIds start(String workspaceId) {
        state(workspaceId);
        if (!workspaces.startRotation(workspaceId, ExternalId.generate(random).value(), clock.instant())) {
            WorkspaceExternalIds current = state(workspaceId);
            throw new ModelgateException(ErrorCode.ROTATION_IN_PROGRESS, "a rotation to External ID "
                    + current.pending() + " started at " + current.rotationStartedAt()
                    + "; confirm or cancel it first");
        }
        return state(workspaceId);
    }

    /**
     * Makes the pending External ID current and drops the sessions assumed with the old one.
     *
     * @throws ModelgateException {@code no-rotation} when no rotation is in progress
     */
    public WorkspaceExternalIds confirm(String workspaceId, String workspaceName, String actor) {
        WorkspaceExternalIds before = transactions.execute(tx -> {
            WorkspaceExternalIds current = state(workspaceId);
            if (!current.rotating() || !workspaces.confirmRotation(workspaceId, current.pending())) {
                throw noRotation();
            }
            ObjectNode details = json.createObjectNode();
            ObjectNode change = details.putObject("externalId");
            change.put("before", current.current());
            change.put("after", current.pending());
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.EXTERNAL_ID_ROTATED, "WORKSPACE", workspaceId,
                    workspaceName, details));
            return current;
        });
        confirmed.accept(workspaceId);
        credentials.invalidateIf(key -> key.externalId().value().equals(before.current()));
        return state(workspaceId);
    }

    /**
     * Forgets the pending External ID; the current one stays.
     *
     * @throws ModelgateException {@code no-rotation} when no rotation is in progress
     */
    public WorkspaceExternalIds cancel(String workspaceId) {
        state(workspaceId);
        if (!workspaces.cancelRotation(workspaceId)) {
            throw noRotation();
        }
        return state(workspaceId);
    }

    private static ModelgateException noRotation() {
        return new ModelgateException(ErrorCode.NO_ROTATION, "no External ID rotation is in progress; start one with "
                + "POST /api/v1/workspace/external-id/rotation");
    }
}
