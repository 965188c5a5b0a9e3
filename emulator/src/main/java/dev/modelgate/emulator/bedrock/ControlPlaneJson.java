package dev.modelgate.emulator.bedrock;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The control plane's JSON shapes: {@code FoundationModelSummary} / {@code Details}, {@code InferenceProfileSummary}. */
final class ControlPlaneJson {

    private ControlPlaneJson() {
    }

    /** A foundation model as listed in {@code region}; timestamps of the lifecycle are not modelled. */
    static ObjectNode model(FoundationModel m, String region) {
        ObjectNode node = FamilySupport.object();
        node.put("modelArn", m.arn(region));
        node.put("modelId", m.modelId());
        node.put("modelName", m.modelName());
        node.put("providerName", m.providerName());
        ArrayNode input = node.putArray("inputModalities");
        m.inputModalities().forEach(x -> input.add(x.name()));
        ArrayNode output = node.putArray("outputModalities");
        m.outputModalities().forEach(x -> output.add(x.name()));
        node.put("responseStreamingSupported", m.responseStreamingSupported());
        ArrayNode customizations = node.putArray("customizationsSupported");
        m.customizationsSupported().forEach(x -> customizations.add(x.name()));
        ArrayNode inference = node.putArray("inferenceTypesSupported");
        m.inferenceTypesSupported().forEach(x -> inference.add(x.name()));
        node.putObject("modelLifecycle").put("status", m.lifecycleStatus().name());
        return node;
    }

    /** An inference profile; timestamps are ISO-8601 strings, as the model's {@code iso8601} format says. */
    static ObjectNode profile(InferenceProfileSummary p) {
        ObjectNode node = FamilySupport.object();
        node.put("inferenceProfileName", p.inferenceProfileName());
        node.put("description", p.description());
        node.put("createdAt", p.createdAt().toString());
        node.put("updatedAt", p.updatedAt().toString());
        node.put("inferenceProfileArn", p.inferenceProfileArn());
        ArrayNode models = node.putArray("models");
        p.modelArns().forEach(arn -> models.addObject().put("modelArn", arn));
        node.put("inferenceProfileId", p.inferenceProfileId());
        node.put("status", p.status());
        node.put("type", p.type().name());
        return node;
    }
}
