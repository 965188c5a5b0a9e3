package dev.modelgate.preset;

import dev.modelgate.model.ModelReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The built-in presets, one per model family, read from {@code presets.yaml}. */
public final class Presets {

    private static final String RESOURCE = "/dev/modelgate/preset/presets.yaml";

    private final List<Preset> presets;

    private Presets(List<Preset> presets) {
        this.presets = List.copyOf(presets);
    }

    public static Presets builtIn() {
        try (InputStream in = Presets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = YAMLMapper.builder().build().readTree(in);
            JsonMapper json = JsonMapper.builder().build();
            List<Preset> presets = new ArrayList<>();
            JsonNode shared = root.get("variables");
            for (JsonNode node : root.get("presets")) {
                tools.jackson.databind.node.ObjectNode preset = (tools.jackson.databind.node.ObjectNode) node.deepCopy();
                if (!preset.has("variables")) {
                    preset.set("variables", shared);
                }
                presets.add(json.treeToValue(preset, Preset.class));
            }
            return new Presets(presets);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    public List<Preset> all() {
        return presets;
    }

    public Optional<Preset> forFamily(String family) {
        return presets.stream().filter(p -> p.family().equalsIgnoreCase(family)).findFirst();
    }

    /**
     * The preset of a model reference's family, when the reference names its base model (model IDs, profiles,
     * foundation-model ARNs). ARNs of provisioned, custom, imported or marketplace models do not say which family
     * they serve: the tenant picks the family then.
     */
    public Optional<Preset> forReference(ModelReference reference) {
        String base = reference.baseModelId() != null ? reference.baseModelId() : reference.modelId();
        return presets.stream().filter(p -> p.matches(base)).findFirst();
    }
}
