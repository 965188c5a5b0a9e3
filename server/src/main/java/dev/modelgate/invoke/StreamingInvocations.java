package dev.modelgate.invoke;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.invoke.InvokeException.Kind;
import dev.modelgate.mapping.StreamMapping;
import dev.modelgate.mapping.StreamMappingReport;
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
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streamed invocations of template (INVOKE_MODEL) models: {@link #open} checks the model, renders its body and opens
 * Bedrock's stream (failing as an ordinary invocation does, before anything was sent to the caller); {@link #relay}
 * then hands each chunk's mapped text delta to a {@link Listener} as it arrives and ends with a {@link Summary}.
 *
 * <p>Every stream that reached Bedrock (or tried to assume the role) is metered once, like a non-streamed call, in
 * {@value Invocations#TIMER} tagged with its outcome: {@code OK}, {@code GUARDRAIL_INTERVENED} (a chunk carries
 * {@code "amazon-bedrock-guardrailAction": "INTERVENED"}; the text is the guardrail's), {@code MAPPING_FAILED} (the
 * stream mapping did not fit), {@code CLIENT_CLOSED} (the caller went away: the upstream stream is cancelled at once), or a failure's kind
 * ({@code THROTTLED}, {@code MODEL_STREAM_ERROR}, {@code TIMEOUT}, …) with the tokens known so far. The model's total
 * timeout bounds the whole stream, and so does the process stopping ({@link Cutoff}: outcome {@code SHUTTING_DOWN},
 * with what was relayed until then). While no event comes, the listener is asked every {@link #IDLE_CHECK} whether its
 * client is still there.
 *
 * <p>Each metered stream is a span of the invoker's {@link Tracing} ({@link InvocationSpans}), from {@link #open} until
 * the relay ends, with the attempts that opened it as children.
 */
public final class StreamingInvocations {

    /** The outcome of a stream whose caller went away before it ended. */
    public static final String CLIENT_CLOSED = "CLIENT_CLOSED";
    /** The timer of each stream's time to its first text delta. */
    public static final String FIRST_TOKEN_TIMER = "modelgate.invocations.first-token";
    /** How long the relay waits for Bedrock's next event before asking the listener whether its client is there. */
    public static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    /** How many chunks are looked into for the answer's ID (Anthropic's comes in the first). */
    private static final int RESPONSE_ID_CHUNKS = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExternalModels models;
    private final ModelInvoker invoker;
    private final StreamingInvoker streams;
    private final UsageRecorder usage;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Tracing tracing;

    public StreamingInvocations(ExternalModels models, ModelInvoker invoker, StreamingInvoker streams,
                                UsageRecorder usage, Clock clock, MeterRegistry meters) {
        this.models = Objects.requireNonNull(models, "models");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tracing = invoker.tracing();
    }

    /** Receives a stream's text deltas on the request's thread. */
    public interface Listener {
        /**
         * One chunk's text delta (never empty).
         *
         * @return false when the client has gone away: the stream is cancelled
         */
        boolean delta(String text);

        /**
         * Called when no event came for {@link #IDLE_CHECK}.
         *
         * @return false when the client has gone away: the stream is cancelled
         */
        boolean idle();
    }

    /** A stream whose first event arrived; {@link #relay} it, which closes it and ends its {@code span}. */
    public record Opened(Workspace workspace, StoredModel model, ModelConfiguration configuration,
                         StreamMapping mapping, ModelStream stream, Deadline deadline, long startedNanos,
                         UsageKind kind, TraceSpan span, Router.Hop hop) {
    }

    /**
     * How a relayed stream ended.
     *
     * @param outcome           the usage outcome
     * @param failure           what ended it badly ({@link InvokeException} or the mapping's
     *                          {@link dev.modelgate.mapping.MappingException}), null for OK and CLIENT_CLOSED
     * @param inputTokens       mapped, or else Bedrock's invocation metrics'
     * @param outputTokens      mapped, or else Bedrock's invocation metrics'
     * @param timeToFirstToken  from the start of the handling to the first text delta; null when none came
     * @param mapping           every stream mapping field's outcome
     */
    public record Summary(String outcome, ModelgateException failure, OptionalLong inputTokens,
                          OptionalLong outputTokens, String inputTokensSource, String outputTokensSource,
                          Duration latency, Duration timeToFirstToken, Long bedrockLatencyMillis, String modelId,
                          String requestId, int attempts, StreamMappingReport mapping, long deltas) {
    }

    /**
     * Checks the model, renders its body and opens the stream, waiting for its first event (the retries and session
     * refresh of an ordinary invocation happen here, and only here).
     *
     * @throws dev.modelgate.error.NotFoundException             when the workspace has no model of that name
     * @throws ModelNotInvocableException                        when it is disabled or not READY
     * @throws ModelgateException                                {@code streaming-not-configured} when its output
     *                                                           mapping has no stream part
     * @throws dev.modelgate.validation.InvalidInputException    when the values do not fit its variables
     * @throws AssumeRoleException                               when the tenant's role cannot be assumed (metered)
     * @throws InvokeException                                   when Bedrock refuses or the stream fails before its
     *                                                           first event (metered)
     */
    public Opened open(Workspace workspace, String modelName, Map<String, JsonNode> values) {
        return open(workspace, Invocations.invocable(models, workspace, modelName), values, UsageKind.INVOKE);
    }

    /**
     * {@link #open(Workspace, String, Map)} for a model found by {@link Invocations#invocable}, the stream metered as
     * {@code kind}.
     */
    public Opened open(Workspace workspace, StoredModel stored, Map<String, JsonNode> values, UsageKind kind) {
        return open(workspace, stored, values, kind, Router.Hop.primary(stored));
    }

    /** {@link #open(Workspace, StoredModel, Map, UsageKind)} as {@code hop} of a routed call ({@link Router}). */
    public Opened open(Workspace workspace, StoredModel stored, Map<String, JsonNode> values, UsageKind kind,
                       Router.Hop hop) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hop, "hop");
        ModelConfiguration configuration = models.compiled(stored);
        StreamMapping mapping = configuration.outputMapping().stream().orElseThrow(() -> new ModelgateException(
                ErrorCode.STREAMING_NOT_CONFIGURED, "model \"" + stored.name() + "\" cannot be streamed: its output "
                + "mapping has no stream part; add outputMapping.stream (JSONPaths into each chunk, such as "
                + "{\"text\": \"$.delta.text\"}) and run the model's Test, or invoke it without \"stream\": true"));
        SessionKey key = new SessionKey(configuration.roleArn(), ExternalId.of(workspace.externalId()),
                configuration.stsEndpoint());
        Deadline deadline = invoker.deadline(configuration);
        byte[] body = configuration.requestTemplate().render(values, "variables");
        long started = System.nanoTime();
        TraceSpan span = InvocationSpans.invocation(tracing, workspace, stored, configuration, kind, true);
        try (TraceSpan.Scope ignored = span.enter()) {
            deadline.check(Deadline.Step.RENDER, 0);
            ModelStream stream = streams.open(workspace.id(), key, configuration, body, deadline);
            return new Opened(workspace, stored, configuration, mapping, stream, deadline, started, kind, span, hop);
        } catch (AssumeRoleException e) {
            record(span, workspace, stored, kind, hop, "ASSUME_ROLE_" + e.reason().name(), OptionalLong.empty(),
                    OptionalLong.empty(), TokenSource.NONE, Duration.ofNanos(System.nanoTime() - started),
                    e.requestId().orElse(null));
            span.end();
            throw e;
        } catch (InvokeException e) {
            record(span, workspace, stored, kind, hop, e.kind().name(), OptionalLong.empty(), OptionalLong.empty(),
                    TokenSource.NONE, Duration.ofNanos(System.nanoTime() - started), e.requestId().orElse(null));
            span.end();
            throw e;
        } catch (RuntimeException e) {
            InvocationSpans.failed(span, e);
            span.end();
            throw e;
        }
    }

    /**
     * Relays an opened stream to {@code listener} until it ends, fails, runs past the model's total timeout, or the
     * listener's client goes away (then Bedrock's stream is cancelled at once); meters it, closes it and ends its
     * span. Never throws for the stream's own failures: the summary carries them.
     */
    public Summary relay(Opened opened, Listener listener) {
        return InvocationSpans.relaying(opened.span(), () -> relayToEnd(opened, listener));
    }

    private Summary relayToEnd(Opened opened, Listener listener) {
        ModelStream stream = opened.stream();
        StreamMapping.Reading reading = opened.mapping().start();
        String outcome = null;
        ModelgateException failure = null;
        Duration firstToken = null;
        long deltas = 0;
        boolean intervened = false;
        boolean responseId = false;
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
                ModelStream.Event event = stream.next(left.compareTo(IDLE_CHECK) < 0 ? left : IDLE_CHECK);
                switch (event) {
                    case null -> {
                        if (!listener.idle()) {
                            outcome = CLIENT_CLOSED;
                        }
                    }
                    case ModelStream.Chunk(byte[] bytes) -> {
                        JsonNode chunk;
                        try {
                            chunk = JSON.readTree(bytes);
                        } catch (JacksonException e) {
                            failure = new InvokeException(Kind.INVALID_RESPONSE, "chunk " + (reading.chunks() + 1)
                                    + " of the stream (" + bytes.length + " bytes) is not JSON: "
                                    + e.getOriginalMessage(), 200, null, stream.requestId(), stream.attempts(), null);
                            outcome = Kind.INVALID_RESPONSE.name();
                            break;
                        }
                        intervened |= ModelInvocation.guardrailIntervened(chunk);
                        if (!responseId) {
                            responseId = InvocationSpans.responseId(opened.span(), chunk)
                                    || reading.chunks() + 1 >= RESPONSE_ID_CHUNKS;
                        }
                        String text = reading.chunk(chunk);
                        if (text != null && !text.isEmpty()) {
                            if (firstToken == null) {
                                firstToken = Duration.ofNanos(System.nanoTime() - opened.startedNanos());
                            }
                            deltas++;
                            if (!listener.delta(text)) {
                                outcome = CLIENT_CLOSED;
                            }
                        }
                    }
                    case ModelStream.End end -> {
                        StreamMappingReport report = reading.report();
                        if (report.successful()) {
                            outcome = intervened ? Invocations.GUARDRAIL_INTERVENED : UsageRecord.OK;
                        } else {
                            failure = report.exception();
                            outcome = Invocations.MAPPING_FAILED;
                        }
                    }
                    case ModelStream.Failure(InvokeException error) -> {
                        failure = error;
                        outcome = error.kind().name();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = CLIENT_CLOSED;
        } finally {
            stream.close(); // cancels it unless it ended: a gone client, a timeout, a chunk that is not JSON
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - opened.startedNanos());
        StreamMappingReport report = reading.report();
        OptionalLong input = reading.inputTokens();
        OptionalLong output = reading.outputTokens();
        TokenSource source = TokenSource.of(input.isPresent(), reading.inputTokensMapped(), output.isPresent(),
                reading.outputTokensMapped());
        record(opened.span(), opened.workspace(), opened.model(), opened.kind(), opened.hop(), outcome, input, output,
                source,
                latency, stream.requestId());
        if (Invocations.GUARDRAIL_INTERVENED.equals(outcome)) {
            InvocationSpans.finishReason(opened.span(), ConverseCall.GUARDRAIL_INTERVENED);
        }
        if (firstToken != null) {
            meters.timer(FIRST_TOKEN_TIMER).record(firstToken);
        }
        return new Summary(outcome, failure, input, output, source(input, reading.inputTokensMapped()),
                source(output, reading.outputTokensMapped()), latency, firstToken,
                reading.bedrockLatencyMillis() < 0 ? null : reading.bedrockLatencyMillis(), stream.modelId(),
                stream.requestId(), stream.attempts(), report, deltas);
    }

    private static String source(OptionalLong count, boolean mapped) {
        return count.isEmpty() ? null : mapped ? "MAPPING" : "METRICS";
    }

    /** Usage records store Bedrock's own counts (headers, or a stream's invocation metrics) as HEADERS. */
    private void record(TraceSpan span, Workspace workspace, StoredModel model, UsageKind kind, Router.Hop hop,
                        String outcome,
                        OptionalLong inputTokens, OptionalLong outputTokens, TokenSource source, Duration latency,
                        String requestId) {
        InvocationSpans.outcome(span, outcome, inputTokens, outputTokens);
        meters.timer(Invocations.TIMER, "outcome", outcome).record(latency);
        usage.record(UsageRecord.create(workspace.id(), model.id(), model.name(), kind, outcome,
                inputTokens.isPresent() ? inputTokens.getAsLong() : null,
                outputTokens.isPresent() ? outputTokens.getAsLong() : null, source, latency.toMillis(), requestId,
                clock.instant()).withRevision(model.revision()).withRoute(hop.requested(), hop.reason()));
    }
}
