package dev.modelgate.web;

import dev.modelgate.access.Caller;
import dev.modelgate.access.RateLimits;
import dev.modelgate.budget.Budgets;
import dev.modelgate.invoke.BedrockCall;
import dev.modelgate.invoke.Invocations;
import dev.modelgate.invoke.ModelInvocation;
import dev.modelgate.mapping.MappedOutput;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.model.ModelApi;
import dev.modelgate.model.StoredModel;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.Router;
import dev.modelgate.invoke.StreamingInvocations;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.mapping.MappingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/models/{name}/invoke}: what agents call. Answers the mapped output, the token usage (and where
 * each count came from), the model ID sent, latency and Bedrock's request ID. Failures are problem+json: 404 unknown
 * model, 403 a model outside the API key's scope, 409 disabled or not READY, 422 variables that do not fit or a body
 * Bedrock refused, 429 throttled (with {@code Retry-After}), 502 access denied / role not assumable / mapping that
 * does not fit the answer, 503 model not ready at Bedrock, 504 timed out; 429 {@code budget-exceeded} before the call
 * when a budget is spent ({@link BudgetWarnings}). With {@code "stream": true} (or {@code Accept: text/event-stream}) the answer
 * is Server-Sent Events ({@link EventStreamResponse}): {@code delta} events, then {@code done} or one {@code error};
 * a failure before the first event is still one of those problems. Every call is routed over the model's fallbacks
 * and balance ({@link Router}): the answer's {@code route} (and the stream's {@code done}) and the
 * {@code Modelgate-Served-By} header say which model served and why.
 */
@RestController
public class InvokeController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Invocations invocations;
    private final StreamingInvocations streaming;
    private final InvocationProblems problems;
    private final WorkspaceContext workspaces;
    private final ConverseHandler converse;
    private final Budgets budgets;
    private final RateLimits limits;
    private final Router router;

    public InvokeController(Invocations invocations, StreamingInvocations streaming, InvocationProblems problems,
                            WorkspaceContext workspaces, ConverseHandler converse, Budgets budgets,
                            RateLimits limits, Router router) {
        this.budgets = budgets;
        this.limits = limits;
        this.router = router;
        this.invocations = invocations;
        this.streaming = streaming;
        this.problems = problems;
        this.workspaces = workspaces;
        this.converse = converse;
    }

    /**
     * Body {@code {"variables": {"prompt": "…"}, "stream": false}}; a variable left out takes its default.
     * {@code "stream": true} (or {@code Accept: text/event-stream}) answers Server-Sent Events. A Converse model also
     * takes Converse's own members instead of variables ({@link ConverseHandler}).
     */
    public record InvokeRequest(Map<String, JsonNode> variables, Boolean stream, JsonNode messages, JsonNode system,
                                JsonNode inferenceConfig, JsonNode toolConfig, JsonNode additionalModelRequestFields) {
    }

    /** The mapped text and extra fields. */
    public record Output(String text, Map<String, JsonNode> extras) {
    }

    /**
     * Token counts, and where each came from: {@code MAPPING} (the model's output mapping) or {@code HEADERS}
     * (Bedrock's {@code X-Amzn-Bedrock-*-Token-Count}); null when neither had it.
     */
    public record Usage(Long inputTokens, Long outputTokens, String inputTokensSource, String outputTokensSource) {
    }

    /**
     * The answer to an invocation. {@code revision}: the live revision that answered. {@code outcome}: {@code OK}, or {@code GUARDRAIL_INTERVENED} when the model's
     * guardrail intervened (the text is then the guardrail's blocked message).
     */
    public record InvokeResponse(String model, long revision, String modelId,
                                 String outcome,
                                 Output output, Usage usage, long latencyMs,
                                 Long bedrockLatencyMs, String requestId, int attempts, Router.Route route) {
    }

    /**
     * Invokes the model; answers JSON, or Server-Sent Events when the body says {@code "stream": true} or the
     * {@code Accept} header names {@code text/event-stream} (then null is returned and the answer is written here).
     * A Converse model is answered by {@link ConverseHandler}.
     */
    @PostMapping(path = "/api/v1/models/{name}/invoke", consumes = "application/json",
            produces = {"application/json", EventStreamResponse.MEDIA_TYPE})
    Object invoke(@PathVariable String name, @RequestBody InvokeRequest request,
                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                  HttpServletRequest servletRequest, HttpServletResponse response) {
        var workspace = workspaces.current();
        Caller caller = Callers.require();
        caller.checkModel(name);
        StoredModel model = invocations.invocable(workspace, name);
        BudgetWarnings.check(budgets, workspace, caller, response);
        TokenReservations.acquire(limits, caller, servletRequest, () -> JSON.writeValueAsBytes(request).length);
        boolean stream = Boolean.TRUE.equals(request.stream()) || acceptsEventStream(accept);
        if (model.api() == ModelApi.CONVERSE) {
            if (stream) {
                converse.stream(workspace, model, request, servletRequest.getRequestURI(), response, this::problem);
                return null;
            }
            return converse.invoke(workspace, model, request, response);
        }
        ConverseHandler.refuseConverseMembers(request);
        Map<String, JsonNode> values = request.variables() == null ? Map.of() : request.variables();
        if (stream) {
            stream(model, values, servletRequest.getRequestURI(), response);
            return null;
        }
        Router.Routed<Invocations.Result> routed = router.route(workspace, model,
                (link, hop) -> invocations.invoke(workspace, link, values, UsageKind.INVOKE, hop));
        RouteHeaders.set(response, routed.route());
        Invocations.Result result = routed.value();
        ModelInvocation invocation = result.invocation();
        MappedOutput output = invocation.mapping().output();
        BedrockCall call = invocation.call();
        return new InvokeResponse(result.model().name(), result.model().revision(), call.modelId(),
                invocation.guardrailIntervened() ? Invocations.GUARDRAIL_INTERVENED : "OK",
                new Output(output.text(), output.extras()),
                new Usage(boxed(invocation.inputTokens()), boxed(invocation.outputTokens()),
                        source(invocation.mapping().inputTokens(), invocation.inputTokens().isPresent()),
                        source(invocation.mapping().outputTokens(), invocation.outputTokens().isPresent())),
                result.latency().toMillis(), call.bedrockLatencyMillis() < 0 ? null : call.bedrockLatencyMillis(),
                call.requestId(), call.attempts(), routed.route());
    }

    /**
     * The streamed answer: {@code delta} events as chunks arrive, then {@code done} (the non-streamed answer's members
     * but the text, and {@code timeToFirstTokenMs}) or one {@code error} (problem+json members). Until the first event
     * is written nothing is: a failure before it is thrown, and answered as an ordinary problem+json.
     */
    private void stream(StoredModel model, Map<String, JsonNode> values, String path, HttpServletResponse response) {
        var workspace = workspaces.current();
        Router.Routed<StreamingInvocations.Opened> routed = router.route(workspace, model,
                (link, hop) -> streaming.open(workspace, link, values, UsageKind.INVOKE, hop));
        StreamingInvocations.Opened opened = routed.value();
        RouteHeaders.set(response, routed.route());
        EventStreamResponse events = EventStreamResponse.open(response);
        StreamingInvocations.Summary summary = streaming.relay(opened, new StreamingInvocations.Listener() {
            @Override
            public boolean delta(String text) {
                return events.delta(text);
            }

            @Override
            public boolean idle() {
                return events.heartbeat();
            }
        });
        if (StreamingInvocations.CLIENT_CLOSED.equals(summary.outcome())) {
            return;
        }
        if (summary.failure() != null) {
            if (!events.started()) {
                throw summary.failure(); // nothing was sent: an ordinary problem+json
            }
            events.send("error", problem(summary.failure(), path));
        } else {
            events.send("done", done(opened.model(), summary, routed.route()));
        }
        events.close();
    }

    ObjectNode problem(ModelgateException failure, String path) {
        ProblemDetail problem = switch (failure) {
            case InvokeException e -> problems.invoke(e).getBody();
            case MappingException e -> problems.mapping(e).getBody();
            default -> ProblemResponses.problem(failure.code(), failure.getMessage());
        };
        // The event's "type" is "error"; the problem's code (its type URI's last segment) is "code".
        ObjectNode out = JSON.createObjectNode().put("type", "error");
        out.put("status", problem.getStatus());
        out.put("code", failure.code().code());
        out.put("title", problem.getTitle());
        out.put("detail", problem.getDetail());
        out.put("instance", problem.getInstance() == null ? path : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach((key, value) -> out.set(key, JSON.valueToTree(value)));
        }
        return out;
    }

    private static ObjectNode done(StoredModel model, StreamingInvocations.Summary summary, Router.Route route) {
        ObjectNode done = JSON.createObjectNode();
        done.put("model", model.name());
        done.put("revision", model.revision());
        done.put("modelId", summary.modelId());
        done.put("outcome", summary.outcome());
        done.putObject("output").putObject("extras");
        ObjectNode usage = done.putObject("usage");
        summary.inputTokens().ifPresent(n -> usage.put("inputTokens", n));
        summary.outputTokens().ifPresent(n -> usage.put("outputTokens", n));
        if (summary.inputTokensSource() != null) {
            usage.put("inputTokensSource", summary.inputTokensSource());
        }
        if (summary.outputTokensSource() != null) {
            usage.put("outputTokensSource", summary.outputTokensSource());
        }
        done.put("latencyMs", summary.latency().toMillis());
        if (summary.bedrockLatencyMillis() != null) {
            done.put("bedrockLatencyMs", summary.bedrockLatencyMillis());
        }
        if (summary.requestId() != null) {
            done.put("requestId", summary.requestId());
        }
        done.put("attempts", summary.attempts());
        if (summary.timeToFirstToken() != null) {
            done.put("timeToFirstTokenMs", summary.timeToFirstToken().toMillis());
        }
        done.set("route", RouteHeaders.json(route));
        return done;
    }

    /** Whether {@code Accept} names {@code text/event-stream} itself (a wildcard does not ask for a stream). */
    static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.isConcrete() && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
                    return true;
                }
            }
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        return false;
    }

    private static String source(MappingResult<Long> mapped, boolean present) {
        return mapped instanceof MappingResult.Mapped ? "MAPPING" : present ? "HEADERS" : null;
    }

    private static Long boxed(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
