package dev.modelgate.web;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.Region;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.model.RequestOptions.ServiceTier;
import dev.modelgate.pricing.Price;
import dev.modelgate.pricing.PriceBook;
import dev.modelgate.pricing.PriceOverride;
import dev.modelgate.pricing.ShippedPrices;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.workspace.WorkspaceRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prices. Amounts are USD per 1,000,000 tokens, as decimal strings ({@code "0.25"}, at most 6 decimals, 0 to
 * 1,000,000); {@code region} is a Region or {@code "*"} (every Region); {@code serviceTier} the tier whose calls the
 * price is for: {@code "default"} (the standard price), {@code "priority"} or {@code "flex"}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/prices} (workspace members): the prices in effect for the workspace's calls: each shipped
 *       price and each override that applies to it (the platform's and the workspace's own, never another
 *       workspace's), each tier's apart, as {@code {"prices": [{"modelId", "region", "serviceTier", "input",
 *       "output", "cacheRead", "cacheWrite", "perRequest", "level", "ref", "source", "asOf"}]}}; {@code level} is
 *       {@code WORKSPACE}, {@code PLATFORM} or {@code SHIPPED}, {@code source} and {@code asOf} those of a shipped
 *       price (else null).</li>
 *   <li>{@code GET /api/v1/operator/prices} (operators): the overrides in effect, every workspace's:
 *       {@code {"overrides": [<override>]}}, an override being {@code {"id", "workspaceId", "modelId", "region",
 *       "serviceTier", "input", "output", "cacheRead", "cacheWrite", "perRequest", "removed", "effectiveAt",
 *       "createdBy"}}.</li>
 *   <li>{@code PUT /api/v1/operator/prices} {@code {"workspaceId" (null: platform-wide), "modelId", "region",
 *       "serviceTier" (optional, {@code "default"} when absent), "input", "output", "cacheRead", "cacheWrite",
 *       "perRequest"}} (the cache prices optional: without one, calls that read or write the prompt cache are
 *       unpriced; {@code perRequest}, USD per call, optional): a new version from now on; calls made before keep the
 *       cost they had. Answers the override. Rules: {@code required}, {@code base-model-id}, {@code region},
 *       {@code one-of} (the tier), {@code decimal}, {@code out-of-range}, {@code unknown-workspace},
 *       {@code too-many} (at most {@value PriceBook#MAX_VERSIONS} versions in all).</li>
 *   <li>{@code DELETE /api/v1/operator/prices?modelId=&region=[&workspaceId=][&serviceTier=]}: removes that tier's
 *       override from now on (a version too); 404 when none is in effect. Answers the removal's version.</li>
 * </ul>
 * Each change is audited as {@code SETTINGS_CHANGED} (resource type {@code PRICE_OVERRIDE}; the workspace's own
 * event for a workspace override, a platform event otherwise), with the price before and after.
 */
@RestController
public class PricesController {

    static final Pattern BASE_MODEL_ID = Pattern.compile(
            "[a-z0-9-]{1,63}\\.[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63}){0,2}(:[a-z0-9-]{1,63}){0,2}");

    record PriceView(String modelId, String region, String serviceTier, String input, String output, String cacheRead,
                     String cacheWrite, String perRequest, String level, String ref, String source, LocalDate asOf) {
    }

    record PriceList(List<PriceView> prices) {
    }

    record OverrideView(long id, String workspaceId, String modelId, String region, String serviceTier,
                        String input, String output, String cacheRead, String cacheWrite, String perRequest,
                        boolean removed, Instant effectiveAt, String createdBy) {

        static OverrideView of(PriceOverride o) {
            Price p = o.price();
            return new OverrideView(o.id(), o.workspaceId(), o.baseModelId(), o.region(), o.serviceTier().wire(),
                    p == null ? null : plain(p.input()), p == null ? null : plain(p.output()),
                    p == null ? null : plain(p.cacheRead()), p == null ? null : plain(p.cacheWrite()),
                    p == null ? null : plain(p.perRequest()), p == null,
                    o.effectiveAt(), o.createdBy());
        }
    }

    record OverrideList(List<OverrideView> overrides) {
    }

    record NewOverride(String workspaceId, String modelId, String region, String serviceTier, String input,
                       String output, String cacheRead, String cacheWrite, String perRequest) {
    }

    private final PriceBook prices;
    private final WorkspaceContext context;
    private final WorkspaceRepository workspaces;
    private final AuditLog audit;
    private final JsonMapper json;
    private final java.time.Clock clock;

    public PricesController(PriceBook prices, WorkspaceContext context, WorkspaceRepository workspaces,
                            AuditLog audit, JsonMapper json, java.time.Clock clock) {
        this.clock = clock;
        this.prices = prices;
        this.context = context;
        this.workspaces = workspaces;
        this.audit = audit;
        this.json = json;
    }

    @GetMapping(path = "/api/v1/prices", produces = "application/json")
    PriceList inEffect() {
        String workspaceId = context.current().id();
        Set<List<String>> keys = new LinkedHashSet<>();
        for (ShippedPrices.Entry e : prices.shipped().entries()) {
            keys.add(List.of(e.modelId(), e.region(), e.serviceTier().name()));
        }
        for (PriceOverride o : prices.current(workspaceId, false)) {
            keys.add(List.of(o.baseModelId(), o.region(), o.serviceTier().name()));
        }
        Instant now = clock.instant();
        List<PriceView> views = new ArrayList<>();
        for (List<String> key : keys) {
            ServiceTier tier = ServiceTier.valueOf(key.get(2));
            prices.price(workspaceId, key.get(0), key.get(1), tier, now).ifPresent(p -> {
                Optional<ShippedPrices.Entry> shipped = p.level().equals("SHIPPED")
                        ? prices.shipped().find(key.get(0), key.get(1), tier) : Optional.empty();
                views.add(new PriceView(key.get(0), key.get(1), tier.wire(), plain(p.price().input()),
                        plain(p.price().output()),
                        plain(p.price().cacheRead()), plain(p.price().cacheWrite()), plain(p.price().perRequest()),
                        p.level(), p.price().ref(),
                        shipped.map(e -> e.source().toString()).orElse(null), shipped.map(ShippedPrices.Entry::asOf)
                        .orElse(null)));
            });
        }
        views.sort(Comparator.comparing(PriceView::modelId).thenComparing(PriceView::region)
                .thenComparing(v -> ServiceTier.valueOf(v.serviceTier().toUpperCase(Locale.ROOT))));
        return new PriceList(views);
    }

    @GetMapping(path = "/api/v1/operator/prices", produces = "application/json")
    OverrideList overrides() {
        return new OverrideList(prices.current(null, true).stream().map(OverrideView::of).toList());
    }

    @PutMapping(path = "/api/v1/operator/prices", consumes = "application/json", produces = "application/json")
    OverrideView set(@RequestBody NewOverride body) {
        List<Violation> violations = new ArrayList<>();
        ServiceTier tier = scope(body.workspaceId(), body.modelId(), body.region(), body.serviceTier(), violations);
        BigDecimal input = amount("input", body.input(), true, violations);
        BigDecimal output = amount("output", body.output(), true, violations);
        BigDecimal cacheRead = amount("cacheRead", body.cacheRead(), false, violations);
        BigDecimal cacheWrite = amount("cacheWrite", body.cacheWrite(), false, violations);
        BigDecimal perRequest = amount("perRequest", body.perRequest(), false, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Price price = new Price(input, output, cacheRead, cacheWrite, perRequest, "new");
        return OverrideView.of(change(body.workspaceId(), body.modelId(), body.region(), tier, price));
    }

    @DeleteMapping(path = "/api/v1/operator/prices", produces = "application/json")
    OverrideView remove(@RequestParam(required = false) String workspaceId,
                        @RequestParam(required = false) String modelId,
                        @RequestParam(required = false) String region,
                        @RequestParam(required = false) String serviceTier) {
        List<Violation> violations = new ArrayList<>();
        ServiceTier tier = scope(workspaceId, modelId, region, serviceTier, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (current(workspaceId, modelId, region, tier).isEmpty()) {
            throw new NotFoundException("no " + tier.wire() + " price override of " + modelId + " in region "
                    + region + (workspaceId == null ? " for the platform" : " for workspace " + workspaceId));
        }
        return OverrideView.of(change(workspaceId, modelId, region, tier, null));
    }

    /** The override in effect now for exactly this scope. */
    private Optional<PriceOverride> current(String workspaceId, String modelId, String region, ServiceTier tier) {
        return prices.current(workspaceId, true).stream()
                .filter(o -> o.baseModelId().equals(modelId) && o.region().equals(region)
                        && o.serviceTier() == tier && java.util.Objects.equals(o.workspaceId(), workspaceId))
                .findFirst();
    }

    private PriceOverride change(String workspaceId, String modelId, String region, ServiceTier tier, Price price) {
        Optional<PriceOverride> before = current(workspaceId, modelId, region, tier);
        PriceOverride version;
        try {
            version = prices.set(workspaceId, modelId, region, tier, price, context.actor());
        } catch (IllegalStateException full) {
            throw new InvalidInputException(List.of(Violation.of("modelId", "too-many", full.getMessage())));
        }
        ObjectNode details = json.createObjectNode().put("modelId", modelId).put("region", region)
                .put("serviceTier", tier.wire()).put("workspaceId", workspaceId).put("version", version.id());
        details.set("before", before.map(o -> (tools.jackson.databind.JsonNode) json.valueToTree(OverrideView.of(o)))
                .orElse(json.getNodeFactory().nullNode()));
        details.set("after", price == null ? json.getNodeFactory().nullNode()
                : json.valueToTree(OverrideView.of(version)));
        audit.append(new AuditEntry(workspaceId, context.actor(), AuditAction.SETTINGS_CHANGED, "PRICE_OVERRIDE",
                String.valueOf(version.id()), modelId, details));
        return version;
    }

    /** Checks the scope; answers the tier ({@code DEFAULT} when {@code serviceTier} is absent or not a tier). */
    private ServiceTier scope(String workspaceId, String modelId, String region, String serviceTier,
                              List<Violation> violations) {
        if (workspaceId != null && (workspaceId.length() > 36 || workspaces.find(workspaceId).isEmpty())) {
            violations.add(Violation.of("workspaceId", "unknown-workspace", "workspaceId must name a workspace, or "
                    + "be null for a platform-wide price; got " + Quoted.of(workspaceId)));
        }
        if (modelId == null) {
            violations.add(Violation.of("modelId", "required", "modelId (a base model ID such as "
                    + "anthropic.claude-3-haiku-20240307-v1:0) is required"));
        } else if (modelId.length() > 200 || !BASE_MODEL_ID.matcher(modelId).matches()) {
            violations.add(Violation.of("modelId", "base-model-id", "modelId must be a base model ID such as "
                    + "anthropic.claude-3-haiku-20240307-v1:0, got " + Quoted.of(modelId)));
        }
        if (region == null) {
            violations.add(Violation.of("region", "required", "region (a Region such as us-east-1, or \"*\" for "
                    + "every Region) is required"));
        } else if (!region.equals(ShippedPrices.ALL_REGIONS) && Region.find(region).isEmpty()) {
            violations.add(Violation.of("region", "region", "region must be a Region such as us-east-1, or \"*\" "
                    + "for every Region, got " + Quoted.of(region)));
        }
        if (serviceTier == null) {
            return ServiceTier.DEFAULT;
        }
        for (ServiceTier tier : ServiceTier.values()) {
            if (tier.wire().equals(serviceTier)) {
                return tier;
            }
        }
        violations.add(Violation.of("serviceTier", "one-of", "serviceTier must be one of \"default\", \"priority\" "
                + "or \"flex\" (absent: \"default\", the standard price), got " + Quoted.of(serviceTier)));
        return ServiceTier.DEFAULT;
    }

    private static BigDecimal amount(String field, String value, boolean required, List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(Violation.of(field, "required", field + " (USD per 1,000,000 tokens, a decimal "
                        + "string such as \"0.25\") is required"));
            }
            return null;
        }
        BigDecimal amount;
        try {
            amount = value.length() > 40 ? null : new BigDecimal(value);
        } catch (NumberFormatException notADecimal) {
            amount = null;
        }
        if (amount == null) {
            violations.add(Violation.of(field, "decimal", field + " must be a decimal string such as \"0.25\", got "
                    + Quoted.of(value)));
            return null;
        }
        String problem = Price.problem(amount);
        if (problem != null) {
            violations.add(Violation.of(field, "out-of-range", field + " " + problem));
            return null;
        }
        return amount;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
