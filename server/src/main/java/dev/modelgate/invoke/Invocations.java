package dev.modelgate.invoke;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.StoredModel;
import dev.modelgate.openai.ChatCompletions;
import dev.modelgate.tracing.TraceSpan;
import dev.modelgate.tracing.Tracing;
import dev.modelgate.usage.TokenSource;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.usage.UsageRecord;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.workspace.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * What agents call: a workspace's model, by name, with prompt variables. Only a model's live revision is invoked
 * (never a draft), by the live revision's name, and only with inference enabled; every call that reaches Bedrock (or tries to assume the role) is metered, whatever its outcome, and
 * the usage record is written before the answer goes back. The model's total timeout is one {@link Deadline} started
 * before the body is rendered: the call fails with TIMEOUT (metered) when it passes in any step. Each metered call is
 * a span of the invoker's {@link Tracing}, with its attempts and its output mapping as children
 * ({@link InvocationSpans}).
 */
public final class Invocations {

    /** The outcome of a call whose mapping did not fit the answer; the call itself succeeded. */
    public static final String MAPPING_FAILED = "MAPPING_FAILED";
    /** The outcome of a call the model's guardrail intervened in: answered, with the guardrail's message. */
    public static final String GUARDRAIL_INTERVENED = "GUARDRAIL_INTERVENED";

    private final ExternalModels models;
    private final ModelInvoker invoker;
    private final UsageRecorder usage;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Tracing tracing;

    /**
     * @param meters where {@value #TIMER} (tagged {@code outcome}: OK, MAPPING_FAILED, GUARDRAIL_INTERVENED,
     *               THROTTLED, ...) is recorded
     */
    public Invocations(ExternalModels models, ModelInvoker invoker, UsageRecorder usage, Clock clock,
                       MeterRegistry meters) {
        this.models = Objects.requireNonNull(models, "models");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tracing = invoker.tracing();
    }

    /** The timer of every metered invocation, Modelgate's whole handling included. */
    public static final String TIMER = "modelgate.invocations";

    /** One answered invocation. */
    public record Result(StoredModel model, ModelInvocation invocation, Duration latency) {
    }

    /**
     * Invokes the workspace's model {@code modelName}.
     *
     * @throws NotFoundException           when the workspace has no model of that name
     * @throws ModelNotInvocableException  when it is disabled or not READY
     * @throws dev.modelgate.validation.InvalidInputException when the values do not fit its variables
     * @throws AssumeRoleException         when the tenant's role cannot be assumed
     * @throws InvokeException             when Bedrock refuses or cannot be reached
     */
    public Result invoke(Workspace workspace, String modelName, Map<String, JsonNode> values) {
        return invoke(workspace, invocable(workspace, modelName), values);
    }

    /**
     * The workspace's model {@code modelName}, if it may be invoked.
     *
     * @throws NotFoundException           when the workspace has no model of that name
     * @throws ModelNotInvocableException  when it is disabled or has no live revision
     */
    public StoredModel invocable(Workspace workspace, String modelName) {
        return invocable(models, workspace, modelName);
    }

    /** Invokes a model found by {@link #invocable} (a template model), metered as {@link UsageKind#INVOKE}. */
    public Result invoke(Workspace workspace, StoredModel stored, Map<String, JsonNode> values) {
        return invoke(workspace, stored, values, UsageKind.INVOKE);
    }

    /** Invokes a model found by {@link #invocable} (a template model), metered as {@code kind}. */
    public Result invoke(Workspace workspace, StoredModel stored, Map<String, JsonNode> values, UsageKind kind) {
        return invoke(workspace, stored, values, kind, Router.Hop.primary(stored));
    }

    /**
     * Invokes a model found by {@link #invocable} (a template model), metered as {@code kind} and as {@code hop} of a
     * routed call ({@link Router}).
     */
    public Result invoke(Workspace workspace, StoredModel stored, Map<String, JsonNode> values, UsageKind kind,
                         Router.Hop hop) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hop, "hop");
        ModelConfiguration configuration = models.compiled(stored);
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        // The model's total timeout covers everything from here: rendering, every attempt, reading and mapping.
        Deadline deadline = invoker.deadline(configuration);
        // Rendering first: values that do not fit are the caller's mistake, not a call to meter.
        byte[] body = configuration.requestTemplate().render(values, "variables");
        long started = System.nanoTime();
        TraceSpan span = InvocationSpans.invocation(tracing, workspace, stored, configuration, kind, false);
        try (TraceSpan.Scope ignored = span.enter()) {
            deadline.check(Deadline.Step.RENDER, 0);
            BedrockCall call = invoker.call(workspace.id(), key, configuration, body, deadline);
            ModelInvocation invocation = ModelInvoker.complete(call, configuration, deadline, tracing);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            record(span, workspace, stored, kind, hop, invocation.guardrailIntervened() ? GUARDRAIL_INTERVENED
                            : invocation.mapping().successful() ? "OK" : MAPPING_FAILED,
                    invocation.inputTokens(), invocation.outputTokens(), tokenSource(invocation), latency,
                    call.requestId());
            if (span.recording() && invocation.mapping().successful()) {
                InvocationSpans.finishReason(span, invocation.guardrailIntervened() ? ConverseCall.GUARDRAIL_INTERVENED
                        : ChatCompletions.stopReason(invocation.mapping().output().extras()));
            }
            return new Result(stored, invocation, latency);
        } catch (AssumeRoleException e) {
            record(span, workspace, stored, kind, hop, "ASSUME_ROLE_" + e.reason().name(), OptionalLong.empty(),
                    OptionalLong.empty(), TokenSource.NONE, Duration.ofNanos(System.nanoTime() - started),
                    e.requestId().orElse(null));
            throw e;
        } catch (InvokeException e) {
            record(span, workspace, stored, kind, hop, e.kind().name(), OptionalLong.empty(), OptionalLong.empty(),
                    TokenSource.NONE, Duration.ofNanos(System.nanoTime() - started), e.requestId().orElse(null));
            throw e;
        } catch (RuntimeException e) {
            InvocationSpans.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The workspace's model {@code modelName}, when it may be invoked.
     *
     * @throws NotFoundException          when the workspace has no model of that name
     * @throws ModelNotInvocableException when it is disabled or not READY
     */
    static StoredModel invocable(ExternalModels models, Workspace workspace, String modelName) {
        StoredModel live = models.live(workspace.id(), modelName).orElse(null);
        if (live != null) {
            if (!live.inferenceEnabled()) {
                throw new ModelNotInvocableException(ModelNotInvocableException.Reason.INFERENCE_DISABLED,
                        live.name(), live.id(), live.revision());
            }
            return live;
        }
        // No live revision goes by that name: a model never promoted, or a draft's new name.
        StoredModel saved = models.findByName(workspace.id(), modelName).orElseThrow(
                () -> new NotFoundException("no model named \"" + modelName + "\""));
        if (!saved.inferenceEnabled()) {
            throw new ModelNotInvocableException(ModelNotInvocableException.Reason.INFERENCE_DISABLED, saved.name(),
                    saved.id(), saved.revision());
        }
        throw new ModelNotInvocableException(ModelNotInvocableException.Reason.NOT_READY, saved.name(), saved.id(),
                saved.revision());
    }

    /** Where the counts came from: the mapping, or Bedrock's headers where the mapping has none. */
    static TokenSource tokenSource(ModelInvocation invocation) {
        return TokenSource.of(invocation.inputTokens().isPresent(),
                invocation.mapping().inputTokens() instanceof dev.modelgate.mapping.MappingResult.Mapped,
                invocation.outputTokens().isPresent(),
                invocation.mapping().outputTokens() instanceof dev.modelgate.mapping.MappingResult.Mapped);
    }

    private void record(TraceSpan span, Workspace workspace, StoredModel model, UsageKind kind, Router.Hop hop,
                        String outcome,
                        OptionalLong inputTokens, OptionalLong outputTokens, TokenSource source, Duration latency,
                        String requestId) {
        InvocationSpans.outcome(span, outcome, inputTokens, outputTokens);
        meters.timer(TIMER, "outcome", outcome).record(latency);
        usage.record(UsageRecord.create(workspace.id(), model.id(), model.name(), kind, outcome,
                boxed(inputTokens), boxed(outputTokens), source, latency.toMillis(), requestId, clock.instant())
                .withRevision(model.revision()).withRoute(hop.requested(), hop.reason()));
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
