package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stage 2: the rendered body sent to Bedrock's {@code InvokeModel} and Bedrock's answer, verbatim. The request is
 * shown even when the stage is skipped or Bedrock refuses it.
 *
 * <p>JSON: {@code {"stage": "INVOKE", "outcome", "latencyMs", "region", "modelId", "request": {"contentType",
 * "body", "bytes"}, "response": null|{"status", "headers": {...}, "body", "bytes"}, "attempts", "diagnosis"}}.
 *
 * @param region   the Region called
 * @param modelId  the model ID as sent (an ID, a profile ID or an ARN)
 * @param request  what was (or would have been) sent
 * @param response Bedrock's last answer; null when none came (skipped, unreachable, timed out)
 * @param attempts how many calls were made, retries included; 0 when skipped
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "region", "modelId", "request", "response", "attempts",
        "diagnosis"})
public record InvokeStage(Outcome outcome, long latencyMs, String region, String modelId, Request request,
                          Response response, int attempts, Diagnosis diagnosis) implements StageResult {

    public InvokeStage {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(request, "request");
        if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
            throw new IllegalArgumentException("a stage has a diagnosis exactly when it failed, got " + outcome);
        }
    }

    @Override
    public Stage stage() {
        return Stage.INVOKE;
    }

    /**
     * The request body.
     *
     * @param contentType always {@code application/json}
     * @param body        the rendered body, as text
     * @param bytes       its size in bytes of UTF-8
     */
    public record Request(String contentType, String body, int bytes) {
    }

    /**
     * Bedrock's answer.
     *
     * @param status  the HTTP status
     * @param headers the headers that matter, by name: {@code x-amzn-RequestId}, {@code Content-Type},
     *                {@code X-Amzn-Bedrock-Input-Token-Count}, {@code X-Amzn-Bedrock-Output-Token-Count},
     *                {@code X-Amzn-Bedrock-Invocation-Latency}, and on errors {@code x-amzn-ErrorType}
     * @param body    the body, verbatim (as UTF-8 text)
     * @param bytes   its size in bytes
     */
    public record Response(int status, Map<String, String> headers, String body, int bytes) {
        public Response {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }
}
