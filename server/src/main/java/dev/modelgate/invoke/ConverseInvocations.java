package dev.modelgate.invoke;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.converse.ConverseRequests;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.StoredModel;
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
import java.util.Objects;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import tools.jackson.databind.JsonNode;

/**
 * What agents call for a Converse model: the invoke body read and merged with the model's defaults
 * ({@link ConverseRequests}), one {@code Converse} call ({@link ConverseInvoker}), metered like every invocation.
 * The usage outcome is {@code OK}, {@value #GUARDRAIL_INTERVENED} (stop reason {@code guardrail_intervened}: an
 * answer, not an error), or the failure's kind. The model's total timeout is one {@link Deadline} started before
 * the body is read. Each metered call (a stream until its relay ends) is a span of the invoker's {@link Tracing}, with
 * its attempts as children ({@link InvocationSpans}); the stop reason is its {@code gen_ai.response.finish_reasons}.
 */
public final class ConverseInvocations {

    /** The outcome of a call a guardrail intervened in. */
    public static final String GUARDRAIL_INTERVENED = "GUARDRAIL_INTERVENED";

    private final ExternalModels models;
    private final ConverseInvoker invoker;
    private final UsageRecorder usage;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Tracing tracing;

    public ConverseInvocations(ExternalModels models, ConverseInvoker invoker, UsageRecorder usage, Clock clock,
                               MeterRegistry meters) {
        this.models = Objects.requireNonNull(models, "models");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tracing = invoker.invoker().tracing();
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
        return invoke(workspace, stored, body, UsageKind.INVOKE);
    }

    /** {@link #invoke(Workspace, StoredModel, JsonNode)}, metered as {@code kind}. */
    public Result invoke(Workspace workspace, StoredModel stored, JsonNode body, UsageKind kind) {
        return invoke(workspace, stored, body, kind, Router.Hop.primary(stored));
    }

    /**
     * {@link #invoke(Workspace, StoredModel, JsonNode, UsageKind)} as {@code hop} of a routed call ({@link Router}).
     */
    public Result invoke(Workspace workspace, StoredModel stored, JsonNode body, UsageKind kind, Router.Hop hop) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hop, "hop");
        ModelConfiguration configuration = models.compiled(stored);
        Deadline deadline = invoker.invoker().deadline(configuration);
        // Reading first: a body that breaks a rule is the caller's mistake, not a call to meter.
        ConverseRequest request = ConverseInvoker.request(configuration,
                ConverseRequests.read(body, configuration.converse(), false));
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        long started = System.nanoTime();
        TraceSpan span = InvocationSpans.invocation(tracing, workspace, stored, configuration, kind, false);
        try (TraceSpan.Scope ignored = span.enter()) {
            deadline.check(Deadline.Step.RENDER, 0);
            ConverseCall call = invoker.converse(workspace.id(), key, configuration, request, deadline);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            String outcome = call.guardrailIntervened() ? GUARDRAIL_INTERVENED : UsageRecord.OK;
            record(span, workspace, stored, kind, hop, outcome, call.inputTokens(), call.outputTokens(),
                    call.cacheReadInputTokens(), call.cacheWriteInputTokens(), latency, call.requestId());
            InvocationSpans.finishReason(span, call.stopReason());
            return new Result(stored, call, outcome, latency);
        } catch (AssumeRoleException | InvokeException e) {
            recordFailure(span, workspace, stored, kind, hop, e, started);
            throw e;
        } catch (RuntimeException e) {
            InvocationSpans.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Meters a call that failed at the role or at Bedrock: the failure's kind is the outcome, no tokens. */
    private void recordFailure(TraceSpan span, Workspace workspace, StoredModel model, UsageKind kind, Router.Hop hop,
                               RuntimeException failure, long startedNanos) {
        String outcome = failure instanceof AssumeRoleException e ? "ASSUME_ROLE_" + e.reason().name()
                : ((InvokeException) failure).kind().name();
        String requestId = failure instanceof AssumeRoleException e ? e.requestId().orElse(null)
                : ((InvokeException) failure).requestId().orElse(null);
        record(span, workspace, model, kind, hop, outcome, null, null, null, null,
                Duration.ofNanos(System.nanoTime() - startedNanos), requestId);
    }

    private void record(TraceSpan span, Workspace workspace, StoredModel model, UsageKind kind, Router.Hop hop,
                        String outcome, Long inputTokens, Long outputTokens, Long cacheReadTokens,
                        Long cacheWriteTokens,
                        Duration latency, String requestId) {
        InvocationSpans.outcome(span, outcome, inputTokens, outputTokens);
        meters.timer(Invocations.TIMER, "outcome", outcome).record(latency);
        TokenSource source = inputTokens == null && outputTokens == null ? TokenSource.NONE : TokenSource.CONVERSE;
        usage.record(UsageRecord.create(workspace.id(), model.id(), model.name(), kind, outcome,
                inputTokens, outputTokens, source, latency.toMillis(), requestId, clock.instant(), cacheReadTokens,
                cacheWriteTokens).withRevision(model.revision()).withRoute(hop.requested(), hop.reason()));
    }

    /** Most characters of the tool-call input pieces one stream may carry, all blocks together. */
    public static final int MAX_TOOL_INPUT_CHARS = 1_000_000;

    /** A ConverseStream whose first event arrived, and what its relay needs; the relay ends its {@code span}. */
    public record Opened(Workspace workspace, StoredModel model, ConverseStream stream, Deadline deadline,
                         long startedNanos, UsageKind kind, TraceSpan span, Router.Hop hop) {
    }

    /** Told of each event a client gets; each answers false when the client went away. */
    public interface Listener {
        boolean delta(String text);

        /** A tool block completed: its ID, name and the whole input. */
        boolean toolUse(String toolUseId, String name, JsonNode input);

        /**
         * A tool block started (before any of its input): content block {@code index}, the call's ID and the tool's
         * name. Called as the event arrives, before {@link #toolUse} for the same block.
         */
        default boolean toolStart(int index, String toolUseId, String name) {
            return true;
        }

        /** One piece of the input of the tool block at {@code index}, as it arrives (the pieces joined are JSON). */
        default boolean toolInput(int index, String piece) {
            return true;
        }

        /** No event came for {@link StreamingInvocations#IDLE_CHECK}. */
        boolean idle();
    }

    /** How a relayed stream ended, with what it counted. */
    public record Summary(String outcome, dev.modelgate.error.ModelgateException failure, Long inputTokens,
                          Long outputTokens, Long cacheReadInputTokens, Long cacheWriteInputTokens, String stopReason,
                          Duration latency, Duration timeToFirstToken, Long bedrockLatencyMillis, String modelId,
                          String requestId, int attempts) {
    }

    /**
     * Reads the body and opens the model's ConverseStream, waiting for its first event (retried until then).
     *
     * @throws dev.modelgate.validation.InvalidInputException when the body breaks a rule (not metered)
     * @throws AssumeRoleException / InvokeException when the stream could not be opened (metered)
     */
    public Opened open(Workspace workspace, StoredModel stored, JsonNode body) {
        return open(workspace, stored, body, UsageKind.INVOKE);
    }

    /** {@link #open(Workspace, StoredModel, JsonNode)}, the stream metered as {@code kind}. */
    public Opened open(Workspace workspace, StoredModel stored, JsonNode body, UsageKind kind) {
        return open(workspace, stored, body, kind, Router.Hop.primary(stored));
    }

    /** {@link #open(Workspace, StoredModel, JsonNode, UsageKind)} as {@code hop} of a routed call ({@link Router}). */
    public Opened open(Workspace workspace, StoredModel stored, JsonNode body, UsageKind kind, Router.Hop hop) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hop, "hop");
        ModelConfiguration configuration = models.compiled(stored);
        Deadline deadline = invoker.invoker().deadline(configuration);
        var request = ConverseInvoker.streamRequest(configuration,
                ConverseRequests.read(body, configuration.converse(), false));
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        long started = System.nanoTime();
        TraceSpan span = InvocationSpans.invocation(tracing, workspace, stored, configuration, kind, true);
        try (TraceSpan.Scope ignored = span.enter()) {
            ConverseStream stream = ConverseStream.open(invoker.invoker(), workspace.id(), key, configuration, request,
                    deadline);
            return new Opened(workspace, stored, stream, deadline, started, kind, span, hop);
        } catch (AssumeRoleException | InvokeException e) {
            recordFailure(span, workspace, stored, kind, hop, e, started);
            span.end();
            throw e;
        } catch (RuntimeException e) {
            InvocationSpans.failed(span, e);
            span.end();
            throw e;
        }
    }

    private static final class ToolBlock {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();

        ToolBlock(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /**
     * Relays the stream to {@code listener} until it ends, fails, passes the deadline or the client goes away (then
     * Bedrock's stream is cancelled at once): text deltas as they come, each tool call once its block stops (its
     * input pieces gathered per content block, parsed once). Meters it with the tokens known and ends its span; never
     * throws for the stream's own failures.
     */
    public Summary relay(Opened opened, Listener listener) {
        return InvocationSpans.relaying(opened.span(), () -> relayToEnd(opened, listener));
    }

    private Summary relayToEnd(Opened opened, Listener listener) {
        ConverseStream stream = opened.stream();
        java.util.Map<Integer, ToolBlock> tools = new java.util.HashMap<>();
        long toolChars = 0;
        String outcome = null;
        dev.modelgate.error.ModelgateException failure = null;
        Duration firstToken = null;
        String stopReason = null;
        Long input = null;
        Long output = null;
        Long cacheRead = null;
        Long cacheWrite = null;
        Long bedrockLatency = null;
        try {
            while (outcome == null) {
                Duration left = opened.deadline().remaining();
                if (left.isZero()) {
                    InvokeException exceeded = opened.deadline().exceeded(Deadline.Step.STREAM, stream.attempts(),
                            null);
                    failure = exceeded;
                    outcome = exceeded.kind().name(); // TIMEOUT, or SHUTTING_DOWN when the process stopping cut it
                    break;
                }
                Duration check = StreamingInvocations.IDLE_CHECK;
                ConverseStream.Event event = stream.next(left.compareTo(check) < 0 ? left : check);
                switch (event) {
                    case null -> {
                        if (!listener.idle()) {
                            outcome = StreamingInvocations.CLIENT_CLOSED;
                        }
                    }
                    case ConverseStream.Output(var e) when e instanceof ContentBlockStartEvent start -> {
                        if (start.start() != null && start.start().toolUse() != null) {
                            var toolUse = start.start().toolUse();
                            tools.put(start.contentBlockIndex(), new ToolBlock(toolUse.toolUseId(), toolUse.name()));
                            if (!listener.toolStart(start.contentBlockIndex(), toolUse.toolUseId(), toolUse.name())) {
                                outcome = StreamingInvocations.CLIENT_CLOSED;
                            }
                        }
                    }
                    case ConverseStream.Output(var e) when e instanceof ContentBlockDeltaEvent delta -> {
                        if (delta.delta() == null) {
                            break;
                        }
                        String text = delta.delta().text();
                        if (text != null && !text.isEmpty()) {
                            if (firstToken == null) {
                                firstToken = Duration.ofNanos(System.nanoTime() - opened.startedNanos());
                            }
                            if (!listener.delta(text)) {
                                outcome = StreamingInvocations.CLIENT_CLOSED;
                            }
                        } else if (delta.delta().toolUse() != null && delta.delta().toolUse().input() != null) {
                            ToolBlock tool = tools.get(delta.contentBlockIndex());
                            String piece = delta.delta().toolUse().input();
                            toolChars += piece.length();
                            if (tool == null || toolChars > MAX_TOOL_INPUT_CHARS) {
                                failure = new InvokeException(InvokeException.Kind.INVALID_RESPONSE, tool == null
                                        ? "a tool input delta for content block " + delta.contentBlockIndex()
                                        + ", which did not start as a tool call"
                                        : "the stream's tool inputs pass " + MAX_TOOL_INPUT_CHARS + " characters",
                                        200, null, stream.requestId(), stream.attempts(), null);
                                outcome = InvokeException.Kind.INVALID_RESPONSE.name();
                            } else {
                                tool.input.append(piece);
                                if (!listener.toolInput(delta.contentBlockIndex(), piece)) {
                                    outcome = StreamingInvocations.CLIENT_CLOSED;
                                }
                            }
                        }
                    }
                    case ConverseStream.Output(var e) when e instanceof ContentBlockStopEvent stop -> {
                        ToolBlock tool = tools.remove(stop.contentBlockIndex());
                        if (tool != null) {
                            JsonNode parsed;
                            try {
                                parsed = tool.input.isEmpty() ? JSON.createObjectNode() : JSON.readTree(tool.input.toString());
                            } catch (tools.jackson.core.JacksonException x) {
                                failure = new InvokeException(InvokeException.Kind.INVALID_RESPONSE, "the input of tool "
                                        + "call " + tool.id + " is not JSON: " + x.getOriginalMessage(), 200, null,
                                        stream.requestId(), stream.attempts(), null);
                                outcome = InvokeException.Kind.INVALID_RESPONSE.name();
                                break;
                            }
                            if (firstToken == null) {
                                firstToken = Duration.ofNanos(System.nanoTime() - opened.startedNanos());
                            }
                            if (!listener.toolUse(tool.id, tool.name, parsed)) {
                                outcome = StreamingInvocations.CLIENT_CLOSED;
                            }
                        }
                    }
                    case ConverseStream.Output(var e) when e instanceof MessageStopEvent stop ->
                            stopReason = stop.stopReasonAsString();
                    case ConverseStream.Output(var e) when e instanceof ConverseStreamMetadataEvent metadata -> {
                        if (metadata.usage() != null) {
                            input = count(metadata.usage().inputTokens());
                            output = count(metadata.usage().outputTokens());
                            cacheRead = count(metadata.usage().cacheReadInputTokens());
                            cacheWrite = count(metadata.usage().cacheWriteInputTokens());
                        }
                        if (metadata.metrics() != null) {
                            bedrockLatency = count(metadata.metrics().latencyMs());
                        }
                    }
                    case ConverseStream.Output ignored -> {
                        // messageStart and events Modelgate does not relay
                    }
                    case ConverseStream.End end -> outcome = ConverseCall.GUARDRAIL_INTERVENED.equals(stopReason)
                            ? GUARDRAIL_INTERVENED : UsageRecord.OK;
                    case ConverseStream.Failure(InvokeException error) -> {
                        failure = error;
                        outcome = error.kind().name();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = StreamingInvocations.CLIENT_CLOSED;
        } finally {
            stream.close(); // cancels it unless it ended
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - opened.startedNanos());
        record(opened.span(), opened.workspace(), opened.model(), opened.kind(), opened.hop(), outcome, input, output,
                cacheRead,
                cacheWrite, latency, stream.requestId());
        InvocationSpans.finishReason(opened.span(), stopReason);
        return new Summary(outcome, failure, input, output, cacheRead, cacheWrite, stopReason, latency, firstToken,
                bedrockLatency, stream.modelId(), stream.requestId(), stream.attempts());
    }

    private static Long count(Number n) {
        return n == null || n.longValue() < 0 ? null : n.longValue();
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
}
