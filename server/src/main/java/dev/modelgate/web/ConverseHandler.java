package dev.modelgate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.modelgate.invoke.ConverseCall;
import dev.modelgate.invoke.ConverseInvocations;
import dev.modelgate.model.StoredModel;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import java.util.ArrayList;
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

    public ConverseHandler(ConverseInvocations invocations) {
        this.invocations = invocations;
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

    /** The answer to a Converse model's invocation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConverseResponse(String model, String modelId, String outcome, Output output, Usage usage,
                                   long latencyMs, Long bedrockLatencyMs, String requestId, int attempts) {
    }

    ConverseResponse invoke(Workspace workspace, StoredModel model, InvokeController.InvokeRequest request) {
        ConverseInvocations.Result result = invocations.invoke(workspace, model, body(request));
        ConverseCall call = result.call();
        return new ConverseResponse(model.name(), call.modelId(), result.outcome(),
                new Output(call.text(), call.stopReason(), call.message()),
                new Usage(call.inputTokens(), call.outputTokens(), call.cacheReadInputTokens(),
                        call.cacheWriteInputTokens(), call.inputTokens() == null ? null : "CONVERSE",
                        call.outputTokens() == null ? null : "CONVERSE"),
                result.latency().toMillis(), call.bedrockLatencyMillis(), call.requestId(), call.attempts());
    }

    /** A streamed answer through ConverseStream. */
    void stream(Workspace workspace, StoredModel model, InvokeController.InvokeRequest request, String path,
                jakarta.servlet.http.HttpServletResponse response) {
        throw new InvalidInputException(Violation.of("stream", "not-supported", "a Converse model is not streamed "
                + "yet: leave stream out"));
    }

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
