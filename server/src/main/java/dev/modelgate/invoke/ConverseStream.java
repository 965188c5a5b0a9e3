package dev.modelgate.invoke;

import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ModelConfiguration;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * An open {@code ConverseStream} answer whose first event has arrived, through Bedrock's async client. Opening is
 * retried like {@link ModelInvoker#call} ({@link ModelInvoker#withRetries}: throttling, 5xx, a session to assume
 * anew, the deadline); once the first event is there nothing is. Backpressure comes from {@link StreamHandoff} as for
 * {@link ModelStream}; {@link #close()} before the end cancels Bedrock's stream. One consuming thread.
 */
public final class ConverseStream implements AutoCloseable {

    /** What {@link #next} answers: an event of Converse's stream, the end, or a failure. */
    public sealed interface Event {
    }

    /** One event ({@code messageStart}, {@code contentBlockStart}, {@code contentBlockDelta}, …). */
    public record Output(ConverseStreamOutput event) implements Event {
    }

    /** The stream ended normally. */
    public record End() implements Event {
    }

    /** The stream failed: an exception event or the connection broke. */
    public record Failure(InvokeException error) implements Event {
    }

    private final StreamHandoff<ConverseStreamOutput> handoff;
    private final CompletableFuture<Void> exchange;
    private final String modelId;
    private final String requestId;
    private final int attempts;
    private StreamHandoff.Signal<ConverseStreamOutput> pending;
    private boolean ended;

    private ConverseStream(StreamHandoff<ConverseStreamOutput> handoff, CompletableFuture<Void> exchange,
                           String modelId, String requestId, int attempts,
                           StreamHandoff.Signal<ConverseStreamOutput> first) {
        this.handoff = handoff;
        this.exchange = exchange;
        this.modelId = modelId;
        this.requestId = requestId;
        this.attempts = attempts;
        this.pending = first;
    }

    /**
     * Sends {@code request} and waits for the stream's first event, within {@code deadline}.
     *
     * @throws dev.modelgate.credentials.AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException when Bedrock refuses or cannot be reached, or the stream fails before its first event
     */
    public static ConverseStream open(ModelInvoker invoker, String workspaceId, SessionKey key,
                                      ModelConfiguration configuration, ConverseStreamRequest request,
                                      Deadline deadline) {
        return invoker.withRetries(InvocationSpans.CONVERSE_STREAM, workspaceId, key, deadline,
                (overrides, attempts) -> {
            StreamHandoff<ConverseStreamOutput> handoff = new StreamHandoff<>();
            AtomicReference<String> requestId = new AtomicReference<>();
            ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                    .onResponse(response -> requestId.set(response.responseMetadata().requestId()))
                    .onEventStream(publisher -> publisher.subscribe(handoff))
                    .onError(handoff::fail)
                    .build();
            // Only the credentials: the SDK's call timeouts would end a stream longer than them; the deadline bounds it.
            ConverseStreamRequest sent = request.toBuilder().overrideConfiguration(o -> o
                    .credentialsProvider(overrides.credentialsProvider().orElseThrow())).build();
            CompletableFuture<Void> exchange;
            try {
                exchange = invoker.clients().asyncClient(configuration.region(), configuration.timeouts().connect())
                        .converseStream(sent, handler);
            } catch (RuntimeException e) {
                throw StreamHandoff.failure(e, attempts);
            }
            StreamHandoff.Signal<ConverseStreamOutput> first = handoff.first(exchange, deadline, attempts);
            return new ConverseStream(handoff, exchange, request.modelId(), requestId.get(), attempts, first);
        });
    }

    /**
     * The next event, waiting at most {@code wait}; null when none came in that time. After {@link End} or a
     * {@link Failure}, answers {@link End}.
     */
    public Event next(Duration wait) throws InterruptedException {
        if (ended) {
            return new End();
        }
        StreamHandoff.Signal<ConverseStreamOutput> signal = pending;
        pending = null;
        if (signal == null) {
            signal = handoff.next(wait);
            if (signal == null) {
                return null;
            }
        }
        return switch (signal) {
            case StreamHandoff.Item<ConverseStreamOutput>(ConverseStreamOutput event) -> new Output(event);
            case StreamHandoff.Completed<ConverseStreamOutput> completed -> {
                ended = true;
                yield new End();
            }
            case StreamHandoff.Failed<ConverseStreamOutput>(Throwable error) -> {
                ended = true;
                yield new Failure(StreamFailures.translate(error, attempts));
            }
        };
    }

    /** Cancels the stream unless it ended: Bedrock's connection is closed. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            handoff.cancel();
            exchange.cancel(true);
        }
    }

    public String modelId() {
        return modelId;
    }

    public String requestId() {
        return requestId;
    }

    public int attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "ConverseStream[" + modelId + ", requestId=" + requestId + ", attempts=" + attempts + "]";
    }
}
