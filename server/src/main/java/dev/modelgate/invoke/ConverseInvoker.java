package dev.modelgate.invoke;

import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ModelConfiguration;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * Calls Bedrock's {@code Converse} for a Converse model, as the tenant's role, with {@link ModelInvoker}'s retries,
 * session refresh and {@link Deadline} ({@link ModelInvoker#withRetries}). Blocking (made for virtual threads);
 * thread-safe.
 */
public final class ConverseInvoker {

    private final ModelInvoker invoker;
    private final BedrockClients clients;

    /** Through the invoker's own clients. */
    public ConverseInvoker(ModelInvoker invoker) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.clients = invoker.clients();
    }

    /** The invoker whose retries, credentials and deadlines this one shares. */
    public ModelInvoker invoker() {
        return invoker;
    }

    /**
     * The one place a {@code ConverseRequest} is built: the model's request options (guardrail, latency, service
     * tier), its model ID and the merged parts.
     */
    public static ConverseRequest request(ModelConfiguration configuration, ConverseRequests.Parts parts) {
        ConverseRequest.Builder request = configuration.options().applyTo(ConverseRequest.builder())
                .modelId(configuration.modelReference().modelId())
                .messages(parts.messages());
        if (parts.system() != null) {
            request.system(parts.system());
        }
        if (parts.inferenceConfig() != null) {
            request.inferenceConfig(parts.inferenceConfig());
        }
        if (parts.toolConfig() != null) {
            request.toolConfig(parts.toolConfig());
        }
        if (parts.additionalModelRequestFields() != null) {
            request.additionalModelRequestFields(parts.additionalModelRequestFields());
        }
        return request.build();
    }

    /** The one place a {@code ConverseStreamRequest} is built: as {@link #request}, for ConverseStream. */
    public static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest streamRequest(
            ModelConfiguration configuration, ConverseRequests.Parts parts) {
        var request = configuration.options().applyTo(
                        software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest.builder())
                .modelId(configuration.modelReference().modelId())
                .messages(parts.messages());
        if (parts.system() != null) {
            request.system(parts.system());
        }
        if (parts.inferenceConfig() != null) {
            request.inferenceConfig(parts.inferenceConfig());
        }
        if (parts.toolConfig() != null) {
            request.toolConfig(parts.toolConfig());
        }
        if (parts.additionalModelRequestFields() != null) {
            request.additionalModelRequestFields(parts.additionalModelRequestFields());
        }
        return request.build();
    }

    /**
     * Sends {@code request} within {@code deadline}.
     *
     * @throws dev.modelgate.credentials.AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException when Bedrock refuses or cannot be reached; TIMEOUT when the deadline passed
     */
    public ConverseCall converse(String workspaceId, SessionKey key, ModelConfiguration configuration,
                                 ConverseRequest request, Deadline deadline) {
        return invoker.withRetries(InvocationSpans.CONVERSE, workspaceId, key, deadline, (overrides, attempts) -> {
            long started = System.nanoTime();
            ConverseResponse response = clients.client(configuration.region(), configuration.timeouts().connect())
                    .converse(request.toBuilder().overrideConfiguration(overrides).build());
            return new ConverseCall(request.modelId(), response, Duration.ofNanos(System.nanoTime() - started),
                    attempts);
        });
    }
}
