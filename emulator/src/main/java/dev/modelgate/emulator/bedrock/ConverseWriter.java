package dev.modelgate.emulator.bedrock;

import java.util.List;

/** Writes {@code ConverseResponse} bodies and {@code ConverseStreamOutput} events of a text answer (PROTOCOL.md §2.7, §2.8). */
final class ConverseWriter {

    private ConverseWriter() {
    }

    /**
     * {@code {"output":{"message":{"role":"assistant","content":[{"text":…}]}},"stopReason":…,
     * "usage":{"inputTokens":…,"outputTokens":…,"totalTokens":…},"metrics":{"latencyMs":…}}}.
     */
    static byte[] response(Generation g, String stopReason, long latencyMs) {
        return textAnswer(g, stopReason).responseBody(latencyMs);
    }

    /**
     * {@code messageStart}, one {@code contentBlockDelta} per text piece, {@code contentBlockStop},
     * {@code messageStop} and {@code metadata} (usage and latency). Text blocks have no {@code contentBlockStart}.
     */
    static List<ConverseEvent> streamEvents(Generation g, String stopReason, long latencyMs) {
        return textAnswer(g, stopReason).streamEvents(latencyMs);
    }

    static ConverseAnswer textAnswer(Generation g, String stopReason) {
        return new ConverseAnswer(List.of(FamilySupport.object().put("text", g.text())), stopReason,
                g.inputTokens(), g.outputTokens(), null, null, null);
    }
}
