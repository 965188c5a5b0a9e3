package dev.modelgate.model;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.core.type.TypeReference;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The external models of workspaces: create, read, list, update with optimistic locking, delete, toggle inference.
 * Every write validates the whole configuration first; a failed request changes nothing.
 *
 * <p>Revisions: every save is a new revision, kept in the model's history. Agents are served the <em>live</em>
 * revision ({@link #live}): the last one promoted after its Test passed. Saving never changes it; the latest saved
 * revision, when not live, is the model's <em>draft</em>, promoted by a passing Test asked to promote
 * ({@link #recordTest}) or by {@link ModelRevisions#promote} once its latest Test passed; {@link ModelRevisions}
 * also lists them and goes back to an earlier one. A model never promoted has no live revision.
 *
 * <p>Every change is audited: the write and its {@link AuditLog} event happen in one transaction, so a change that
 * fails leaves no event, and an event that cannot be written undoes the change ({@link ModelAudit} says what each
 * event holds).
 */
public final class ExternalModels {

    /** The one provider supported so far. */
    public static final String PROVIDER = "AMAZON_BEDROCK";
    /** The most characters of variables, as JSON, that storage holds (column {@code variables}). */
    public static final int MAX_VARIABLES_JSON = 200_000;
    /** The most characters of an output mapping, as JSON, that storage holds (column {@code output_mapping}). */
    public static final int MAX_OUTPUT_MAPPING_JSON = 20_000;
    /** The most characters of a Converse model's defaults, as JSON, that storage holds (column {@code converse}). */
    public static final int MAX_CONVERSE_JSON = 200_000;

    /** The most compiled configurations kept (least recently used go first). */
    public static final long COMPILED_CACHE_SIZE = 10_000;

    private final ModelRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    /** Compiled once per revision: a revision's configuration never changes. */
    private final Cache<Revision, ModelConfiguration> compiled =
            Caffeine.newBuilder().maximumSize(COMPILED_CACHE_SIZE).build();

    private record Revision(String id, long revision) {
    }

    private final ConnectionListener connectionListener;
    private final AuditLog audit;
    private final ModelAudit entries;
    private final TransactionOperations transactions;

    /**
     * @param connectionListener told when a model's connection is replaced or the model deleted
     * @param audit              where each change is recorded
     * @param transactions       runs a write and its audit event as one transaction
     */
    public ExternalModels(ModelRepository repository, JsonMapper json, Clock clock,
                          ConnectionListener connectionListener, AuditLog audit, TransactionOperations transactions) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
        this.connectionListener = connectionListener;
        this.audit = audit;
        this.entries = new ModelAudit(json);
        this.transactions = transactions;
    }

    /** A stored model with its compiled configuration. */
    public record Saved(StoredModel stored, ModelConfiguration configuration) {
    }

    public Saved create(String workspaceId, ModelDraft draft, String actor) {
        ModelConfiguration configuration = validate(draft);
        var now = clock.instant();
        StoredModel stored = new StoredModel(UUID.randomUUID().toString(), workspaceId, configuration.name(),
                configuration.description(), PROVIDER, draft.inferenceEnabled() == null || draft.inferenceEnabled(),
                ModelStatus.DRAFT, 1, draft.roleArn(), configuration.stsEndpointAsGiven(), draft.region(),
                draft.modelReference(), variablesJson(draft), requestTemplate(draft), outputMappingJson(draft),
                configuration.timeouts().connect().toMillis(), configuration.timeouts().total().toMillis(), now, actor,
                now, actor, requestOptionsJson(draft), configuration.api(), converseJson(draft),
                chatJson(draft));
        transactions.executeWithoutResult(tx -> {
            repository.insert(stored);
            audit.append(entries.created(stored, actor));
        });
        return new Saved(stored, configuration);
    }

    public Saved get(String workspaceId, String id) {
        StoredModel stored = repository.find(workspaceId, id).orElseThrow(() -> new NotFoundException("model", id));
        return new Saved(stored, compiled(stored));
    }

    /** The workspace's model of that name, if any. */
    public java.util.Optional<StoredModel> findByName(String workspaceId, String name) {
        return repository.findByName(workspaceId, name);
    }

    /** A stored model's configuration, compiled on first use of its revision and kept. */
    public ModelConfiguration compiled(StoredModel stored) {
        return compiled.get(new Revision(stored.id(), stored.revision()), revision -> ModelConfiguration.compile(draftOf(stored)));
    }

    public List<StoredModel> list(String workspaceId, int offset, int limit) {
        return repository.list(workspaceId, offset, limit);
    }

    public long count(String workspaceId) {
        return repository.count(workspaceId);
    }

    /**
     * Saves a new revision of the configuration if {@code expectedRevision} is still the latest. The new revision is
     * untested: it is the model's draft ({@link ModelStatus#DRAFT}), and the live revision, if any, stays live.
     */
    public Saved update(String workspaceId, String id, long expectedRevision, ModelDraft draft, String actor) {
        record Change(StoredModel before, Saved after) {
        }
        Change change = transactions.execute(tx -> {
            StoredModel current = find(workspaceId, id);
            if (current.revision() != expectedRevision) {
                throw new StaleRevisionException(expectedRevision, current.revision());
            }
            ModelConfiguration configuration = validate(draft);
            StoredModel next = new StoredModel(id, workspaceId, configuration.name(), configuration.description(),
                    PROVIDER, draft.inferenceEnabled() == null ? current.inferenceEnabled() : draft.inferenceEnabled(),
                    ModelStatus.DRAFT, expectedRevision + 1, draft.roleArn(), configuration.stsEndpointAsGiven(),
                    draft.region(), draft.modelReference(), variablesJson(draft), requestTemplate(draft),
                    outputMappingJson(draft), configuration.timeouts().connect().toMillis(),
                    configuration.timeouts().total().toMillis(), current.createdAt(), current.createdBy(),
                    clock.instant(), actor, requestOptionsJson(draft), configuration.api(), converseJson(draft),
                    chatJson(draft), current.liveRevision());
            dev.modelgate.audit.AuditEntry entry = entries.updated(current, next, actor);
            if (!repository.update(next, expectedRevision, json.writeValueAsString(entry.details().get("changes")))) {
                throw new StaleRevisionException(expectedRevision, find(workspaceId, id).revision());
            }
            audit.append(entry);
            return new Change(current, new Saved(next, configuration));
        });
        StoredModel current = change.before();
        StoredModel next = change.after().stored();
        if (!current.roleArn().equals(next.roleArn()) || !current.stsEndpoint().equals(next.stsEndpoint())
                || !current.region().equals(next.region())) {
            connectionListener.connectionReplaced(current, compiled(current));
        }
        return change.after();
    }

    /** Deletes the model if {@code expectedRevision} is still current. */
    public void delete(String workspaceId, String id, long expectedRevision, String actor) {
        StoredModel deleted = transactions.execute(tx -> {
            StoredModel current = find(workspaceId, id);
            if (current.revision() != expectedRevision || !repository.delete(workspaceId, id, expectedRevision)) {
                throw new StaleRevisionException(expectedRevision, current.revision());
            }
            audit.append(entries.deleted(current, actor));
            return current;
        });
        connectionListener.connectionReplaced(deleted, compiled(deleted));
    }

    /**
     * Makes {@code revision} live without a Test, if it is still the latest saved revision: for trusted setup (the
     * demo's seeded models), never for a request.
     *
     * @return whether it was made live (false: changed or deleted since)
     */
    public boolean markReady(String workspaceId, String id, long revision) {
        return repository.promote(workspaceId, id, revision, revision);
    }

    /**
     * The live revision of the workspace's model that agents call {@code name}: what invocations use. Its
     * {@code revision} is the live revision's number, its status READY.
     */
    public java.util.Optional<StoredModel> live(String workspaceId, String name) {
        return repository.findLive(workspaceId, name);
    }

    /** One page of the workspace's live revisions, in the order of {@link #list}. */
    public List<StoredModel> listLive(String workspaceId, int offset, int limit) {
        return repository.listLive(workspaceId, offset, limit);
    }

    /**
     * Records a Test of {@code revision} as its latest and, when it passed and {@code promote} is set, makes it live
     * if it is still the latest saved revision. Runs in the caller's transaction (the Test's record and audit).
     *
     * @return whether the revision was made live
     */
    public boolean recordTest(String workspaceId, String id, long revision, String testRunId, boolean passed,
                              boolean promote) {
        if (!repository.recordTest(workspaceId, id, revision, testRunId, passed) || !passed || !promote) {
            return false;
        }
        // Another model live by this revision's name keeps it: this one stays a draft (promote says why).
        String name = repository.findRevision(workspaceId, id, revision).orElseThrow().model().name();
        if (repository.findLive(workspaceId, name).filter(other -> !other.id().equals(id)).isPresent()) {
            return false;
        }
        return repository.promote(workspaceId, id, revision, revision);
    }

    /**
     * Turns inference on or off. Not a configuration change: the revision and the status stay, so a READY model
     * switched off and on again is still READY.
     */
    public Saved setInferenceEnabled(String workspaceId, String id, boolean enabled, String actor) {
        StoredModel after = transactions.execute(tx -> {
            StoredModel current = find(workspaceId, id);
            if (!repository.setInferenceEnabled(workspaceId, id, enabled, clock.instant(), actor)) {
                throw new NotFoundException("model", id);
            }
            audit.append(entries.inferenceToggled(current, enabled, actor));
            return find(workspaceId, id);
        });
        return new Saved(after, compiled(after));
    }

    /** The most models {@link #guardrailArns} reads. */
    public static final int MAX_MODELS_FOR_POLICY = 10_000;

    /**
     * The ARNs of the guardrails that the workspace's models of the role named {@code roleName} set (in their latest
     * saved revision and in their live one), sorted and
     * distinct: what its permission policy must allow {@code bedrock:ApplyGuardrail} on. More than
     * {@link dev.modelgate.connection.PolicyDocuments#MAX_GUARDRAIL_ARNS} are folded into one
     * {@code guardrail/*} per partition, Region and account; if still too many, into {@code *}. Reads at most
     * {@value #MAX_MODELS_FOR_POLICY} models.
     */
    public List<String> guardrailArns(String workspaceId, String roleName) {
        java.util.SortedSet<String> arns = new java.util.TreeSet<>();
        int page = 500;
        for (int offset = 0; offset < MAX_MODELS_FOR_POLICY; offset += page) {
            List<StoredModel> models = repository.list(workspaceId, offset, page);
            List<StoredModel> served = new ArrayList<>(models);
            // A live revision other than the latest is called too: its guardrail stays allowed.
            models.stream().filter(m -> m.draftRevision() != null && m.liveRevision() != null)
                    .forEach(m -> repository.findRevision(workspaceId, m.id(), m.liveRevision())
                            .ifPresent(live -> served.add(live.model())));
            for (StoredModel stored : served) {
                if (stored.requestOptionsJson() == null) {
                    continue;
                }
                ModelConfiguration configuration = compiled(stored);
                RequestOptions.Guardrail guardrail = configuration.options().guardrail();
                if (guardrail != null && configuration.roleArn().name().equals(roleName)) {
                    arns.add(guardrail.arn(configuration.region(), configuration.roleArn().accountId()));
                }
            }
            if (models.size() < page) {
                break;
            }
        }
        int max = dev.modelgate.connection.PolicyDocuments.MAX_GUARDRAIL_ARNS;
        if (arns.size() <= max) {
            return List.copyOf(arns);
        }
        java.util.SortedSet<String> folded = new java.util.TreeSet<>();
        arns.forEach(arn -> folded.add(arn.substring(0, arn.lastIndexOf('/') + 1) + "*"));
        return folded.size() <= max ? List.copyOf(folded) : List.of("*");
    }

    private StoredModel find(String workspaceId, String id) {
        return repository.find(workspaceId, id).orElseThrow(() -> new NotFoundException("model", id));
    }

    /**
     * Validates a draft without saving: the compiled configuration, or every violation, including a configuration
     * too large to store ({@code too-large} on {@code variables} or {@code outputMapping}).
     */
    public ModelConfiguration validate(ModelDraft draft) {
        ModelConfiguration configuration = ModelConfiguration.compile(draft);
        List<Violation> violations = new ArrayList<>();
        int variables = variablesJson(draft).length();
        if (variables > MAX_VARIABLES_JSON) {
            violations.add(Violation.of("variables", "too-large", "variables take " + variables
                    + " characters as JSON; at most " + MAX_VARIABLES_JSON + " can be stored"));
        }
        int mapping = outputMappingJson(draft).length();
        if (mapping > MAX_OUTPUT_MAPPING_JSON) {
            violations.add(Violation.of("outputMapping", "too-large", "output mapping takes " + mapping
                    + " characters as JSON; at most " + MAX_OUTPUT_MAPPING_JSON + " can be stored"));
        }
        int converse = converseJson(draft) == null ? 0 : converseJson(draft).length();
        if (converse > MAX_CONVERSE_JSON) {
            violations.add(Violation.of("converse", "too-large", "converse takes " + converse
                    + " characters as JSON; at most " + MAX_CONVERSE_JSON + " can be stored"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return configuration;
    }

    /** A Converse model has no template: stored as '' (the column is NOT NULL). */
    private static String requestTemplate(ModelDraft draft) {
        return draft.requestTemplate() == null ? "" : draft.requestTemplate();
    }

    private String converseJson(ModelDraft draft) {
        return draft.converse() == null || draft.converse().isNull() ? null : json.writeValueAsString(draft.converse());
    }

    private String chatJson(ModelDraft draft) {
        return draft.chat() == null ? null : json.writeValueAsString(draft.chat());
    }

    private String variablesJson(ModelDraft draft) {
        return json.writeValueAsString(draft.variables() == null ? List.of() : draft.variables());
    }

    private String outputMappingJson(ModelDraft draft) {
        return json.writeValueAsString(draft.outputMapping());
    }

    /** The options as JSON, or null when the draft sets none (small: {@link RequestOptions} bounds every part). */
    private String requestOptionsJson(ModelDraft draft) {
        return draft.options() == null ? null : json.writeValueAsString(draft.options());
    }

    /** The draft a stored model was saved from. */
    public ModelDraft draftOf(StoredModel stored) {
        try {
            List<ModelDraft.Variable> variables = json.readValue(stored.variablesJson(), new TypeReference<>() { });
            ModelDraft.Mapping mapping = json.readValue(stored.outputMappingJson(), ModelDraft.Mapping.class);
            ModelDraft.Options options = stored.requestOptionsJson() == null ? null
                    : json.readValue(stored.requestOptionsJson(), ModelDraft.Options.class);
            boolean converse = stored.api() == ModelApi.CONVERSE;
            return new ModelDraft(stored.name(), stored.description(), stored.inferenceEnabled(), stored.roleArn(),
                    stored.stsEndpoint(), stored.region(), stored.modelReference(), variables,
                    converse ? null : stored.requestTemplate(), mapping,
                    new ModelDraft.Timeouts(stored.connectTimeoutMillis(), stored.totalTimeoutMillis()), options,
                    stored.api().name(), stored.converseJson() == null ? null : json.readTree(stored.converseJson()),
                    stored.chatJson() == null ? null : json.readValue(stored.chatJson(), ModelDraft.Chat.class));
        } catch (InvalidInputException e) {
            throw new IllegalStateException("model " + stored.id() + " was stored with a configuration that no longer validates", e);
        }
    }
}
