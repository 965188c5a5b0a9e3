package dev.modelgate.invoke;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The answer to one successful {@code InvokeModel} call.
 *
 * @param modelId                the model ID as sent (an ID, profile ID or ARN)
 * @param statusCode             the HTTP status (2xx)
 * @param contentType            the answer's {@code Content-Type}, or null
 * @param requestId              Bedrock's {@code x-amzn-RequestId}, or null
 * @param headerInputTokens      {@code X-Amzn-Bedrock-Input-Token-Count}, or -1 when absent
 * @param headerOutputTokens     {@code X-Amzn-Bedrock-Output-Token-Count}, or -1 when absent
 * @param bedrockLatencyMillis   {@code X-Amzn-Bedrock-Invocation-Latency}, or -1 when absent
 * @param body                   the raw answer, at most the configured cap; shared, not copied: do not modify
 * @param latency                measured around the last call, signing and transfer included
 * @param attempts               how many calls were made, retries included
 */
public record BedrockCall(String modelId, int statusCode, String contentType, String requestId,
                          long headerInputTokens, long headerOutputTokens, long bedrockLatencyMillis, byte[] body,
                          Duration latency, int attempts) {

    public BedrockCall {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(latency, "latency");
    }

    /** Bedrock's input token count header. */
    public OptionalLong inputTokens() {
        return headerInputTokens < 0 ? OptionalLong.empty() : OptionalLong.of(headerInputTokens);
    }

    /** Bedrock's output token count header. */
    public OptionalLong outputTokens() {
        return headerOutputTokens < 0 ? OptionalLong.empty() : OptionalLong.of(headerOutputTokens);
    }

    /** Shows sizes, not the body. */
    @Override
    public String toString() {
        return "BedrockCall[" + modelId + ", status=" + statusCode + ", requestId=" + requestId + ", tokens="
                + headerInputTokens + "/" + headerOutputTokens + ", bytes=" + body.length + ", latency=" + latency
                + ", attempts=" + attempts + "]";
    }
}
