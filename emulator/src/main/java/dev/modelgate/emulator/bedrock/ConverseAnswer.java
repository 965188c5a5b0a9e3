package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Converse answer before it is written: the assistant message's content blocks ({@code {"text": …}} or
 * {@code {"toolUse": {"toolUseId", "name", "input"}}}), the stop reason, token usage, and the optional members
 * ({@code trace}, {@code performanceConfig}, {@code serviceTier}).
 *
 * @param content          the content blocks, in order; not empty
 * @param stopReason       a Converse {@code StopReason}
 * @param inputTokens      input tokens, {@code >= 1}
 * @param outputTokens     output tokens, {@code >= 0}
 * @param trace            the {@code trace} member, or null
 * @param performanceConfig the {@code performanceConfig} member, or null
 * @param serviceTier      the {@code serviceTier} member, or null
 */
public record ConverseAnswer(List<ObjectNode> content, String stopReason, int inputTokens, int outputTokens,
                             ObjectNode trace, ObjectNode performanceConfig, ObjectNode serviceTier) {

    public ConverseAnswer {
        content = List.copyOf(content);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a Converse answer needs at least one content block");
        }
    }

    /** The text of the answer's text blocks, concatenated. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ObjectNode block : content) {
            if (block.has("text")) {
                text.append(block.get("text").stringValue());
            }
        }
        return text.toString();
    }

    /**
     * The {@code ConverseResponse} body: {@code {"output":{"message":{"role":"assistant","content":[…]}},
     * "stopReason":…,"usage":{"inputTokens","outputTokens","totalTokens"},"metrics":{"latencyMs"}}} and, when set,
     * {@code trace}, {@code performanceConfig}, {@code serviceTier}.
     */
    public byte[] responseBody(long latencyMs) {
        ObjectNode root = FamilySupport.object();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        var blocks = message.putArray("content");
        content.forEach(blocks::add);
        root.put("stopReason", stopReason);
        root.set("usage", usage());
        root.putObject("metrics").put("latencyMs", latencyMs);
        optionalMembers(root);
        return FamilySupport.bytes(root);
    }

    /**
     * The ConverseStream events: {@code messageStart}; per content block, for text one {@code contentBlockDelta}
     * {@code {"delta":{"text":…}}} per piece (no {@code contentBlockStart}, as AWS), for a tool use a
     * {@code contentBlockStart} {@code {"start":{"toolUse":{"toolUseId","name"}}}} then {@code contentBlockDelta}s
     * {@code {"delta":{"toolUse":{"input":"<piece of the input's JSON text>"}}}}; each block ends with
     * {@code contentBlockStop}; then {@code messageStop} {@code {"stopReason"}} and {@code metadata} (usage, metrics
     * and, when set, trace, performanceConfig, serviceTier). Every block event carries its
     * {@code contentBlockIndex}.
     */
    public List<ConverseEvent> streamEvents(long latencyMs) {
        List<ConverseEvent> events = new ArrayList<>();
        events.add(event("messageStart", FamilySupport.object().put("role", "assistant")));
        for (int index = 0; index < content.size(); index++) {
            ObjectNode block = content.get(index);
            JsonNode toolUse = block.get("toolUse");
            if (toolUse != null) {
                ObjectNode start = FamilySupport.object().put("contentBlockIndex", index);
                start.putObject("start").putObject("toolUse")
                        .put("toolUseId", toolUse.get("toolUseId").stringValue())
                        .put("name", toolUse.get("name").stringValue());
                events.add(event("contentBlockStart", start));
                for (String piece : jsonPieces(new String(FamilySupport.bytes(toolUse.get("input")),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    ObjectNode delta = FamilySupport.object().put("contentBlockIndex", index);
                    delta.putObject("delta").putObject("toolUse").put("input", piece);
                    events.add(event("contentBlockDelta", delta));
                }
            } else {
                for (String piece : FamilySupport.pieces(block.get("text").stringValue())) {
                    ObjectNode delta = FamilySupport.object().put("contentBlockIndex", index);
                    delta.putObject("delta").put("text", piece);
                    events.add(event("contentBlockDelta", delta));
                }
            }
            events.add(event("contentBlockStop", FamilySupport.object().put("contentBlockIndex", index)));
        }
        events.add(event("messageStop", FamilySupport.object().put("stopReason", stopReason)));
        ObjectNode metadata = FamilySupport.object();
        metadata.set("usage", usage());
        metadata.putObject("metrics").put("latencyMs", latencyMs);
        optionalMembers(metadata);
        events.add(event("metadata", metadata));
        return events;
    }

    /** The input JSON text in pieces of at most 16 characters (AWS splits it arbitrarily; clients concatenate). */
    static List<String> jsonPieces(String json) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < json.length(); i += 16) {
            pieces.add(json.substring(i, Math.min(json.length(), i + 16)));
        }
        return pieces;
    }

    private void optionalMembers(ObjectNode root) {
        if (trace != null) {
            root.set("trace", trace);
        }
        if (performanceConfig != null) {
            root.set("performanceConfig", performanceConfig);
        }
        if (serviceTier != null) {
            root.set("serviceTier", serviceTier);
        }
    }

    private ObjectNode usage() {
        return FamilySupport.object().put("inputTokens", inputTokens).put("outputTokens", outputTokens)
                .put("totalTokens", inputTokens + outputTokens);
    }

    private static ConverseEvent event(String type, ObjectNode json) {
        return new ConverseEvent(type, FamilySupport.bytes(json));
    }
}
