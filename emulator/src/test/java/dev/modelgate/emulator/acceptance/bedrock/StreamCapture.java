package dev.modelgate.emulator.acceptance.bedrock;

import static dev.modelgate.emulator.acceptance.bedrock.BedrockSdk.utf8;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import tools.jackson.databind.JsonNode;

/**
 * Runs one streaming call on the async client and keeps what its response handler saw: the initial response, each
 * event in order, the error passed to {@code exceptionOccurred}, and how the call's future ended. The future ends
 * after the handler's last callback, so the capture is complete when it is returned.
 *
 * @param response the initial response (headers), or null when the call failed before it
 * @param events   the decoded chunk JSON (InvokeModelWithResponseStream) or the union members (ConverseStream)
 * @param error    what the handler's {@code onError} received, or null ({@code CompletionException} wrappers removed)
 * @param failure  the cause the future completed exceptionally with, or null when it completed normally
 */
record StreamCapture<R, E>(R response, List<E> events, Throwable error, Throwable failure) {

    private static final long TIMEOUT_SECONDS = 10;

    /** {@code invokeModelWithResponseStream}, each chunk's {@code bytes} decoded as JSON. */
    static StreamCapture<InvokeModelWithResponseStreamResponse, JsonNode> invoke(BedrockRuntimeAsyncClient client,
                                                                                  String modelId, String body) {
        return invoke(client, modelId, body, r -> { });
    }

    /** The same with more of the request set by {@code more} (e.g. guardrail headers). */
    static StreamCapture<InvokeModelWithResponseStreamResponse, JsonNode> invoke(
            BedrockRuntimeAsyncClient client, String modelId, String body,
            java.util.function.Consumer<software.amazon.awssdk.services.bedrockruntime.model
                    .InvokeModelWithResponseStreamRequest.Builder> more) {
        var response = new CompletableFuture<InvokeModelWithResponseStreamResponse>();
        List<JsonNode> chunks = new CopyOnWriteArrayList<>();
        var error = new CompletableFuture<Throwable>();
        var handler = InvokeModelWithResponseStreamResponseHandler.builder()
                .onResponse(response::complete)
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk(chunk -> chunks.add(BedrockSdk.json(chunk.bytes())))
                        .build())
                .onError(error::complete)
                .build();
        CompletableFuture<Void> call = client.invokeModelWithResponseStream(
                r -> more.accept(r.modelId(modelId).contentType("application/json").accept("application/json")
                        .body(utf8(body))),
                handler);
        Throwable failure = await(call);
        return new StreamCapture<>(response.getNow(null), List.copyOf(chunks), unwrapped(error.getNow(null)), failure);
    }

    /** {@code converseStream}, each event kept as the SDK's union member. */
    static StreamCapture<ConverseStreamResponse, ConverseStreamOutput> converse(BedrockRuntimeAsyncClient client,
                                                                              ConverseStreamRequest request) {
        var response = new CompletableFuture<ConverseStreamResponse>();
        List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
        var error = new CompletableFuture<Throwable>();
        var handler = ConverseStreamResponseHandler.builder()
                .onResponse(response::complete)
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onMessageStart(events::add)
                        .onContentBlockStart(events::add)
                        .onContentBlockDelta(events::add)
                        .onContentBlockStop(events::add)
                        .onMessageStop(events::add)
                        .onMetadata(events::add)
                        .build())
                .onError(error::complete)
                .build();
        Throwable failure = await(client.converseStream(request, handler));
        return new StreamCapture<>(response.getNow(null), List.copyOf(events), unwrapped(error.getNow(null)), failure);
    }

    private static Throwable unwrapped(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Throwable await(CompletableFuture<Void> call) {
        try {
            call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return unwrapped(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the stream", e);
        } catch (TimeoutException e) {
            throw new AssertionError("the stream did not end within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
