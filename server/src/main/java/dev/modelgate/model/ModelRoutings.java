package dev.modelgate.model;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and replaces a model's routing ({@link ModelRouting}): which other models of its workspace serve its calls
 * when it is throttled or unavailable, and over which equivalent models its calls are spread. Links are named by
 * model name and kept by id. A replacement is checked whole (every violation at once, nothing saved on any) and
 * audited as {@link dev.modelgate.audit.AuditAction#ROUTING_CHANGED} in the same transaction.
 *
 * <p>Rules of a link: a model of the same workspace, not the model itself (a balance may name it), named once, called
 * through the same Bedrock API ({@link ModelApi}), and, for a template model, taking the model's variables: every
 * variable the link requires (required, without default) is one the model has. A link's live revision is what is
 * checked, or its saved one when none is live.
 */
public final class ModelRoutings {

    /** A routing as given: fallbacks by name in order, balanced models by name with weights. */
    public record Request(List<String> fallbacks, List<Weighted> balance) {
    }

    /** A balanced model by name and its weight. */
    public record Weighted(String model, Integer weight) {
    }

    private final ExternalModels models;
    private final ModelRepository repository;
    private final AuditLog audit;
    private final ModelAudit entries;
    private final TransactionOperations transactions;

    public ModelRoutings(ExternalModels models, ModelRepository repository, JsonMapper json, AuditLog audit,
                         TransactionOperations transactions) {
        this.models = Objects.requireNonNull(models, "models");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.entries = new ModelAudit(json);
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * The model's routing.
     *
     * @throws NotFoundException when the workspace has no model of that id
     */
    public ModelRouting get(String workspaceId, String id) {
        find(workspaceId, id);
        return repository.routing(workspaceId, id);
    }

    /**
     * The routing of a model being invoked (kept with the live revision, see {@link CachingModelRepository}); none
     * when it sets none.
     */
    public ModelRouting of(StoredModel model) {
        return repository.routing(model.workspaceId(), model.id());
    }

    /**
     * Replaces the model's routing; {@code null} lists are empty.
     *
     * @throws NotFoundException     when the workspace has no model of that id
     * @throws InvalidInputException naming each link that breaks a rule ({@code fallbacks[1]},
     *                               {@code balance[0].weight}); nothing is saved
     */
    public ModelRouting replace(String workspaceId, String id, Request request, String actor) {
        return transactions.execute(tx -> {
            StoredModel model = find(workspaceId, id);
            ModelRouting after = validate(model, request);
            ModelRouting before = repository.routing(workspaceId, id);
            if (!repository.replaceRouting(workspaceId, id, after)) {
                throw new NotFoundException("model", id);
            }
            audit.append(entries.routingChanged(model, before, after, actor));
            return repository.routing(workspaceId, id);
        });
    }

    private ModelRouting validate(StoredModel model, Request request) {
        List<String> fallbacks = request == null || request.fallbacks() == null ? List.of() : request.fallbacks();
        List<Weighted> balance = request == null || request.balance() == null ? List.of() : request.balance();
        List<Violation> violations = new ArrayList<>();
        if (fallbacks.size() > ModelRouting.MAX_FALLBACKS) {
            violations.add(Violation.of("fallbacks", "too-many-fallbacks", "a model names at most "
                    + ModelRouting.MAX_FALLBACKS + " fallbacks, got " + fallbacks.size()));
        }
        if (!balance.isEmpty() && (balance.size() < ModelRouting.MIN_BALANCE
                || balance.size() > ModelRouting.MAX_BALANCE)) {
            violations.add(Violation.of("balance", "balance-size", "a balance spreads calls over "
                    + ModelRouting.MIN_BALANCE + " to " + ModelRouting.MAX_BALANCE + " models, got "
                    + balance.size()));
        }
        ModelConfiguration own = models.compiled(served(model));
        List<ModelRouting.Link> fallbackLinks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fallbacks.size() && i < ModelRouting.MAX_FALLBACKS; i++) {
            String field = "fallbacks[" + i + "]";
            ModelRouting.Link link = link(model, own, field, fallbacks.get(i), false, seen, violations);
            if (link != null) {
                fallbackLinks.add(link);
            }
        }
        List<ModelRouting.Link> balanceLinks = new ArrayList<>();
        seen.clear();
        for (int i = 0; i < balance.size() && i < ModelRouting.MAX_BALANCE; i++) {
            Weighted weighted = balance.get(i);
            String field = "balance[" + i + "]";
            if (weighted == null) {
                violations.add(Violation.of(field, "required", field + " must be {\"model\": name, \"weight\": n}"));
                continue;
            }
            Integer weight = weighted.weight();
            boolean weightValid = weight != null && weight >= 1 && weight <= ModelRouting.MAX_WEIGHT;
            if (!weightValid) {
                violations.add(Violation.of(field + ".weight", weight == null ? "required" : "out-of-range",
                        field + ".weight must be a whole number from 1 to " + ModelRouting.MAX_WEIGHT + ", got "
                                + weight));
            }
            ModelRouting.Link link = link(model, own, field + ".model", weighted.model(), true, seen, violations);
            if (link != null && weightValid) {
                balanceLinks.add(new ModelRouting.Link(link.modelId(), link.name(), weight));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new ModelRouting(fallbackLinks, balanceLinks);
    }

    /** The link {@code name} names, or null (with its violation added) when it breaks a rule. */
    private ModelRouting.Link link(StoredModel model, ModelConfiguration own, String field, String name,
                                   boolean selfAllowed, Set<String> seen, List<Violation> violations) {
        if (name == null || name.isBlank()) {
            violations.add(Violation.of(field, "required", field + " must name a model of the workspace"));
            return null;
        }
        StoredModel target = repository.findLive(model.workspaceId(), name)
                .or(() -> repository.findByName(model.workspaceId(), name)).orElse(null);
        if (target == null) {
            violations.add(Violation.of(field, "unknown-model", field + ": the workspace has no model named \""
                    + name + "\""));
            return null;
        }
        if (target.id().equals(model.id()) && !selfAllowed) {
            violations.add(Violation.of(field, "self", field + ": a model cannot be its own fallback"));
            return null;
        }
        if (!seen.add(target.id())) {
            violations.add(Violation.of(field, "duplicate", field + ": \"" + name + "\" is named twice"));
            return null;
        }
        ModelConfiguration other = models.compiled(served(target));
        if (other.api() != own.api()) {
            violations.add(Violation.of(field, "api-mismatch", field + ": \"" + name + "\" is called through "
                    + other.api() + ", this model through " + own.api() + "; a link takes the same request"));
            return null;
        }
        if (own.api() == ModelApi.INVOKE_MODEL) {
            Set<String> given = own.requestTemplate().variables().stream().map(PromptVariable::name)
                    .collect(Collectors.toSet());
            List<String> lacking = other.requestTemplate().variables().stream()
                    .filter(v -> v.required() && v.defaultValue() == null && !given.contains(v.name()))
                    .map(PromptVariable::name).sorted().toList();
            if (!lacking.isEmpty()) {
                violations.add(Violation.of(field, "variables-mismatch", field + ": \"" + name + "\" requires "
                        + "variables this model does not have: " + String.join(", ", lacking)));
                return null;
            }
        }
        return new ModelRouting.Link(target.id(), name, 0);
    }

    /** The revision of {@code model} that agents get: its live one, or its saved one when none is live. */
    private StoredModel served(StoredModel model) {
        if (model.liveRevision() == null || model.liveRevision() == model.revision()) {
            return model;
        }
        return repository.findRevision(model.workspaceId(), model.id(), model.liveRevision())
                .map(ModelRevision::model).orElse(model);
    }

    private StoredModel find(String workspaceId, String id) {
        return repository.find(workspaceId, id).orElseThrow(() -> new NotFoundException("model", id));
    }
}
