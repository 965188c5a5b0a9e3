package dev.modelgate.emulator.api;

import dev.modelgate.emulator.bedrock.ConverseAnswer;
import dev.modelgate.emulator.bedrock.ConverseEvent;
import dev.modelgate.emulator.bedrock.Generation;
import dev.modelgate.emulator.bedrock.GuardrailVerdict;
import dev.modelgate.emulator.bedrock.InvocationOptions;
import dev.modelgate.emulator.bedrock.InvocationMetrics;
import dev.modelgate.emulator.bedrock.ModelFamily;
import dev.modelgate.emulator.bedrock.ResolvedModel;
import dev.modelgate.emulator.eventstream.EventStreamMessage;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.http.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event streams of {@code InvokeModelWithResponseStream} ({@code chunk} events carrying base64 {@code bytes})
 * and {@code ConverseStream} (one event per union member), paced by the model's latency, with an injected
 * exception frame when a mid-stream fault is queued.
 */
final class StreamWriter {

    /** Real Bedrock pads event payloads with a random-length {@code "p"} field; clients must ignore it. */
    private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /**
     * InvokeModelWithResponseStream. When a guardrail applies, every chunk carries
     * {@code "amazon-bedrock-guardrailAction"} ({@code INTERVENED} or {@code NONE}) and the last one its trace when
     * asked for.
     */
    Reply invokeStream(ResolvedModel model, Generation generation, InvocationOptions options, GuardrailVerdict verdict,
                       Latency latency, Fault fault) {
        ModelFamily family = model.family();
        int chunkCount = family.streamChunks(generation, model.servedModelId(), new InvocationMetrics(0, 0, 0, 0)).size();
        long firstByte = latencyOf(latency.firstChunk().isZero() ? latency.fixed() : latency.firstChunk());
        long total = firstByte + latencyOf(latency.betweenChunks()) * Math.max(0, chunkCount - 1);
        List<byte[]> chunks = family.streamChunks(generation, model.servedModelId(),
                new InvocationMetrics(generation.inputTokens(), generation.outputTokens(), total, firstByte));
        List<byte[]> frames = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = verdict == null ? chunks.get(i)
                    : ModelFamily.withGuardrail(chunks.get(i), verdict, i == chunks.size() - 1);
            String payload = "{\"bytes\":\"" + Base64.getEncoder().encodeToString(chunk) + "\",\"p\":\""
                    + PADDING.substring(0, 1 + (i * 7) % PADDING.length()) + "\"}";
            frames.add(EventStreamMessage.event("chunk", payload.getBytes(StandardCharsets.UTF_8)).encode());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/vnd.amazon.eventstream");
        headers.put("X-Amzn-Bedrock-Content-Type", "application/json");
        BedrockRuntimeApi.optionHeaders(options, headers);
        return new Reply.Streamed(200, headers, sink -> paced(frames, latency, fault, sink));
    }

    Reply converseStream(ConverseAnswer answer, Latency latency, Fault fault) {
        long firstByte = latencyOf(latency.firstChunk().isZero() ? latency.fixed() : latency.firstChunk());
        List<ConverseEvent> events = answer.streamEvents(firstByte);
        long total = firstByte + latencyOf(latency.betweenChunks()) * Math.max(0, events.size() - 1);
        events = answer.streamEvents(total);
        List<byte[]> frames = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ConverseEvent event = events.get(i);
            String json = new String(event.json(), StandardCharsets.UTF_8);
            String padded = json.substring(0, json.length() - 1) + (json.length() > 2 ? "," : "")
                    + "\"p\":\"" + PADDING.substring(0, 1 + (i * 5) % PADDING.length()) + "\"}";
            frames.add(EventStreamMessage.event(event.eventType(), padded.getBytes(StandardCharsets.UTF_8)).encode());
        }
        return new Reply.Streamed(200, Map.of("Content-Type", "application/vnd.amazon.eventstream"),
                sink -> paced(frames, latency, fault, sink));
    }

    private static void paced(List<byte[]> frames, Latency latency, Fault fault, Reply.FrameSink sink)
            throws java.io.IOException, InterruptedException {
        int failAt = fault != null && fault.kind() == FaultKind.MID_STREAM_EXCEPTION
                ? Math.min(fault.afterChunks(), frames.size()) : -1;
        latency.beforeFirstChunk();
        for (int i = 0; i < frames.size(); i++) {
            if (i == failAt) {
                sink.faulting();
                sink.write(exceptionFrame(fault));
                return;
            }
            if (i > 0) {
                latency.pauseBetweenChunks();
            }
            sink.write(frames.get(i));
        }
        if (failAt == frames.size()) {
            sink.faulting();
            sink.write(exceptionFrame(fault));
        }
    }

    private static byte[] exceptionFrame(Fault fault) {
        String type = fault.exceptionType() != null ? fault.exceptionType() : FaultKind.MID_STREAM_EXCEPTION.errorType();
        String message = switch (type) {
            case "throttlingException" -> "Too many requests, please wait before trying again.";
            case "modelTimeoutException" -> "Model has timed out in processing the request. Try your request again.";
            case "serviceUnavailableException" -> FaultKind.SERVICE_UNAVAILABLE.message();
            case "validationException" -> "The model returned a response the service could not validate.";
            case "internalServerException" -> "The server encountered an internal error while processing the request.";
            default -> FaultKind.MID_STREAM_EXCEPTION.message();
        };
        String payload = type.equals("modelStreamErrorException")
                ? "{\"message\":" + BedrockErrors.jsonString(message) + ",\"originalStatusCode\":500,\"originalMessage\":\"upstream model failure\"}"
                : "{\"message\":" + BedrockErrors.jsonString(message) + "}";
        return EventStreamMessage.exception(type, payload.getBytes(StandardCharsets.UTF_8)).encode();
    }

    private static long latencyOf(java.time.Duration duration) {
        return duration.toMillis();
    }
}
