package dev.modelgate.web;

import dev.modelgate.invoke.BedrockCall;
import dev.modelgate.invoke.Invocations;
import dev.modelgate.invoke.ModelInvocation;
import dev.modelgate.mapping.MappedOutput;
import dev.modelgate.mapping.MappingResult;
import dev.modelgate.model.ModelApi;
import dev.modelgate.model.StoredModel;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/models/{name}/invoke}: what agents call. Answers the mapped output, the token usage (and where
 * each count came from), the model ID sent, latency and Bedrock's request ID. Failures are problem+json: 404 unknown
 * model, 409 disabled or not READY, 422 variables that do not fit or a body Bedrock refused, 429 throttled (with
 * {@code Retry-After}), 502 access denied / role not assumable / mapping that does not fit the answer, 503 model
 * not ready at Bedrock, 504 timed out.
 */
@RestController
public class InvokeController {

    private final Invocations invocations;
    private final WorkspaceContext workspaces;
    private final ConverseHandler converse;

    public InvokeController(Invocations invocations, WorkspaceContext workspaces, ConverseHandler converse) {
        this.invocations = invocations;
        this.workspaces = workspaces;
        this.converse = converse;
    }

    /**
     * Body {@code {"variables": {"prompt": "…"}}}; a variable left out takes its default. A Converse model also
     * takes Converse's own members instead ({@link ConverseHandler}).
     */
    public record InvokeRequest(Map<String, JsonNode> variables, JsonNode messages, JsonNode system,
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

    /** The answer to an invocation. */
    public record InvokeResponse(String model, String modelId, Output output, Usage usage, long latencyMs,
                                 Long bedrockLatencyMs, String requestId, int attempts) {
    }

    @PostMapping(path = "/api/v1/models/{name}/invoke", consumes = "application/json", produces = "application/json")
    Object invoke(@PathVariable String name, @RequestBody InvokeRequest request) {
        var workspace = workspaces.current();
        StoredModel model = invocations.invocable(workspace, name);
        if (model.api() == ModelApi.CONVERSE) {
            return converse.invoke(workspace, model, request);
        }
        ConverseHandler.refuseConverseMembers(request);
        Map<String, JsonNode> values = request.variables() == null ? Map.of() : request.variables();
        Invocations.Result result = invocations.invoke(workspace, model, values);
        ModelInvocation invocation = result.invocation();
        MappedOutput output = invocation.mapping().output();
        BedrockCall call = invocation.call();
        return new InvokeResponse(result.model().name(), call.modelId(), new Output(output.text(), output.extras()),
                new Usage(boxed(invocation.inputTokens()), boxed(invocation.outputTokens()),
                        source(invocation.mapping().inputTokens(), invocation.inputTokens().isPresent()),
                        source(invocation.mapping().outputTokens(), invocation.outputTokens().isPresent())),
                result.latency().toMillis(), call.bedrockLatencyMillis() < 0 ? null : call.bedrockLatencyMillis(),
                call.requestId(), call.attempts());
    }

    private static String source(MappingResult<Long> mapped, boolean present) {
        return mapped instanceof MappingResult.Mapped ? "MAPPING" : present ? "HEADERS" : null;
    }

    private static Long boxed(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
