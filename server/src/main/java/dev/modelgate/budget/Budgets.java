package dev.modelgate.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.modelgate.access.Caller;
import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workspaces' budgets: managed (created, replaced, deleted, each audited), listed with their spending, and
 * checked before each call ({@link #check}).
 *
 * <p>A workspace's budgets are kept in memory for {@link #CACHE_TTL}; a change drops them here at once and on every
 * other instance when the {@link Invalidations} reach it. A workspace without budgets costs a call no query; one with
 * budgets costs one indexed query of the daily rollups per budget that applies to the call.
 */
public final class Budgets {

    /** The largest limit of a TOKENS budget, in tokens. */
    public static final long MAX_LIMIT = 1_000_000_000_000_000L;
    /** The largest limit of a USD budget, in nano-USD: 1,000,000,000 USD. */
    public static final long MAX_USD_LIMIT_NANOS = 1_000_000_000_000_000_000L;
    /** Budgets per workspace. */
    public static final int MAX_PER_WORKSPACE = 100;
    /** How long a workspace's budgets are kept in memory (the safety net behind the invalidations). */
    public static final Duration CACHE_TTL = Duration.ofMinutes(1);
    /** The {@link Invalidations} topic of budgets changed, by workspace id. */
    public static final String INVALIDATION_TOPIC = "budget";

    /**
     * A budget as asked for, not yet checked (strings, so that a wrong value is named as a field and rule).
     *
     * @param scope     WORKSPACE, KEY or MODEL
     * @param keyId     the API key of a KEY budget, else absent
     * @param modelId   the model of a MODEL budget, else absent
     * @param unit      TOKENS or USD
     * @param period    DAY or MONTH
     * @param limit     the hard limit in the unit's terms: whole tokens, 1 to {@value #MAX_LIMIT}; or US dollars with
     *                  at most 9 decimal places, 0.000000001 to 1000000000
     * @param softLimit the soft threshold in the unit's terms alike, above 0 and below {@code limit}, or absent
     */
    public record Draft(String scope, String keyId, String modelId, String unit, String period, BigDecimal limit,
                        BigDecimal softLimit) {
    }

    private final BudgetRepository repository;
    private final AuditLog audit;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Invalidations invalidations;
    private final JsonMapper json = JsonMapper.builder().build();
    private final LoadingCache<String, List<Budget>> byWorkspace;
    /** Budget id to the first day of the period whose soft threshold this instance saw reported. */
    private final Cache<String, Long> warned = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofDays(32)).build();

    public Budgets(BudgetRepository repository, AuditLog audit, TransactionOperations transactions, Clock clock,
                   Invalidations invalidations) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invalidations = Objects.requireNonNull(invalidations, "invalidations");
        this.byWorkspace = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL)
                .build(repository::list);
        invalidations.subscribe(INVALIDATION_TOPIC, workspaceId -> {
            // A budget replaced elsewhere may warn again this period: ask the database again before reporting.
            warned.invalidateAll();
            if (Invalidations.EVERYTHING.equals(workspaceId)) {
                byWorkspace.invalidateAll();
            } else {
                byWorkspace.invalidate(workspaceId);
            }
        });
    }

    /** The workspace's budgets with their spending now, oldest first. */
    public List<BudgetStatus> list(String workspaceId) {
        Instant now = clock.instant();
        return repository.list(workspaceId).stream().map(b -> status(b, now)).toList();
    }

    /** The workspace's budget of that id with its spending now; another workspace's is as absent as none. */
    public Optional<BudgetStatus> find(String workspaceId, String id) {
        return repository.find(workspaceId, id).map(b -> status(b, clock.instant()));
    }

    /**
     * Creates a budget, audited as {@code BUDGET_CREATED}.
     *
     * @throws InvalidInputException naming {@code scope}, {@code keyId}, {@code modelId}, {@code unit},
     *                               {@code period}, {@code limit} or {@code softLimit}, or {@code scope} with rule
     *                               {@code max-budgets} when the workspace has {@value #MAX_PER_WORKSPACE}
     */
    public BudgetStatus create(String workspaceId, Draft draft, String actor) {
        Instant now = clock.instant();
        Budget checked = check(workspaceId, UUID.randomUUID().toString(), draft, now, actor, now, actor);
        if (repository.count(workspaceId) >= MAX_PER_WORKSPACE) {
            throw new InvalidInputException(Violation.of("scope", "max-budgets", "the workspace has "
                    + MAX_PER_WORKSPACE + " budgets, the most allowed; delete one first"));
        }
        transactions.executeWithoutResult(tx -> {
            repository.insert(checked);
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.BUDGET_CREATED, "BUDGET", checked.id(),
                    null, details(checked)));
        });
        changed(workspaceId);
        return status(checked, now);
    }

    /**
     * Replaces a budget's scope, target, unit, period and limits (the same rules as {@link #create}), audited as
     * {@code BUDGET_UPDATED} with the budget {@code before} and {@code after}; its soft threshold may warn again.
     *
     * @return the budget as it is now; empty when the workspace has no budget of that id
     */
    public Optional<BudgetStatus> update(String workspaceId, String id, Draft draft, String actor) {
        Optional<Budget> found = repository.find(workspaceId, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Budget before = found.get();
        Instant now = clock.instant();
        Budget after = check(workspaceId, id, draft, before.createdAt(), before.createdBy(), now, actor);
        boolean updated = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!repository.update(after)) {
                return false;
            }
            ObjectNode details = json.createObjectNode();
            details.set("before", details(before));
            details.set("after", details(after));
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.BUDGET_UPDATED, "BUDGET", id, null,
                    details));
            return true;
        }));
        if (!updated) {
            return Optional.empty();
        }
        changed(workspaceId);
        return Optional.of(status(after, now));
    }

    /** Deletes a budget, audited as {@code BUDGET_DELETED}; answers whether the workspace had it. */
    public boolean delete(String workspaceId, String id, String actor) {
        Optional<Budget> found = repository.find(workspaceId, id);
        if (found.isEmpty()) {
            return false;
        }
        boolean deleted = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!repository.delete(workspaceId, id)) {
                return false;
            }
            audit.append(new AuditEntry(workspaceId, actor, AuditAction.BUDGET_DELETED, "BUDGET", id, null,
                    details(found.get())));
            return true;
        }));
        changed(workspaceId);
        return deleted;
    }

    /**
     * Checks the budgets that apply to a call of the model {@code modelId} by {@code caller} in
     * {@code workspaceId}: the workspace's, the caller's if it is an API key, the model's. The first whose hard limit
     * is reached refuses the call, broadest first (WORKSPACE, KEY, MODEL): a refusal of scope MODEL means that only
     * the model's own budget stands in the way, so another model may be tried. A soft threshold reached for the first
     * time in its period is audited as {@code BUDGET_THRESHOLD_REACHED}, by exactly one instance.
     *
     * @param caller  who calls; null counts only WORKSPACE and MODEL budgets
     * @param modelId the model's id; null counts only WORKSPACE and KEY budgets
     * @return the applying budgets whose soft threshold is reached (empty for most calls)
     * @throws BudgetExceededException when a hard limit is reached
     */
    public List<BudgetStatus> check(String workspaceId, Caller caller, String modelId) {
        List<Budget> budgets = byWorkspace.get(workspaceId);
        if (budgets.isEmpty()) {
            return List.of();
        }
        String keyId = caller != null && caller.kind() == Caller.Kind.KEY ? caller.id() : null;
        Instant now = clock.instant();
        List<BudgetStatus> statuses = budgets.stream().filter(b -> b.applies(keyId, modelId))
                .sorted(Comparator.comparing(Budget::scope)).map(b -> status(b, now)).toList();
        return settle(statuses, now);
    }

    /** Throws the first spent of {@code statuses}; else answers (and reports) those past their soft threshold. */
    private List<BudgetStatus> settle(List<BudgetStatus> statuses, Instant now) {
        for (BudgetStatus status : statuses) {
            if (status.exceeded()) {
                throw new BudgetExceededException(status, now);
            }
        }
        List<BudgetStatus> warnings = new ArrayList<>();
        for (BudgetStatus status : statuses) {
            if (status.warning()) {
                warnings.add(status);
                reportThreshold(status, now);
            }
        }
        return warnings;
    }

    /**
     * Checks the MODEL budgets of {@code modelId} alone, as each link of a routed call is checked before it is called
     * (a model over its budget is skipped and its fallback tried); the workspace's and key's budgets are
     * {@link #check}ed once per call.
     *
     * @return the model's budgets past their soft threshold (each reported once per period)
     * @throws BudgetExceededException when one of them is spent
     */
    public List<BudgetStatus> checkModel(String workspaceId, String modelId) {
        List<Budget> budgets = byWorkspace.get(workspaceId);
        if (budgets.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<BudgetStatus> statuses = budgets.stream()
                .filter(b -> b.scope() == BudgetScope.MODEL && b.applies(null, modelId))
                .map(b -> status(b, now)).toList();
        return settle(statuses, now);
    }

    /** Audits a soft threshold once per period: this instance asks the database once, and one instance wins. */
    private void reportThreshold(BudgetStatus status, Instant now) {
        Budget budget = status.budget();
        LocalDate start = budget.period().start(now);
        Long seen = warned.getIfPresent(budget.id());
        if (seen != null && seen == start.toEpochDay()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            if (repository.markWarned(budget.workspaceId(), budget.id(), start)) {
                ObjectNode details = details(budget).putRawValue("spent", budget.unit().json(status.spent()))
                        .put("periodStart", start.toString()).put("resetsAt", status.resetsAt().toString());
                audit.append(new AuditEntry(budget.workspaceId(), "modelgate", AuditAction.BUDGET_THRESHOLD_REACHED,
                        "BUDGET", budget.id(), null, details));
            }
        });
        warned.put(budget.id(), start.toEpochDay());
    }

    private BudgetStatus status(Budget budget, Instant now) {
        return new BudgetStatus(budget, repository.spent(budget, budget.period().start(now), budget.period().end(now)),
                budget.period().resetsAt(now));
    }

    private void changed(String workspaceId) {
        invalidations.publish(INVALIDATION_TOPIC, workspaceId);
    }

    private ObjectNode details(Budget budget) {
        ObjectNode details = json.createObjectNode().put("scope", budget.scope().name());
        details.put("keyId", budget.keyId()).put("modelId", budget.modelId()).put("unit", budget.unit().name())
                .put("period", budget.period().name()).putRawValue("limit", budget.unit().json(budget.limit()));
        if (budget.softLimit() == null) {
            details.putNull("softLimit");
        } else {
            details.putRawValue("softLimit", budget.unit().json(budget.softLimit()));
        }
        return details;
    }

    private Budget check(String workspaceId, String id, Draft draft, Instant createdAt, String createdBy,
                         Instant updatedAt, String updatedBy) {
        List<Violation> violations = new ArrayList<>();
        if (draft == null) {
            throw new InvalidInputException(Violation.of("scope", "budget-scope",
                    "scope must be WORKSPACE, KEY or MODEL"));
        }
        BudgetScope scope = parse(BudgetScope.class, draft.scope());
        if (scope == null) {
            violations.add(Violation.of("scope", "budget-scope", "scope must be WORKSPACE, KEY or MODEL, got "
                    + quoted(draft.scope())));
        }
        String target = "";
        if (scope == BudgetScope.KEY) {
            if (draft.keyId() == null || !repository.keyExists(workspaceId, draft.keyId())) {
                violations.add(Violation.of("keyId", "budget-key", "keyId must name an API key of the workspace, "
                        + "got " + quoted(draft.keyId())));
            } else {
                target = draft.keyId();
            }
        } else if (draft.keyId() != null) {
            violations.add(Violation.of("keyId", "budget-target", "keyId is only for a budget of scope KEY"));
        }
        if (scope == BudgetScope.MODEL) {
            if (draft.modelId() == null || !repository.modelExists(workspaceId, draft.modelId())) {
                violations.add(Violation.of("modelId", "budget-model", "modelId must name a model of the workspace, "
                        + "got " + quoted(draft.modelId())));
            } else {
                target = draft.modelId();
            }
        } else if (draft.modelId() != null) {
            violations.add(Violation.of("modelId", "budget-target", "modelId is only for a budget of scope MODEL"));
        }
        BudgetUnit unit = parse(BudgetUnit.class, draft.unit());
        if (unit == null) {
            violations.add(Violation.of("unit", "budget-unit", "unit must be TOKENS or USD, got "
                    + quoted(draft.unit())));
        }
        BudgetPeriod period = parse(BudgetPeriod.class, draft.period());
        if (period == null) {
            violations.add(Violation.of("period", "budget-period", "period must be DAY or MONTH, got "
                    + quoted(draft.period())));
        }
        // Amounts are checked in the unit's base units; an unknown unit is named above and its amounts are not.
        BudgetUnit in = unit == null ? BudgetUnit.TOKENS : unit;
        BigDecimal limit = draft.limit() == null ? null : in.toBase(draft.limit());
        if (limit == null || limit.compareTo(BigDecimal.ONE) < 0
                || limit.compareTo(BigDecimal.valueOf(in.maxLimit())) > 0) {
            violations.add(Violation.of("limit", "budget-limit", "limit must be " + in.format(1) + " to "
                    + in.format(in.maxLimit()) + ", got " + draft.limit()));
        } else if (unit != null && !whole(limit)) {
            violations.add(decimals("limit", unit, draft.limit()));
            limit = null;
        }
        BigDecimal soft = draft.softLimit() == null ? null : in.toBase(draft.softLimit());
        if (soft != null && (soft.compareTo(BigDecimal.ONE) < 0 || (limit != null && soft.compareTo(limit) >= 0))) {
            violations.add(Violation.of("softLimit", "budget-soft-limit", "softLimit must be at least "
                    + in.format(1) + " and below limit (" + draft.limit() + "), got " + draft.softLimit()));
        } else if (soft != null && unit != null && !whole(soft)) {
            violations.add(decimals("softLimit", unit, draft.softLimit()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new Budget(id, workspaceId, scope, target, unit, period, limit.longValueExact(),
                soft == null ? null : soft.longValueExact(), createdAt, createdBy, updatedAt, updatedBy);
    }

    /** Whether an amount in base units has no fraction of a base unit left. */
    private static boolean whole(BigDecimal base) {
        return base.signum() == 0 || base.stripTrailingZeros().scale() <= 0;
    }

    private static Violation decimals(String field, BudgetUnit unit, BigDecimal amount) {
        return Violation.of(field, "budget-decimals", unit.decimals() == 0
                ? field + " must be a whole number of tokens, got " + amount
                : field + " must have at most " + unit.decimals() + " decimal places in " + unit.label() + ", got "
                        + amount);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return null;
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : dev.modelgate.validation.Quoted.of(value);
    }
}
