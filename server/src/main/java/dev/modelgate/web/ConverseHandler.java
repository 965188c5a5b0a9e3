package dev.modelgate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelgate.invoke.ConverseCall;
import dev.modelgate.invoke.ConverseInvocations;
import dev.modelgate.model.StoredModel;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.invoke.Router;
import dev.modelgate.invoke.StreamingInvocations;
import dev.modelgate.usage.UsageKind;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.function.BiFunction;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/models/{name}/invoke} for a Converse model: a single turn ({@code {"variables": {"prompt": …,
 * "system.prompt": …}}}) or Converse's own JSON ({@code messages}, {@code system}, {@code inferenceConfig},
 * {@code toolConfig}, {@code additionalModelRequestFields}). Answers the text, the assistant's message (text and
 * tool calls, ready to send back), the stop reason and Converse's usage; outcome {@code GUARDRAIL_INTERVENED} when a
 * guardrail stepped in.
 */
@Component
public class ConverseHandler {

    private final ConverseInvocations invocations;
    private final Router router;

    public ConverseHandler(ConverseInvocations invocations, Router router) {
        this.invocations = invocations;
        this.router = router;
    }

    /** The answer's output: text, stop reason and the assistant's message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String text, String stopReason, JsonNode message) {
    }

    /** Converse's usage; the sources are {@code CONVERSE} where a count is known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Usage(Long inputTokens, Long outputTokens, Long cacheReadInputTokens, Long cacheWriteInputTokens,
                        String inputTokensSource, String outputTokensSource) {
    }

    /** The answer to a Converse model's invocation; {@code revision} is the live revision that answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConverseResponse(String model, long revision, String modelId, String outcome, Output output, Usage usage,
                                   long latencyMs, Long bedrockLatencyMs, String requestId, int attempts,
                                   Router.Route route) {
    }

    ConverseResponse invoke(Workspace workspace, StoredModel requested, InvokeController.InvokeRequest request,
                            HttpServletResponse response) {
        ObjectNode body = body(request);
        Router.Routed<ConverseInvocations.Result> routed = router.route(workspace, requested,
                (link, hop) -> invocations.invoke(workspace, link, body, UsageKind.INVOKE, hop));
        RouteHeaders.set(response, routed.route());
        ConverseInvocations.Result result = routed.value();
        StoredModel model = result.model();
        ConverseCall call = result.call();
        return new ConverseResponse(model.name(), model.revision(), call.modelId(), result.outcome(),
                new Output(call.text(), call.stopReason(), call.message()),
                new Usage(call.inputTokens(), call.outputTokens(), call.cacheReadInputTokens(),
                        call.cacheWriteInputTokens(), call.inputTokens() == null ? null : "CONVERSE",
                        call.outputTokens() == null ? null : "CONVERSE"),
                result.latency().toMillis(), call.bedrockLatencyMillis(), call.requestId(), call.attempts(),
                routed.route());
    }

    /**
     * A streamed answer through ConverseStream: {@code delta} events with text as it comes, a {@code toolUse} event
     * when a tool block completes, then {@code done} (the non-streamed answer's members but the text and the message,
     * with {@code timeToFirstTokenMs}) or one {@code error}. A failure before the first event is thrown (an ordinary
     * problem+json); a client that goes away cancels Bedrock's stream.
     */
    void stream(Workspace workspace, StoredModel requested, InvokeController.InvokeRequest request, String path,
                HttpServletResponse response, BiFunction<ModelgateException, String, ObjectNode> problem) {
        ObjectNode body = body(request);
        Router.Routed<ConverseInvocations.Opened> routed = router.route(workspace, requested,
                (link, hop) -> invocations.open(workspace, link, body, UsageKind.INVOKE, hop));
        ConverseInvocations.Opened opened = routed.value();
        StoredModel model = opened.model();
        RouteHeaders.set(response, routed.route());
        EventStreamResponse events = EventStreamResponse.open(response);
        ConverseInvocations.Summary summary = invocations.relay(opened, new ConverseInvocations.Listener() {
            @Override
            public boolean delta(String text) {
                return events.delta(text);
            }

            @Override
            public boolean toolUse(String toolUseId, String name, JsonNode input) {
                ObjectNode event = JSON.createObjectNode().put("toolUseId", toolUseId).put("name", name);
                event.set("input", input);
                return events.send("toolUse", event);
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
                throw summary.failure();
            }
            events.send("error", problem.apply(summary.failure(), path));
        } else {
            events.send("done", done(model, summary, routed.route()));
        }
        events.close();
    }

    private static ObjectNode done(StoredModel model, ConverseInvocations.Summary summary, Router.Route route) {
        ObjectNode done = JSON.createObjectNode();
        done.put("model", model.name());
        done.put("revision", model.revision());
        done.put("modelId", summary.modelId());
        done.put("outcome", summary.outcome());
        ObjectNode output = done.putObject("output");
        if (summary.stopReason() != null) {
            output.put("stopReason", summary.stopReason());
        }
        ObjectNode usage = done.putObject("usage");
        putCount(usage, "inputTokens", summary.inputTokens());
        putCount(usage, "outputTokens", summary.outputTokens());
        putCount(usage, "cacheReadInputTokens", summary.cacheReadInputTokens());
        putCount(usage, "cacheWriteInputTokens", summary.cacheWriteInputTokens());
        if (summary.inputTokens() != null) {
            usage.put("inputTokensSource", "CONVERSE");
        }
        if (summary.outputTokens() != null) {
            usage.put("outputTokensSource", "CONVERSE");
        }
        done.put("latencyMs", summary.latency().toMillis());
        putCount(done, "bedrockLatencyMs", summary.bedrockLatencyMillis());
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

    private static void putCount(ObjectNode node, String name, Long value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The invoke body as one JSON object, the members given. */
    static ObjectNode body(InvokeController.InvokeRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (request.variables() != null) {
            ObjectNode variables = body.putObject("variables");
            request.variables().forEach(variables::set);
        }
        put(body, "messages", request.messages());
        put(body, "system", request.system());
        put(body, "inferenceConfig", request.inferenceConfig());
        put(body, "toolConfig", request.toolConfig());
        put(body, "additionalModelRequestFields", request.additionalModelRequestFields());
        return body;
    }

    private static void put(ObjectNode body, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            body.set(name, value);
        }
    }

    /** A template model reads variables only: Converse's members are refused, naming each. */
    static void refuseConverseMembers(InvokeController.InvokeRequest request) {
        List<Violation> violations = new ArrayList<>();
        body(request).propertyNames().stream().filter(name -> !name.equals("variables")).forEach(name ->
                violations.add(Violation.of(name, "not-applicable", name + " is read by Converse models only; this "
                        + "model's api is INVOKE_MODEL and takes variables")));
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
