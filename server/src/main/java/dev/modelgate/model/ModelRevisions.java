package dev.modelgate.model;

import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.error.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model's revisions beyond saving and serving them ({@link ExternalModels}): promoting the draft, going back to an
 * earlier revision, and reading the history. Each change checks the model's ETag (its latest saved revision) like
 * every change of a model, and is audited in the same transaction.
 */
public final class ModelRevisions {

    private final ExternalModels models;
    private final ModelRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final ModelAudit entries;
    private final TransactionOperations transactions;

    /**
     * @param models       compiles what a change answers
     * @param audit        where each change is recorded
     * @param transactions runs a change and its audit event as one transaction
     */
    public ModelRevisions(ExternalModels models, ModelRepository repository, JsonMapper json, Clock clock,
                          AuditLog audit, TransactionOperations transactions) {
        this.models = Objects.requireNonNull(models, "models");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.entries = new ModelAudit(json);
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Makes the draft (the latest saved revision, {@code expectedRevision}) live: agents get it from now on. A
     * revision already live stays so (nothing changes). Audited as {@link dev.modelgate.audit.AuditAction#MODEL_PROMOTED}.
     *
     * @throws StaleRevisionException      when the model was saved since {@code expectedRevision}
     * @throws RevisionNotPassedException  when the draft's latest Test did not pass, or none ran
     * @throws DuplicateModelNameException when another model is live by the draft's name
     */
    public ExternalModels.Saved promote(String workspaceId, String id, long expectedRevision, String actor) {
        StoredModel after = transactions.execute(tx -> {
            StoredModel current = find(workspaceId, id);
            if (current.revision() != expectedRevision) {
                throw new StaleRevisionException(expectedRevision, current.revision());
            }
            if (current.draftRevision() == null) {
                return current;
            }
            ModelRevision draft = revision(workspaceId, id, expectedRevision);
            if (!draft.passed()) {
                throw new RevisionNotPassedException(id, expectedRevision, draft.testRunId(), current.liveRevision());
            }
            if (!repository.promote(workspaceId, id, expectedRevision, expectedRevision)) {
                throw new StaleRevisionException(expectedRevision, find(workspaceId, id).revision());
            }
            audit.append(entries.promoted(current, current.liveRevision(), expectedRevision, draft.testRunId(), actor));
            return find(workspaceId, id);
        });
        return new ExternalModels.Saved(after, models.compiled(after));
    }

    /**
     * Goes back to {@code revision}, an earlier revision of the model, if {@code expectedRevision} is still the
     * latest saved one:
     * <ul>
     *   <li>a revision that was live before (last known good) is made live again at once; the draft, if any, stays;</li>
     *   <li>any other is saved anew as the draft (a new revision with its configuration, untested): it must pass its
     *       Test before it is promoted;</li>
     *   <li>the live revision itself, or the draft: nothing changes.</li>
     * </ul>
     * Audited as {@link dev.modelgate.audit.AuditAction#MODEL_ROLLED_BACK}.
     *
     * @throws NotFoundException           when the model or that revision does not exist
     * @throws StaleRevisionException      when the model was saved since {@code expectedRevision}
     * @throws DuplicateModelNameException when another model is live (or saved) by that revision's name
     */
    public ExternalModels.Saved rollback(String workspaceId, String id, long expectedRevision, long revision, String actor) {
        StoredModel after = transactions.execute(tx -> {
            StoredModel current = find(workspaceId, id);
            if (current.revision() != expectedRevision) {
                throw new StaleRevisionException(expectedRevision, current.revision());
            }
            ModelRevision target = revision(workspaceId, id, revision);
            if (target.live() || target.draft()) {
                return current;
            }
            if (target.wasLive()) {
                if (!repository.promote(workspaceId, id, revision, expectedRevision)) {
                    throw new StaleRevisionException(expectedRevision, find(workspaceId, id).revision());
                }
                audit.append(entries.rolledBack(current, revision, current.liveRevision(), revision, actor));
                return find(workspaceId, id);
            }
            StoredModel old = target.model();
            StoredModel next = new StoredModel(id, workspaceId, old.name(), old.description(), old.provider(),
                    current.inferenceEnabled(), ModelStatus.DRAFT, expectedRevision + 1, old.roleArn(),
                    old.stsEndpoint(), old.region(), old.modelReference(), old.variablesJson(),
                    old.requestTemplate(), old.outputMappingJson(), old.connectTimeoutMillis(),
                    old.totalTimeoutMillis(), current.createdAt(), current.createdBy(), clock.instant(), actor,
                    old.requestOptionsJson(), old.api(), old.converseJson(), old.chatJson(), current.liveRevision());
            AuditEntry updated = entries.updated(current, next, actor);
            if (!repository.update(next, expectedRevision, json.writeValueAsString(updated.details().get("changes")))) {
                throw new StaleRevisionException(expectedRevision, find(workspaceId, id).revision());
            }
            audit.append(entries.rolledBack(current, revision, current.liveRevision(), current.liveRevision(), actor));
            return next;
        });
        return new ExternalModels.Saved(after, models.compiled(after));
    }

    /**
     * One revision of a model.
     *
     * @throws NotFoundException when the model or the revision does not exist
     */
    public ModelRevision revision(String workspaceId, String id, long revision) {
        find(workspaceId, id);
        return repository.findRevision(workspaceId, id, revision)
                .orElseThrow(() -> new NotFoundException("model " + id + " has no revision " + revision));
    }

    /**
     * What differs between two revisions of a model: each configuration field whose value in {@code from} is not its
     * value in {@code to}, as the history records the change from one revision to the next
     * ({@code {"<field>": {"before": <in from>, "after": <in to>}}}, a value longer than 2048 characters as its
     * length and SHA-256). Any two revisions, in either order; a revision compared with itself has no changes.
     *
     * @throws NotFoundException when the model or either revision does not exist
     */
    public Comparison compare(String workspaceId, String id, long from, long to) {
        ModelRevision older = revision(workspaceId, id, from);
        ModelRevision newer = from == to ? older : revision(workspaceId, id, to);
        return new Comparison(from, to, entries.changes(older.model(), newer.model()));
    }

    /**
     * Two revisions compared.
     *
     * @param changes {@code {"<field>": {"before": <in from>, "after": <in to>}}}; empty when they are the same
     */
    public record Comparison(long from, long to, ObjectNode changes) {
    }

    /**
     * One page of a model's revisions, newest first.
     *
     * @throws NotFoundException when the model does not exist
     */
    public List<ModelRevision> revisions(String workspaceId, String id, int offset, int limit) {
        find(workspaceId, id);
        return repository.listRevisions(workspaceId, id, offset, limit);
    }

    /** How many revisions a model has. */
    public long countRevisions(String workspaceId, String id) {
        return repository.countRevisions(workspaceId, id);
    }

    private StoredModel find(String workspaceId, String id) {
        return repository.find(workspaceId, id).orElseThrow(() -> new NotFoundException("model", id));
    }
}
