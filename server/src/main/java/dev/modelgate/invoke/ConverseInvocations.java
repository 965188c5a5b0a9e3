package dev.modelgate.invoke;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.StoredModel;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.workspace.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import tools.jackson.databind.JsonNode;

/**
 * What agents call for a Converse model: the invoke body read and merged with the model's defaults
 * ({@link ConverseRequests}), one {@code Converse} call ({@link ConverseInvoker}), metered like every invocation.
 * The usage outcome is {@code OK}, {@value #GUARDRAIL_INTERVENED} (stop reason {@code guardrail_intervened}: an
 * answer, not an error), or the failure's kind. The model's total timeout is one {@link Deadline} started before
 * the body is read.
 */
public final class ConverseInvocations {

    /** The outcome of a call a guardrail intervened in. */
    public static final String GUARDRAIL_INTERVENED = "GUARDRAIL_INTERVENED";

    private final ExternalModels models;
    private final ConverseInvoker invoker;
    private final UsageRecorder usage;
    private final Clock clock;
    private final MeterRegistry meters;

    public ConverseInvocations(ExternalModels models, ConverseInvoker invoker, UsageRecorder usage, Clock clock,
                               MeterRegistry meters) {
        this.models = Objects.requireNonNull(models, "models");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** One answered Converse invocation. */
    public record Result(StoredModel model, ConverseCall call, String outcome, Duration latency) {
    }

    /**
     * Invokes a Converse model found by {@link Invocations#invocable}.
     *
     * @param body the whole invoke body, an object
     * @throws dev.modelgate.validation.InvalidInputException when the body breaks a rule (not metered)
     * @throws AssumeRoleException when the tenant's role cannot be assumed
     * @throws InvokeException     when Bedrock refuses or cannot be reached
     */
    public Result invoke(Workspace workspace, StoredModel stored, JsonNode body) {
        ModelConfiguration configuration = models.compiled(stored);
        Deadline deadline = invoker.invoker().deadline(configuration);
        // Reading first: a body that breaks a rule is the caller's mistake, not a call to meter.
        ConverseRequest request = ConverseInvoker.request(configuration,
                ConverseRequests.read(body, configuration.converse(), false));
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        long started = System.nanoTime();
        try {
            deadline.check(Deadline.Step.RENDER, 0);
            ConverseCall call = invoker.converse(workspace.id(), key, configuration, request, deadline);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            String outcome = call.guardrailIntervened() ? GUARDRAIL_INTERVENED : UsageRecord.OK;
            record(workspace, stored, outcome, call.inputTokens(), call.outputTokens(), latency, call.requestId());
            return new Result(stored, call, outcome, latency);
        } catch (AssumeRoleException e) {
            record(workspace, stored, "ASSUME_ROLE_" + e.reason().name(), null, null,
                    Duration.ofNanos(System.nanoTime() - started), e.requestId().orElse(null));
            throw e;
        } catch (InvokeException e) {
            record(workspace, stored, e.kind().name(), null, null, Duration.ofNanos(System.nanoTime() - started),
                    e.requestId().orElse(null));
            throw e;
        }
    }

    private void record(Workspace workspace, StoredModel model, String outcome, Long inputTokens, Long outputTokens,
                        Duration latency, String requestId) {
        meters.timer(Invocations.TIMER, "outcome", outcome).record(latency);
        TokenSource source = inputTokens == null && outputTokens == null ? TokenSource.NONE : TokenSource.CONVERSE;
        usage.record(UsageRecord.create(workspace.id(), model.id(), model.name(), UsageKind.INVOKE, outcome,
                inputTokens, outputTokens, source, latency.toMillis(), requestId, clock.instant()));
    }
}
