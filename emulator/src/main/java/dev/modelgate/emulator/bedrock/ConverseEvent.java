package dev.modelgate.emulator.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One event of a ConverseStream response: the {@code :event-type} header value and the JSON payload of the
 * event-stream message (PROTOCOL.md §2.8).
 *
 * @param eventType one of {@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta},
 *                  {@code contentBlockStop}, {@code messageStop}, {@code metadata}
 * @param json      the event structure as JSON, e.g. {@code {"contentBlockIndex":0,"delta":{"text":"Hi"}}}
 */
public record ConverseEvent(String eventType, byte[] json) {

    private static final Set<String> TYPES = Set.of("messageStart", "contentBlockStart", "contentBlockDelta",
            "contentBlockStop", "messageStop", "metadata");

    public ConverseEvent {
        if (!TYPES.contains(eventType)) {
            throw new IllegalArgumentException("converse event type must be one of " + TYPES + ", got " + eventType);
        }
        json = json.clone();
    }

    /** A copy of the payload bytes. */
    @Override
    public byte[] json() {
        return json.clone();
    }

    /** The payload as a string. */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConverseEvent other && eventType.equals(other.eventType)
                && java.util.Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return 31 * eventType.hashCode() + java.util.Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return eventType + " " + jsonText();
    }
}
