package dev.modelgate.emulator.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a catalogue document (YAML, or JSON, which is YAML too) with four sections: {@code geographies},
 * {@code models}, {@code profiles} and {@code accountResources}; entries bind to {@link Geography},
 * {@link FoundationModel}, {@link InferenceProfile} and {@link AccountResource}. Unknown keys are errors; a model
 * without {@code marketplace} is a listed one.
 */
final class CatalogLoader {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final Set<String> SECTIONS = Set.of("geographies", "models", "profiles", "accountResources");
    private static final List<String> MODEL_KEYS = List.of("modelId", "modelName", "providerName", "family",
            "inputModalities", "outputModalities", "responseStreamingSupported", "customizationsSupported",
            "inferenceTypesSupported", "lifecycleStatus", "regions");

    private CatalogLoader() {
    }

    /**
     * @throws IllegalArgumentException naming the section and entry when the document is malformed or breaks an
     *                                  invariant of {@link ModelCatalog}
     */
    static ModelCatalog load(InputStream in) {
        JsonNode root;
        try (in) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Bedrock catalogue", e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Bedrock catalogue is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Bedrock catalogue must be a mapping with sections " + SECTIONS);
        }
        for (String name : root.propertyNames()) {
            if (!SECTIONS.contains(name)) {
                throw new IllegalArgumentException("Bedrock catalogue has an unknown section \"" + name
                        + "\"; expected " + SECTIONS);
            }
        }
        return new ModelCatalog(
                section(root, "geographies", Geography.class, List.of("prefix", "label", "regions")),
                section(root, "models", FoundationModel.class, MODEL_KEYS),
                section(root, "profiles", InferenceProfile.class,
                        List.of("geography", "modelId", "name", "description", "createdAt", "updatedAt")),
                section(root, "accountResources", AccountResource.class,
                        List.of("kind", "arn", "servedModelId", "name")));
    }

    private static <T> List<T> section(JsonNode root, String name, Class<T> type, List<String> requiredKeys) {
        JsonNode entries = root.get(name);
        List<T> out = new ArrayList<>();
        if (entries == null || entries.isNull()) {
            return out;
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("Bedrock catalogue section " + name + " must be a list");
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            for (String key : requiredKeys) {
                if (!entry.hasNonNull(key)) {
                    throw new IllegalArgumentException("Bedrock catalogue " + name + "[" + i + "] lacks " + key);
                }
            }
            try {
                out.add(YAML.treeToValue(entry, type));
            } catch (JacksonException e) {
                Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
                throw new IllegalArgumentException("Bedrock catalogue " + name + "[" + i + "] is invalid: "
                        + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
            }
        }
        return out;
    }
}
