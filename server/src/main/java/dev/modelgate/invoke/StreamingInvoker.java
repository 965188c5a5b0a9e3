package dev.modelgate.invoke;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ModelConfiguration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * Opens a model's {@code InvokeModelWithResponseStream} through Bedrock's async (Netty) client, as the tenant's role,
 * and answers once the first event has arrived. Until then the call is handled like {@link ModelInvoker#call}:
 * throttling, 5xx and {@code ModelNotReadyException} are retried under the {@link RetryPolicy}, a session Bedrock
 * finds expired is assumed anew once, and everything is bounded by the call's {@link Deadline}. Once the first event
 * is there nothing is retried: the {@link ModelStream} relays what comes, or how it failed. Thread-safe; blocks the
 * calling (virtual) thread until the first event.
 */
public final class StreamingInvoker {

    private final ModelInvoker invoker;

    /** @param invoker whose retries, session refresh and clients the stream's opening shares */
    public StreamingInvoker(ModelInvoker invoker) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /**
     * Sends an already rendered body and waits for the stream's first event.
     *
     * @return the open stream, its first event waiting to be pulled
     * @throws AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException     when Bedrock refuses or cannot be reached, or the stream fails before its first
     *                             event (after the retries); TIMEOUT when the deadline passed
     */
    public ModelStream open(String workspaceId, SessionKey key, ModelConfiguration configuration, byte[] body,
                            Deadline deadline) {
        Objects.requireNonNull(body, "body");
        InvokeModelWithResponseStreamRequest request = request(configuration, body);
        return invoker.withRetries(InvocationSpans.INVOKE_MODEL_STREAM, workspaceId, key, deadline,
                (overrides, attempts) -> {
            StreamHandoff<ResponseStream> handoff = new StreamHandoff<>();
            AtomicReference<String> requestId = new AtomicReference<>();
            InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
                    .onResponse(response -> requestId.set(response.responseMetadata().requestId()))
                    .onEventStream(publisher -> publisher.subscribe(handoff))
                    .onError(handoff::fail)
                    .build();
            // Only the credentials: the SDK's call timeouts would end a stream longer than them; the deadline bounds it.
            InvokeModelWithResponseStreamRequest sent = request.toBuilder().overrideConfiguration(o -> o
                    .credentialsProvider(overrides.credentialsProvider().orElseThrow())).build();
            CompletableFuture<Void> exchange;
            try {
                exchange = invoker.clients().asyncClient(configuration.region(), configuration.timeouts().connect())
                        .invokeModelWithResponseStream(sent, handler);
            } catch (RuntimeException e) {
                throw StreamHandoff.failure(e, attempts);
            }
            StreamHandoff.Signal<ResponseStream> first = handoff.first(exchange, deadline, attempts);
            return new ModelStream(handoff, exchange, request.modelId(), requestId.get(), attempts, first);
        });
    }

    /** The request, built in this one place, with the model's request options (guardrail, latency, service tier). */
    private static InvokeModelWithResponseStreamRequest request(ModelConfiguration configuration, byte[] body) {
        return configuration.options().applyTo(InvokeModelWithResponseStreamRequest.builder())
                .modelId(configuration.modelReference().modelId())
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(body))
                .build();
    }

    @Override
    public String toString() {
        return "StreamingInvoker[" + invoker + "]";
    }
}
