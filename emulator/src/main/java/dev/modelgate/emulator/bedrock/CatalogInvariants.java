package dev.modelgate.emulator.bedrock;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Cross-references a catalogue must satisfy; each check fails with a message naming the offending entry. */
final class CatalogInvariants {

    private CatalogInvariants() {
    }

    static void check(List<Geography> geographies, List<FoundationModel> models, List<InferenceProfile> profiles,
                      List<AccountResource> resources) {
        Map<String, Geography> geos = unique(geographies, Geography::prefix, "geography prefix");
        Map<String, FoundationModel> byId = unique(models, FoundationModel::modelId, "model ID");
        unique(profiles, InferenceProfile::id, "inference profile ID");
        unique(resources, AccountResource::arn, "account resource ARN");
        Set<String> profiled = new HashSet<>();
        for (InferenceProfile profile : profiles) {
            Geography geo = geos.get(profile.geography());
            FoundationModel model = byId.get(profile.modelId());
            if (geo == null || model == null || model.marketplace()) {
                throw new IllegalArgumentException("inference profile " + profile.id() + " needs a known geography"
                        + " and a listed model");
            }
            for (String region : geo.regions()) {
                if (!model.availableIn(region)) {
                    throw new IllegalArgumentException("inference profile " + profile.id() + " routes to " + region
                            + " where " + model.modelId() + " does not run");
                }
            }
            profiled.add(model.modelId());
        }
        for (FoundationModel model : models) {
            if (!model.onDemand() && !profiled.contains(model.modelId())) {
                throw new IllegalArgumentException("profile-only model " + model.modelId()
                        + " has no inference profile");
            }
        }
        for (AccountResource resource : resources) {
            FoundationModel model = byId.get(resource.servedModelId());
            if (model == null || model.marketplace() || !model.availableIn(resource.region())) {
                throw new IllegalArgumentException("account resource " + resource.arn() + " serves "
                        + resource.servedModelId() + ", which is not a listed model running in "
                        + resource.region());
            }
        }
    }

    private static <T> Map<String, T> unique(List<T> items, Function<T, String> key, String what) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("duplicate " + what + " " + key.apply(a));
        }));
    }
}
