package dev.modelgate.invoke;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.invoke.Deadline.Step;
import dev.modelgate.invoke.InvokeException.Kind;
import dev.modelgate.model.ModelConfiguration;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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

    private final TenantCredentials credentials;
    private final BedrockClients clients;
    private final RetryPolicy retryPolicy;
    private final LongUnaryOperator jitter;

    public StreamingInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy) {
        this(credentials, clients, retryPolicy, RetryPolicy.FULL_JITTER);
    }

    StreamingInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy,
                     LongUnaryOperator jitter) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
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
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(deadline, "deadline");
        int attempts = 0;
        int retries = 0;
        boolean refreshed = false;
        while (true) {
            if (deadline.expired()) {
                throw deadline.exceeded(Step.ATTEMPT, attempts, null);
            }
            attempts++;
            try {
                return attempt(workspaceId, key, configuration, body, attempts, deadline);
            } catch (Deadline.DeadlineExceededException e) {
                throw e;
            } catch (InvokeException e) {
                if (deadline.expired()) {
                    throw e;
                }
                if (e.kind() == Kind.EXPIRED_CREDENTIALS && !refreshed) {
                    refreshed = true;
                    credentials.invalidate(key);
                    continue;
                }
                if (!BedrockFailures.retryable(e) || ++retries >= retryPolicy.maxAttempts()) {
                    throw e;
                }
                Duration delay = retryPolicy.delayAfter(retries, jitter);
                if (!deadline.allows(delay)) {
                    throw e;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private ModelStream attempt(String workspaceId, SessionKey key, ModelConfiguration configuration, byte[] body,
                                int attempts, Deadline deadline) {
        String modelId = configuration.modelReference().modelId();
        StreamHandoff<ResponseStream> handoff = new StreamHandoff<>();
        AtomicReference<String> requestId = new AtomicReference<>();
        InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
                .onResponse(response -> requestId.set(response.responseMetadata().requestId()))
                .onEventStream(publisher -> publisher.subscribe(handoff))
                .onError(handoff::fail)
                .build();
        CompletableFuture<Void> exchange;
        try {
            exchange = clients.asyncClient(configuration.region(), configuration.timeouts().connect())
                    .invokeModelWithResponseStream(request(workspaceId, key, configuration, modelId, body), handler);
        } catch (RuntimeException e) {
            throw failure(e, attempts);
        }
        exchange.whenComplete((ignored, error) -> {
            if (error != null) {
                handoff.fail(error);
            }
        });
        StreamHandoff.Signal<ResponseStream> first;
        try {
            first = handoff.next(deadline.remaining());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handoff.cancel();
            exchange.cancel(true);
            throw new InvokeException(Kind.UNAVAILABLE, "interrupted while waiting for the stream", 0, null, null,
                    attempts, e);
        }
        if (first == null) {
            handoff.cancel();
            exchange.cancel(true);
            throw deadline.exceeded(Step.ATTEMPT, attempts, null);
        }
        if (first instanceof StreamHandoff.Failed<ResponseStream>(Throwable error)) {
            handoff.cancel();
            throw failure(error, attempts);
        }
        return new ModelStream(handoff, exchange, modelId, requestId.get(), attempts, first);
    }

    private static RuntimeException failure(Throwable error, int attempts) {
        AssumeRoleException assumeRole = ModelInvoker.assumeRoleCause(error);
        return assumeRole != null ? assumeRole : StreamFailures.translate(error, attempts);
    }

    /** The request, built in this one place, with the model's request options (guardrail, latency, service tier). */
    private InvokeModelWithResponseStreamRequest request(String workspaceId, SessionKey key,
                                                         ModelConfiguration configuration, String modelId,
                                                         byte[] body) {
        InvokeModelWithResponseStreamRequest.Builder builder = configuration.options()
                .applyTo(InvokeModelWithResponseStreamRequest.builder())
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(body))
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .credentialsProvider(credentials.provider(key, workspaceId))
                        .build());
        return builder.build();
    }

    @Override
    public String toString() {
        return "StreamingInvoker[" + clients + ", " + retryPolicy + "]";
    }
}
