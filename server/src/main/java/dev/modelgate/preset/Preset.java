package dev.modelgate.preset;

import dev.modelgate.model.ModelDraft;

import java.util.List;
import java.util.Objects;

/**
 * A family's starting configuration: prompt variables, the InvokeModel request template and the output mapping.
 *
 * @param family      the family id, e.g. {@code ANTHROPIC_CLAUDE}
 * @param prefixes    base-model-ID prefixes of the family (after a cross-region profile's geo prefix)
 */
public record Preset(String family, String displayName, List<String> prefixes, List<ModelDraft.Variable> variables,
                     String template, ModelDraft.Mapping outputMapping) {

    public Preset {
        Objects.requireNonNull(family, "family");
        prefixes = List.copyOf(prefixes);
        variables = List.copyOf(variables);
    }

    /** Whether a base model ID belongs to this family. */
    public boolean matches(String baseModelId) {
        return baseModelId != null && prefixes.stream().anyMatch(baseModelId::startsWith);
    }

    /** A draft from this preset for a model: the tenant's connection, the preset's variables, template and mapping. */
    public ModelDraft draft(String name, String roleArn, String stsEndpoint, String region, String modelReference) {
        return new ModelDraft(name, displayName, null, roleArn, stsEndpoint, region, modelReference, variables,
                template, outputMapping);
    }
}
