package dev.modelgate.pricing;

import dev.modelgate.model.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-demand prices shipped with Modelgate ({@value #RESOURCE}): USD per 1,000,000 tokens per base model ID, for
 * every Region ({@code "region": "*"}) or one Region where AWS prices it differently, each with the {@code source}
 * it was read from and the date ({@code asOf}), for the standard tier or, with {@code "serviceTier": "priority"} or
 * {@code "flex"}, that tier's own price; and the service tiers' factors, which price a tier's calls from the standard
 * price where the tier has no price of its own. Read and checked once at start: a
 * table that breaks a rule fails the start, the message naming the entry and the rule.
 */
public final class ShippedPrices {

    public static final String RESOURCE = "/dev/modelgate/pricing/bedrock-prices.json";
    /** Every Region. */
    public static final String ALL_REGIONS = "*";

    private static final Pattern MODEL_ID = Pattern.compile(
            "[a-z0-9-]{1,63}\\.[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63}){0,2}(:[a-z0-9-]{1,63}){0,2}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    private static final Set<String> ENTRY_FIELDS = Set.of("modelId", "region", "input", "output", "cacheRead",
            "cacheWrite", "perRequest", "serviceTier", "source", "asOf");

    /** One entry of the table. */
    public record Entry(String modelId, String region, RequestOptions.ServiceTier serviceTier, Price price,
                        URI source, LocalDate asOf) {
    }

    private final Map<String, Entry> entries;
    private final Map<RequestOptions.ServiceTier, BigDecimal> tierFactors;

    private ShippedPrices(Map<String, Entry> entries, Map<RequestOptions.ServiceTier, BigDecimal> tierFactors) {
        this.entries = Map.copyOf(entries);
        this.tierFactors = Map.copyOf(tierFactors);
    }

    /** The table shipped in the jar. */
    public static ShippedPrices load(JsonMapper json) {
        try (InputStream in = ShippedPrices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the classpath");
            }
            return parse(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + RESOURCE, e);
        }
    }

    /**
     * Reads a table.
     *
     * @throws IllegalStateException naming the entry and the rule it breaks
     */
    public static ShippedPrices parse(JsonNode root) {
        Map<String, Entry> entries = new HashMap<>();
        JsonNode prices = root.path("prices");
        if (!prices.isArray() || prices.isEmpty()) {
            throw bad("the table", "\"prices\" must be a non-empty array");
        }
        for (int i = 0; i < prices.size(); i++) {
            JsonNode e = prices.get(i);
            String where = "prices[" + i + "]";
            for (String name : e.propertyNames()) {
                if (!ENTRY_FIELDS.contains(name)) {
                    throw bad(where, "unknown field \"" + name + "\"");
                }
            }
            String modelId = text(e, "modelId", where);
            if (!MODEL_ID.matcher(modelId).matches()) {
                throw bad(where, "modelId must be a base model ID, got \"" + modelId + "\"");
            }
            where = where + " (" + modelId + ")";
            String region = text(e, "region", where);
            if (!region.equals(ALL_REGIONS) && !REGION.matcher(region).matches()) {
                throw bad(where, "region must be \"*\" or a Region such as us-east-1, got \"" + region + "\"");
            }
            URI source;
            try {
                source = URI.create(text(e, "source", where));
            } catch (IllegalArgumentException notAUri) {
                throw bad(where, "source must be a URL: " + notAUri.getMessage());
            }
            if (!"https".equals(source.getScheme()) || source.getHost() == null) {
                throw bad(where, "source must be an https URL, got \"" + source + "\"");
            }
            LocalDate asOf;
            try {
                asOf = LocalDate.parse(text(e, "asOf", where));
            } catch (DateTimeParseException notADate) {
                throw bad(where, "asOf must be a date like 2026-12-08, got \"" + e.path("asOf").asString() + "\"");
            }
            RequestOptions.ServiceTier tier = RequestOptions.ServiceTier.DEFAULT;
            if (e.has("serviceTier")) {
                String name = text(e, "serviceTier", where);
                tier = switch (name) {
                    case "priority" -> RequestOptions.ServiceTier.PRIORITY;
                    case "flex" -> RequestOptions.ServiceTier.FLEX;
                    default -> throw bad(where, "serviceTier must be \"priority\" or \"flex\" (absent: the standard "
                            + "price), got \"" + name + "\"");
                };
            }
            Price price = new Price(amount(e, "input", where, true), amount(e, "output", where, true),
                    amount(e, "cacheRead", where, false), amount(e, "cacheWrite", where, false),
                    amount(e, "perRequest", where, false), "shipped " + asOf
                    + (tier == RequestOptions.ServiceTier.DEFAULT ? "" : " " + tier.wire()));
            if (entries.put(key(modelId, region, tier), new Entry(modelId, region, tier, price, source, asOf))
                    != null) {
                throw bad(where, "a second price for " + modelId + " in region " + region
                        + (tier == RequestOptions.ServiceTier.DEFAULT ? "" : " for the " + tier.wire() + " tier"));
            }
        }
        Map<RequestOptions.ServiceTier, BigDecimal> factors = new EnumMap<>(RequestOptions.ServiceTier.class);
        JsonNode tiers = root.path("serviceTiers");
        for (String name : tiers.propertyNames()) {
            String where = "serviceTiers." + name;
            RequestOptions.ServiceTier tier;
            try {
                tier = RequestOptions.ServiceTier.valueOf(name);
            } catch (IllegalArgumentException unknown) {
                throw bad(where, "not a service tier (FLEX, PRIORITY)");
            }
            if (tier == RequestOptions.ServiceTier.DEFAULT) {
                throw bad(where, "the DEFAULT tier is the prices themselves, factor 1");
            }
            BigDecimal factor = amount(tiers.get(name), "factor", where, true);
            if (factor.signum() <= 0 || factor.compareTo(BigDecimal.TEN) > 0) {
                throw bad(where, "factor must be above 0 and at most 10, got " + factor.toPlainString());
            }
            text(tiers.get(name), "source", where);
            factors.put(tier, factor);
        }
        return new ShippedPrices(entries, factors);
    }

    /** The shipped standard price of {@code modelId} in {@code region} (the default tier's). */
    public Optional<Entry> find(String modelId, String region) {
        return find(modelId, region, RequestOptions.ServiceTier.DEFAULT);
    }

    /**
     * The shipped price of {@code modelId} in {@code region} for the {@code tier}'s calls: the Region's own, else the
     * one for every Region; empty when the table has none for that tier (not the standard price scaled: see
     * {@link #tierFactor}).
     */
    public Optional<Entry> find(String modelId, String region, RequestOptions.ServiceTier tier) {
        Entry own = entries.get(key(modelId, region, tier));
        return Optional.ofNullable(own != null ? own : entries.get(key(modelId, ALL_REGIONS, tier)));
    }

    /**
     * The factor a service tier's calls are priced at: 1 for the default tier (and none asked for); empty for a tier
     * whose factor the table does not know (those calls are then unpriced).
     */
    public Optional<BigDecimal> tierFactor(RequestOptions.ServiceTier tier) {
        if (tier == null || tier == RequestOptions.ServiceTier.DEFAULT) {
            return Optional.of(BigDecimal.ONE);
        }
        return Optional.ofNullable(tierFactors.get(tier));
    }

    /** Every entry, for tests and the prices view. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    private static String key(String modelId, String region, RequestOptions.ServiceTier tier) {
        return modelId + "|" + region + "|" + tier;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw bad(where, field + " must be a non-blank string");
        }
        return value.asString();
    }

    private static BigDecimal amount(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw bad(where, field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw bad(where, field + " must be a decimal string such as \"0.25\" (exact, unlike a JSON number)");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value.asString());
        } catch (NumberFormatException notANumber) {
            throw bad(where, field + " must be a decimal such as \"0.25\", got \"" + value.asString() + "\"");
        }
        String problem = Price.problem(amount);
        if (problem != null) {
            throw bad(where, field + " " + problem);
        }
        return amount;
    }

    private static IllegalStateException bad(String where, String rule) {
        return new IllegalStateException("price table " + RESOURCE + ", " + where + ": " + rule);
    }
}
