package dev.modelgate.invoke;

import dev.modelgate.converse.ConverseJson;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer to one successful {@code Converse} call, read from Converse's fixed shape: the assistant's message
 * (text and tool calls), the stop reason, and the usage (input, output, cache read, cache write).
 *
 * @param modelId  the model ID as sent
 * @param response Bedrock's answer
 * @param latency  measured around the last call, signing and transfer included
 * @param attempts how many calls were made, retries included
 */
public record ConverseCall(String modelId, ConverseResponse response, Duration latency, int attempts) {

    /** Converse's stop reason when a guardrail intervened. */
    public static final String GUARDRAIL_INTERVENED = "guardrail_intervened";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ConverseCall {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(latency, "latency");
    }

    /** Bedrock's request ID, or null. */
    public String requestId() {
        return response.responseMetadata() == null ? null : response.responseMetadata().requestId();
    }

    /** The text blocks of the answer, joined; empty when it has none (a tool call alone). */
    public String text() {
        StringBuilder text = new StringBuilder();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                }
            }
        }
        return text.toString();
    }

    /** Converse's stop reason as Bedrock sent it ({@code end_turn}, {@code tool_use}, …), or null. */
    public String stopReason() {
        return response.stopReasonAsString();
    }

    /** Whether a guardrail intervened (stop reason {@value #GUARDRAIL_INTERVENED}). */
    public boolean guardrailIntervened() {
        return GUARDRAIL_INTERVENED.equals(stopReason());
    }

    /**
     * The assistant's message as Converse's JSON: {@code {"role": "assistant", "content": [{"text": …},
     * {"toolUse": {"toolUseId", "name", "input"}}]}}, ready to be sent back in the next turn's messages. Blocks other
     * than text and tool calls (reasoning, citations) are left out.
     */
    public JsonNode message() {
        ObjectNode message = JSON.createObjectNode();
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    content.addObject().put("text", block.text());
                } else if (block.toolUse() != null) {
                    ObjectNode use = content.addObject().putObject("toolUse");
                    use.put("toolUseId", block.toolUse().toolUseId());
                    use.put("name", block.toolUse().name());
                    use.set("input", ConverseJson.json(block.toolUse().input()));
                }
            }
        }
        return message;
    }

    public Long inputTokens() {
        TokenUsage usage = response.usage();
        return usage == null ? null : nonNegative(usage.inputTokens());
    }

    public Long outputTokens() {
        TokenUsage usage = response.usage();
        return usage == null ? null : nonNegative(usage.outputTokens());
    }

    public Long cacheReadInputTokens() {
        TokenUsage usage = response.usage();
        return usage == null ? null : nonNegative(usage.cacheReadInputTokens());
    }

    public Long cacheWriteInputTokens() {
        TokenUsage usage = response.usage();
        return usage == null ? null : nonNegative(usage.cacheWriteInputTokens());
    }

    /** Converse's {@code metrics.latencyMs}, or null. */
    public Long bedrockLatencyMillis() {
        return response.metrics() == null ? null : nonNegative(response.metrics().latencyMs());
    }

    private static Long nonNegative(Number n) {
        return n == null || n.longValue() < 0 ? null : n.longValue();
    }

    /** Shows sizes and counts, not the content. */
    @Override
    public String toString() {
        return "ConverseCall[" + modelId + ", requestId=" + requestId() + ", stopReason=" + stopReason() + ", tokens="
                + inputTokens() + "/" + outputTokens() + ", latency=" + latency + ", attempts=" + attempts + "]";
    }
}
