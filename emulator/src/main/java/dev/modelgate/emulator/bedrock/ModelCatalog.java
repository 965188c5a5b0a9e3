package dev.modelgate.emulator.bedrock;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Everything Bedrock knows about models, immutable: foundation models and their Regions, system-defined inference
 * profiles by geography, and resources owned by accounts. {@link #resolve} turns a runtime {@code {modelId}} into the
 * model that serves it and the ARNs IAM must allow; {@link ControlPlane} answers the listing APIs from it.
 *
 * <p>The built-in world is {@link #defaultCatalog()}, read from {@code catalog.yaml} beside this class.
 */
public final class ModelCatalog {

    private static final String DEFAULT_RESOURCE = "catalog.yaml";

    private final List<Geography> geographies;
    private final Map<String, Geography> geographiesByPrefix;
    private final List<FoundationModel> models;
    private final Map<String, FoundationModel> modelsById;
    private final List<InferenceProfile> profiles;
    private final Map<String, InferenceProfile> profilesById;
    private final List<AccountResource> resources;
    private final Map<String, AccountResource> resourcesByArn;
    private final ModelResolver resolver;

    /** @throws IllegalArgumentException when the parts break an invariant (see {@link CatalogInvariants}) */
    ModelCatalog(List<Geography> geographies, List<FoundationModel> models, List<InferenceProfile> profiles,
                 List<AccountResource> resources) {
        CatalogInvariants.check(geographies, models, profiles, resources);
        this.geographies = List.copyOf(geographies);
        this.models = List.copyOf(models);
        this.profiles = List.copyOf(profiles);
        this.resources = List.copyOf(resources);
        this.geographiesByPrefix = index(geographies, Geography::prefix);
        this.modelsById = index(models, FoundationModel::modelId);
        this.profilesById = index(profiles, InferenceProfile::id);
        this.resourcesByArn = index(resources, AccountResource::arn);
        this.resolver = new ModelResolver(this);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), item));
        return Map.copyOf(map);
    }

    /** The built-in catalogue ({@code catalog.yaml}), loaded once. */
    public static ModelCatalog defaultCatalog() {
        return Default.CATALOG;
    }

    private static final class Default {
        static final ModelCatalog CATALOG = load(Objects.requireNonNull(
                ModelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE), "missing resource " + DEFAULT_RESOURCE));
    }

    /**
     * Reads a catalogue document in the format of the built-in {@code catalog.yaml}; closes the stream.
     *
     * @throws IllegalArgumentException naming the offending entry when the document is malformed or inconsistent
     */
    public static ModelCatalog load(InputStream yaml) {
        return CatalogLoader.load(Objects.requireNonNull(yaml, "yaml"));
    }

    /**
     * Resolves the {@code {modelId}} of a runtime call (already percent-decoded) made in {@code region} by
     * {@code callerAccount}; see {@link ModelResolver} for the rules and AWS's answers to each failure.
     *
     * @throws BedrockException ValidationException or AccessDeniedException as AWS would answer
     * @throws IllegalArgumentException when region or account are malformed (a caller bug, not a client error)
     */
    public ResolvedModel resolve(String modelId, String region, String callerAccount, Operation operation) {
        return resolver.resolve(Objects.requireNonNull(modelId, "modelId"), requireRegion(region),
                requireAccount(callerAccount), Objects.requireNonNull(operation, "operation"));
    }

    static String requireRegion(String region) {
        if (region == null || !FoundationModel.REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like us-east-1, got \"" + region + "\"");
        }
        return region;
    }

    static String requireAccount(String account) {
        if (account == null || !account.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("account must be 12 digits, got \"" + account + "\"");
        }
        return account;
    }

    /** Every Region some model runs in, sorted. */
    public Set<String> regions() {
        Set<String> regions = new TreeSet<>();
        models.forEach(m -> regions.addAll(m.regions()));
        return regions;
    }

    /** All foundation models, Marketplace ones included, in catalogue order. */
    public List<FoundationModel> foundationModels() {
        return models;
    }

    /** The models ListFoundationModels shows in {@code region}: those running there, Marketplace ones excluded. */
    public List<FoundationModel> listedModels(String region) {
        return models.stream().filter(m -> !m.marketplace() && m.availableIn(region)).toList();
    }

    /** A model by ID, Marketplace ones included. */
    public Optional<FoundationModel> foundationModel(String modelId) {
        return Optional.ofNullable(modelsById.get(modelId));
    }

    /** The cross-Region geographies. */
    public List<Geography> geographies() {
        return geographies;
    }

    /** A geography by prefix ({@code us}, {@code eu}, …). */
    public Optional<Geography> geography(String prefix) {
        return Optional.ofNullable(geographiesByPrefix.get(prefix));
    }

    /** The system-defined inference profiles, in catalogue order. */
    public List<InferenceProfile> systemProfiles() {
        return profiles;
    }

    /** A system-defined profile by ID, e.g. {@code us.anthropic.claude-3-haiku-20240307-v1:0}. */
    public Optional<InferenceProfile> systemProfile(String id) {
        return Optional.ofNullable(profilesById.get(id));
    }

    /** The resources owned by accounts, in catalogue order. */
    public List<AccountResource> accountResources() {
        return resources;
    }

    /** An account resource by ARN. */
    public Optional<AccountResource> accountResource(String arn) {
        return Optional.ofNullable(resourcesByArn.get(arn));
    }

    /**
     * The inference profiles a caller sees in a Region: the system-defined profiles callable from there (their ARNs
     * in the caller's account), then the caller's application profiles in that Region.
     */
    public List<InferenceProfileSummary> inferenceProfiles(String region, String callerAccount) {
        requireRegion(region);
        requireAccount(callerAccount);
        List<InferenceProfileSummary> out = new ArrayList<>();
        for (InferenceProfile profile : profiles) {
            if (geographiesByPrefix.get(profile.geography()).includes(region)) {
                out.add(summary(profile, region, callerAccount));
            }
        }
        for (AccountResource resource : resources) {
            if (resource.kind() == ResolvedModel.Kind.APPLICATION_PROFILE && resource.region().equals(region)
                    && resource.account().equals(callerAccount)) {
                out.add(summary(resource));
            }
        }
        return out;
    }

    /** The foundation-model ARNs a system profile routes to, as seen from {@code region}. */
    List<String> routedModelArns(InferenceProfile profile, String region) {
        FoundationModel model = modelsById.get(profile.modelId());
        Geography geo = geographiesByPrefix.get(profile.geography());
        if (geo.global()) {
            return List.of(model.arn(region), model.regionlessArn());
        }
        return geo.regions().stream().map(model::arn).toList();
    }

    private InferenceProfileSummary summary(InferenceProfile p, String region, String account) {
        return new InferenceProfileSummary(p.name(), p.description(), p.createdAt(), p.updatedAt(),
                p.arn(region, account), routedModelArns(p, region), p.id(), InferenceProfileSummary.Type.SYSTEM_DEFINED);
    }

    private InferenceProfileSummary summary(AccountResource app) {
        FoundationModel model = modelsById.get(app.servedModelId());
        return new InferenceProfileSummary(app.name(), app.description(), app.createdAt(), app.updatedAt(),
                app.arn(), List.of(model.arn(app.region())), app.resourceId(),
                InferenceProfileSummary.Type.APPLICATION);
    }
}
