package dev.modelgate.emulator.bedrock;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Writes {@code ConverseResponse} bodies and {@code ConverseStreamOutput} events (PROTOCOL.md §2.7, §2.8). */
final class ConverseWriter {

    private ConverseWriter() {
    }

    /**
     * {@code {"output":{"message":{"role":"assistant","content":[{"text":…}]}},"stopReason":…,
     * "usage":{"inputTokens":…,"outputTokens":…,"totalTokens":…},"metrics":{"latencyMs":…}}}.
     */
    static byte[] response(Generation g, String stopReason, long latencyMs) {
        ObjectNode root = FamilySupport.object();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        message.putArray("content").addObject().put("text", g.text());
        root.put("stopReason", stopReason);
        root.set("usage", usage(g));
        root.putObject("metrics").put("latencyMs", latencyMs);
        return FamilySupport.bytes(root);
    }

    /**
     * {@code messageStart}, one {@code contentBlockDelta} per text piece, {@code contentBlockStop},
     * {@code messageStop} and {@code metadata} (usage and latency). Text blocks have no {@code contentBlockStart}.
     */
    static List<ConverseEvent> streamEvents(Generation g, String stopReason, long latencyMs) {
        List<ConverseEvent> events = new ArrayList<>();
        events.add(event("messageStart", FamilySupport.object().put("role", "assistant")));
        for (String piece : FamilySupport.pieces(g.text())) {
            ObjectNode delta = FamilySupport.object().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", piece);
            events.add(event("contentBlockDelta", delta));
        }
        events.add(event("contentBlockStop", FamilySupport.object().put("contentBlockIndex", 0)));
        events.add(event("messageStop", FamilySupport.object().put("stopReason", stopReason)));
        ObjectNode metadata = FamilySupport.object();
        metadata.set("usage", usage(g));
        metadata.putObject("metrics").put("latencyMs", latencyMs);
        events.add(event("metadata", metadata));
        return events;
    }

    private static ObjectNode usage(Generation g) {
        return FamilySupport.object().put("inputTokens", g.inputTokens()).put("outputTokens", g.outputTokens())
                .put("totalTokens", g.totalTokens());
    }

    private static ConverseEvent event(String type, ObjectNode json) {
        return new ConverseEvent(type, FamilySupport.bytes(json));
    }
}
