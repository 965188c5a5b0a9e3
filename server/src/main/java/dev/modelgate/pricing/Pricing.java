package dev.modelgate.pricing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.catalog.InferenceProfile;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelReference;
import dev.modelgate.model.ModelRepository;
import dev.modelgate.model.ModelRevision;
import dev.modelgate.model.RequestOptions;
import dev.modelgate.usage.PricingMode;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices a call from what its model's revision says (its reference as {@code ModelReferenceParser} parsed it, its
 * Region and service tier) and the prices in effect when it was made ({@link PriceBook}):
 * <ul>
 *   <li>a base model (ID or ARN) is priced as itself in the model's Region;</li>
 *   <li>a system (cross-Region) inference profile as its base model in the model's Region, the Region the request is
 *       sent to (AWS prices cross-Region inference at the source Region's price);</li>
 *   <li>an application inference profile as the base model it routes to, which {@code GetInferenceProfile} through
 *       the tenant's role says (once per revision: see {@link #subject});</li>
 *   <li>a Provisioned Throughput (ID or ARN) is {@link PricingMode#PROVISIONED}: billed per model unit and hour;</li>
 *   <li>anything else (custom, imported and Marketplace models) is {@link PricingMode#UNPRICED}, as is a call whose
 *       token counts are unknown and a model without a price in effect.</li>
 * </ul>
 * A call of the priority or flex tier is priced at that tier's own price in effect (an operator's override or the
 * shipped table's, found as the standard price is); where the tier has none, at the standard price times the tier's
 * shipped factor ({@link ShippedPrices#tierFactor}); where the table has no factor either, it is unpriced.
 * What a revision is priced as never changes with time (a revision is never edited), so it is worked out once and
 * kept ({@link #MAX_SUBJECTS}, least recently used going first; a failed profile lookup for
 * {@link #FAILED_LOOKUP_TTL} only); pricing a call is then a lookup in memory.
 */
public final class Pricing {

    /** The most revisions whose pricing subject is kept. */
    public static final long MAX_SUBJECTS = 10_000;
    /** How long an application profile that could not be looked up stays unpriced before it is looked up again. */
    public static final Duration FAILED_LOOKUP_TTL = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);

    /** What a revision is priced as: a base model in a Region at a tier, or a mode without a price. */
    public record Subject(PricingMode mode, String baseModelId, String region, RequestOptions.ServiceTier tier) {

        static Subject unpriced() {
            return new Subject(PricingMode.UNPRICED, null, null, null);
        }
    }

    private record RevisionKey(String workspaceId, String modelId, long revision) {
    }

    private record Keyed(Subject subject, boolean failedLookup) {
    }

    private final PriceBook prices;
    private final ModelRepository models;
    private final ExternalModels externalModels;
    private final WorkspaceRepository workspaces;
    private final BedrockCatalogs catalogs;
    private final Cache<RevisionKey, Keyed> subjects;
    private final Cache<RevisionKey, Keyed> failed;

    public Pricing(PriceBook prices, ModelRepository models, ExternalModels externalModels,
                   WorkspaceRepository workspaces, BedrockCatalogs catalogs) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.models = Objects.requireNonNull(models, "models");
        this.externalModels = Objects.requireNonNull(externalModels, "externalModels");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
        this.subjects = Caffeine.newBuilder().maximumSize(MAX_SUBJECTS).build();
        this.failed = Caffeine.newBuilder().maximumSize(MAX_SUBJECTS).expireAfterWrite(FAILED_LOOKUP_TTL).build();
    }

    public PriceBook prices() {
        return prices;
    }

    /**
     * {@code record} with its cost: unchanged when it is priced already or names no saved model's revision (a Test of
     * an unsaved draft is {@link PricingMode#UNPRICED}). Never throws for a record it cannot price.
     */
    public UsageRecord price(UsageRecord record) {
        if (record.pricing() != null) {
            return record;
        }
        Subject subject;
        try {
            subject = record.modelId() == null || record.revision() == null ? Subject.unpriced()
                    : subject(record.workspaceId(), record.modelId(), record.revision());
        } catch (RuntimeException e) {
            LOG.warn("cannot tell how model {} revision {} is priced: {}", record.modelId(), record.revision(),
                    e.toString());
            subject = Subject.unpriced();
        }
        return price(record, subject);
    }

    /** {@code record} priced as {@code subject}, with the prices in effect when it was made. */
    public UsageRecord price(UsageRecord record, Subject subject) {
        if (subject.mode() != PricingMode.ON_DEMAND) {
            return record.withCost(subject.mode(), null, null);
        }
        RequestOptions.ServiceTier tier = subject.tier() == null ? RequestOptions.ServiceTier.DEFAULT
                : subject.tier();
        Optional<PriceBook.InEffect> price = prices.price(record.workspaceId(), subject.baseModelId(),
                subject.region(), tier, record.occurredAt());
        BigDecimal factor = BigDecimal.ONE;
        if (price.isEmpty() && tier != RequestOptions.ServiceTier.DEFAULT) {
            Optional<BigDecimal> tierFactor = prices.shipped().tierFactor(tier);
            if (tierFactor.isEmpty()) {
                return record.withCost(PricingMode.UNPRICED, null, null);
            }
            factor = tierFactor.get();
            price = prices.price(record.workspaceId(), subject.baseModelId(), subject.region(),
                    RequestOptions.ServiceTier.DEFAULT, record.occurredAt());
        }
        if (price.isEmpty()) {
            return record.withCost(PricingMode.UNPRICED, null, null);
        }
        Long nanos = price.get().price().costNanos(record, factor);
        if (nanos == null) {
            return record.withCost(PricingMode.UNPRICED, null, null);
        }
        String ref = price.get().price().ref() + (factor.compareTo(BigDecimal.ONE) == 0 ? ""
                : " " + tier.wire() + " x" + factor.toPlainString());
        return record.withCost(PricingMode.ON_DEMAND, nanos, ref);
    }

    /** What {@code revision} of the model is priced as; worked out once per revision (see the class). */
    public Subject subject(String workspaceId, String modelId, long revision) {
        RevisionKey key = new RevisionKey(workspaceId, modelId, revision);
        Keyed kept = subjects.getIfPresent(key);
        if (kept == null) {
            kept = failed.getIfPresent(key);
        }
        if (kept == null) {
            try {
                kept = resolve(key);
            } catch (RuntimeException e) {
                // The database failing: asked again after FAILED_LOOKUP_TTL, not on every call meanwhile.
                LOG.warn("cannot read model {} revision {} to price its calls: {}", modelId, revision, e.toString());
                kept = new Keyed(Subject.unpriced(), true);
            }
            (kept.failedLookup() ? failed : subjects).put(key, kept);
        }
        return kept.subject();
    }

    /** What a model configuration is priced as, its application profile looked up now. */
    public Subject subject(String workspaceId, ModelConfiguration configuration) {
        return subjectOf(workspaceId, configuration).subject();
    }

    private Keyed resolve(RevisionKey key) {
        Optional<ModelRevision> revision = models.findRevision(key.workspaceId(), key.modelId(), key.revision());
        if (revision.isEmpty()) {
            return new Keyed(Subject.unpriced(), false);
        }
        return subjectOf(key.workspaceId(), externalModels.compiled(revision.get().model()));
    }

    private Keyed subjectOf(String workspaceId, ModelConfiguration configuration) {
        ModelReference reference = configuration.modelReference();
        Region region = configuration.region();
        RequestOptions.ServiceTier tier = configuration.options() == null ? null
                : configuration.options().serviceTier();
        return switch (reference.kind()) {
            case FOUNDATION_MODEL_ID, FOUNDATION_MODEL_ARN, INFERENCE_PROFILE_ID, INFERENCE_PROFILE_ARN ->
                    reference.baseModelId() == null ? new Keyed(Subject.unpriced(), false)
                            : new Keyed(new Subject(PricingMode.ON_DEMAND, reference.baseModelId(), region.id(), tier),
                                    false);
            case PROVISIONED_MODEL_ID, PROVISIONED_MODEL_ARN ->
                    new Keyed(new Subject(PricingMode.PROVISIONED, null, null, null), false);
            case APPLICATION_INFERENCE_PROFILE_ARN -> applicationProfile(workspaceId, configuration, tier);
            default -> new Keyed(Subject.unpriced(), false);
        };
    }

    /** The base model an application profile routes to, by {@code GetInferenceProfile} through the tenant's role. */
    private Keyed applicationProfile(String workspaceId, ModelConfiguration configuration,
                                     RequestOptions.ServiceTier tier) {
        try {
            Workspace workspace = workspaces.find(workspaceId).orElse(null);
            if (workspace == null) {
                return new Keyed(Subject.unpriced(), false);
            }
            SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                    configuration.stsEndpoint());
            Optional<InferenceProfile> profile = catalogs.inferenceProfile(key, workspaceId, configuration.region(),
                    configuration.modelReference().raw());
            Optional<String> base = profile.flatMap(Pricing::baseModel);
            return base.map(id -> new Keyed(new Subject(PricingMode.ON_DEMAND, id, configuration.region().id(), tier),
                    false)).orElseGet(() -> new Keyed(Subject.unpriced(), profile.isEmpty()));
        } catch (RuntimeException e) {
            LOG.warn("GetInferenceProfile failed for an application inference profile of workspace {}: {}",
                    workspaceId, e.toString());
            return new Keyed(Subject.unpriced(), true);
        }
    }

    /** The foundation model every ARN of the profile names, if they all name one. */
    static Optional<String> baseModel(InferenceProfile profile) {
        String found = null;
        for (String arn : profile.modelArns()) {
            int at = arn.indexOf(":foundation-model/");
            if (at < 0) {
                return Optional.empty();
            }
            String id = arn.substring(at + ":foundation-model/".length());
            if (found != null && !found.equals(id)) {
                return Optional.empty();
            }
            found = id;
        }
        return Optional.ofNullable(found);
    }
}
