package dev.modelgate.preset;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.modelgate.model.ModelApi;
import dev.modelgate.model.ModelDraft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A family's starting configuration: prompt variables, the InvokeModel request template and the output mapping, and
 * whether (and how) the family speaks Converse.
 *
 * @param family      the family id, e.g. {@code ANTHROPIC_CLAUDE}
 * @param prefixes    base-model-ID prefixes of the family (after a cross-region profile's geo prefix)
 * @param converse    what the family takes through Converse; null or unsupported for a family without Converse
 */
public record Preset(String family, String displayName, List<String> prefixes, List<ModelDraft.Variable> variables,
                     String template, ModelDraft.Mapping outputMapping, Converse converse) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Preset {
        Objects.requireNonNull(family, "family");
        prefixes = List.copyOf(prefixes);
        variables = List.copyOf(variables);
    }

    /**
     * The family's Converse support (AWS's "Supported models and model features" of the Converse API).
     *
     * @param note what differs between the family's models, or null
     */
    public record Converse(boolean supported, boolean systemPrompt, boolean toolUse, boolean vision, String note) {
    }

    /** The APIs the family is offered through, the one to start with first: Converse where the family speaks it. */
    @JsonProperty("apis")
    public List<ModelApi> apis() {
        return converseSupported() ? List.of(ModelApi.CONVERSE, ModelApi.INVOKE_MODEL) : List.of(ModelApi.INVOKE_MODEL);
    }

    /** Whether the family speaks Converse. */
    @JsonProperty("converseSupported")
    public boolean converseSupported() {
        return converse != null && converse.supported();
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

    /**
     * A Converse draft from this preset: the variables {@code prompt} (and {@code system.prompt} where the family
     * takes a system prompt) with the preset's test values, and maxTokens and temperature from the preset's defaults
     * as the model's {@code inferenceConfig}.
     *
     * @throws IllegalStateException when the family does not speak Converse
     */
    public ModelDraft converseDraft(String name, String roleArn, String stsEndpoint, String region,
                                    String modelReference) {
        if (!converseSupported()) {
            throw new IllegalStateException(family + " does not speak Converse");
        }
        List<ModelDraft.Variable> fixed = new ArrayList<>();
        ObjectNode defaults = JSON.createObjectNode();
        ObjectNode inference = defaults.putObject("inferenceConfig");
        for (ModelDraft.Variable v : variables) {
            switch (v.name()) {
                case "prompt" -> fixed.add(v);
                case "system.prompt" -> {
                    if (converse.systemPrompt()) {
                        fixed.add(new ModelDraft.Variable(v.name(), v.type(), false, null, v.testValue(),
                                v.description()));
                        if (v.defaultValue() != null && v.defaultValue().isString()) {
                            defaults.put("system", v.defaultValue().stringValue());
                        }
                    }
                }
                case "max_tokens" -> {
                    if (v.defaultValue() != null && v.defaultValue().canConvertToInt()) {
                        inference.put("maxTokens", v.defaultValue().intValue());
                    }
                }
                case "temperature" -> {
                    if (v.defaultValue() != null && v.defaultValue().isNumber()) {
                        inference.put("temperature", v.defaultValue().doubleValue());
                    }
                }
                default -> {
                }
            }
        }
        return new ModelDraft(name, displayName + " (Converse)", null, roleArn, stsEndpoint, region, modelReference,
                fixed, null, null, null, null, ModelApi.CONVERSE.name(), defaults);
    }
}
