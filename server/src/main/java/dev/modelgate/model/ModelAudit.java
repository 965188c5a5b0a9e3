package dev.modelgate.model;

import dev.modelgate.audit.AuditAction;
import dev.modelgate.audit.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit entries of model changes. A model's configuration fields are recorded under their API names
 * ({@code name}, {@code description}, {@code inferenceEnabled}, {@code roleArn}, {@code stsEndpoint}, {@code region},
 * {@code modelReference}, {@code variables}, {@code requestTemplate}, {@code outputMapping},
 * {@code timeouts.connectMillis}, {@code timeouts.totalMillis}, {@code options}, {@code api}, {@code converse},
 * {@code chat}). A value whose text (for variables and output
 * mapping: whose JSON) is longer than {@value #MAX_VERBATIM} characters is recorded as
 * {@code {"length": <characters>, "sha256": "<hex of its UTF-8>"}} instead: enough to tell whether and how it
 * changed, without copying large templates into every event.
 */
final class ModelAudit {

    static final String RESOURCE_TYPE = "MODEL";
    /** Longer values are recorded as their length and SHA-256. */
    static final int MAX_VERBATIM = 2048;

    private final JsonMapper json;

    ModelAudit(JsonMapper json) {
        this.json = json;
    }

    AuditEntry created(StoredModel model, String actor) {
        ObjectNode details = json.createObjectNode();
        ObjectNode fields = details.putObject("fields");
        fields(model).forEach(fields::set);
        details.put("revision", model.revision());
        return entry(model, actor, AuditAction.MODEL_CREATED, details);
    }

    /** Each field that differs, with its value before and after; the revision and status before and after. */
    AuditEntry updated(StoredModel before, StoredModel after, String actor) {
        ObjectNode details = json.createObjectNode();
        details.set("revision", change(json.getNodeFactory().numberNode(before.revision()),
                json.getNodeFactory().numberNode(after.revision())));
        details.set("changes", changes(before, after));
        if (before.status() != after.status()) {
            details.set("status", change(json.getNodeFactory().stringNode(before.status().name()),
                    json.getNodeFactory().stringNode(after.status().name())));
        }
        return entry(after, actor, AuditAction.MODEL_UPDATED, details);
    }

    /**
     * Each configuration field that differs between two revisions, under its API name, with its value in
     * {@code before} and in {@code after} ({@code {"<field>": {"before", "after"}}}, in the order of the fields); a long
     * value as its length and SHA-256. Empty when they are the same.
     */
    ObjectNode changes(StoredModel before, StoredModel after) {
        ObjectNode changes = json.createObjectNode();
        Map<String, JsonNode> old = fields(before);
        fields(after).forEach((field, value) -> {
            if (!Objects.equals(old.get(field), value)) {
                changes.set(field, change(old.get(field), value));
            }
        });
        return changes;
    }

    /** {@code liveRevision} before and after, and the passed Test run that allowed it. */
    AuditEntry promoted(StoredModel model, Long liveBefore, long liveAfter, String testRunId, String actor) {
        ObjectNode details = json.createObjectNode();
        details.set("liveRevision", change(number(liveBefore), number(liveAfter)));
        details.put("testRunId", testRunId);
        return entry(model, actor, AuditAction.MODEL_PROMOTED, details);
    }

    /**
     * The revision gone back to ({@code toRevision}), {@code liveRevision} before and after, and the latest saved
     * revision after ({@code revision}: a new draft when the revision gone back to was never live).
     */
    AuditEntry rolledBack(StoredModel model, long toRevision, Long liveBefore, Long liveAfter, String actor) {
        ObjectNode details = json.createObjectNode();
        details.put("toRevision", toRevision);
        details.set("liveRevision", change(number(liveBefore), number(liveAfter)));
        return entry(model, actor, AuditAction.MODEL_ROLLED_BACK, details);
    }

    private JsonNode number(Long value) {
        return value == null ? json.getNodeFactory().nullNode() : json.getNodeFactory().numberNode(value);
    }

    AuditEntry deleted(StoredModel model, String actor) {
        ObjectNode details = json.createObjectNode();
        details.put("revision", model.revision());
        return entry(model, actor, AuditAction.MODEL_DELETED, details);
    }

    AuditEntry routingChanged(StoredModel model, ModelRouting before, ModelRouting after, String actor) {
        ObjectNode details = json.createObjectNode();
        details.set("routing", change(routing(before), routing(after)));
        return entry(model, actor, AuditAction.ROUTING_CHANGED, details);
    }

    /** A routing as the API shows it: fallbacks and balanced models by name. */
    JsonNode routing(ModelRouting routing) {
        ObjectNode node = json.createObjectNode();
        var fallbacks = node.putArray("fallbacks");
        routing.fallbacks().forEach(link -> fallbacks.add(link.name()));
        var balance = node.putArray("balance");
        routing.balance().forEach(link -> balance.addObject().put("model", link.name()).put("weight", link.weight()));
        return node;
    }

    AuditEntry inferenceToggled(StoredModel before, boolean enabled, String actor) {
        ObjectNode details = json.createObjectNode();
        details.set("inferenceEnabled", change(json.getNodeFactory().booleanNode(before.inferenceEnabled()),
                json.getNodeFactory().booleanNode(enabled)));
        return entry(before, actor, AuditAction.INFERENCE_TOGGLED, details);
    }

    private static AuditEntry entry(StoredModel model, String actor, AuditAction action, ObjectNode details) {
        return new AuditEntry(model.workspaceId(), actor, action, RESOURCE_TYPE, model.id(), model.name(), details);
    }

    private ObjectNode change(JsonNode before, JsonNode after) {
        ObjectNode change = json.createObjectNode();
        change.set("before", before);
        change.set("after", after);
        return change;
    }

    private Map<String, JsonNode> fields(StoredModel m) {
        var nodes = json.getNodeFactory();
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        fields.put("name", text(m.name()));
        fields.put("description", text(m.description()));
        fields.put("inferenceEnabled", nodes.booleanNode(m.inferenceEnabled()));
        fields.put("roleArn", text(m.roleArn()));
        fields.put("stsEndpoint", text(m.stsEndpoint()));
        fields.put("region", text(m.region()));
        fields.put("modelReference", text(m.modelReference()));
        fields.put("variables", jsonValue(m.variablesJson()));
        fields.put("requestTemplate", text(m.requestTemplate()));
        fields.put("outputMapping", jsonValue(m.outputMappingJson()));
        fields.put("timeouts.connectMillis", nodes.numberNode(m.connectTimeoutMillis()));
        fields.put("timeouts.totalMillis", nodes.numberNode(m.totalTimeoutMillis()));
        fields.put("options", m.requestOptionsJson() == null ? nodes.nullNode() : jsonValue(m.requestOptionsJson()));
        fields.put("api", text(m.api().name()));
        fields.put("converse", m.converseJson() == null ? nodes.nullNode() : jsonValue(m.converseJson()));
        fields.put("chat", m.chatJson() == null ? nodes.nullNode() : jsonValue(m.chatJson()));
        return fields;
    }

    private JsonNode text(String value) {
        if (value == null) {
            return json.getNodeFactory().nullNode();
        }
        return value.length() > MAX_VERBATIM ? digest(value) : json.getNodeFactory().stringNode(value);
    }

    private JsonNode jsonValue(String text) {
        return text.length() > MAX_VERBATIM ? digest(text) : json.readTree(text);
    }

    private ObjectNode digest(String value) {
        ObjectNode digest = json.createObjectNode();
        digest.put("length", value.length());
        digest.put("sha256", sha256(value));
        return digest;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
