package dev.modelgate.invoke;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * An open {@code InvokeModelWithResponseStream} answer whose first event has arrived: the consuming (request) thread
 * pulls its events with {@link #next}, each a chunk's raw JSON bytes, the end, or a failure. Backpressure comes from
 * {@link StreamHandoff}: at most {@value StreamHandoff#CAPACITY} events are requested from Bedrock beyond the one
 * being handled, so a consumer that does not pull stops Netty from reading. {@link #cancel()} (or
 * {@link #close()} before the end) cancels the subscription and the HTTP exchange: the connection is closed.
 * Nothing is retried once this exists. One consuming thread.
 */
public final class ModelStream implements AutoCloseable {

    /** What {@link #next} answers. */
    public sealed interface Event {
    }

    /** One {@code chunk} event: the decoded {@code bytes}, the model's own JSON. Not copied: do not modify. */
    public record Chunk(byte[] bytes) implements Event {
        public Chunk {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** The stream ended normally. */
    public record End() implements Event {
    }

    /** The stream failed: an exception event ({@code modelStreamErrorException}, …) or the connection broke. */
    public record Failure(InvokeException error) implements Event {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    private final StreamHandoff<ResponseStream> handoff;
    private final CompletableFuture<Void> exchange;
    private final String modelId;
    private final String requestId;
    private final int attempts;
    private StreamHandoff.Signal<ResponseStream> pending;
    private boolean ended;

    ModelStream(StreamHandoff<ResponseStream> handoff, CompletableFuture<Void> exchange, String modelId,
                String requestId, int attempts, StreamHandoff.Signal<ResponseStream> first) {
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.requestId = requestId;
        this.attempts = attempts;
        this.pending = Objects.requireNonNull(first, "first");
    }

    /**
     * The next event, waiting at most {@code wait}; null when none came in that time. After {@link End} or a
     * {@link Failure}, answers {@link End}.
     *
     * @throws InterruptedException when the thread is interrupted (the stream is not cancelled by it)
     */
    public Event next(Duration wait) throws InterruptedException {
        while (!ended) {
            StreamHandoff.Signal<ResponseStream> signal = pending;
            pending = null;
            if (signal == null) {
                signal = handoff.next(wait);
                if (signal == null) {
                    return null;
                }
            }
            switch (signal) {
                case StreamHandoff.Item<ResponseStream>(ResponseStream event) -> {
                    if (event instanceof PayloadPart part && part.bytes() != null) {
                        return new Chunk(part.bytes().asByteArrayUnsafe());
                    }
                    // Another event type (none is defined besides chunk): skipped, as the SDK would.
                }
                case StreamHandoff.Completed<ResponseStream> completed -> {
                    ended = true;
                    return new End();
                }
                case StreamHandoff.Failed<ResponseStream>(Throwable error) -> {
                    ended = true;
                    return new Failure(StreamFailures.translate(error, attempts));
                }
            }
        }
        return new End();
    }

    /** Cancels the stream now: Bedrock's connection is closed; later {@link #next} calls answer {@link End}. */
    public void cancel() {
        if (!ended) {
            ended = true;
            handoff.cancel();
            exchange.cancel(true);
        }
    }

    /** Cancels the stream unless it ended. */
    @Override
    public void close() {
        cancel();
    }

    /** The model ID as sent. */
    public String modelId() {
        return modelId;
    }

    /** Bedrock's {@code x-amzn-RequestId}, or null. */
    public String requestId() {
        return requestId;
    }

    /** Calls made, retries before the first event included. */
    public int attempts() {
        return attempts;
    }

    /** Events received from Bedrock so far. */
    public long received() {
        return handoff.received();
    }

    /** Events requested from Bedrock so far: never more than {@value StreamHandoff#CAPACITY} past those pulled. */
    public long requested() {
        return handoff.requested();
    }

    @Override
    public String toString() {
        return "ModelStream[" + modelId + ", requestId=" + requestId + ", received=" + received() + ", ended=" + ended
                + "]";
    }
}
