package dev.modelgate.emulator.api;

import dev.modelgate.emulator.auth.Caller;
import dev.modelgate.emulator.bedrock.BedrockException;
import dev.modelgate.emulator.bedrock.ModelCatalog;
import dev.modelgate.emulator.bedrock.Operation;
import dev.modelgate.emulator.bedrock.ResolvedModel;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bedrock runtime over HTTP: {@code InvokeModel}, {@code InvokeModelWithResponseStream}, {@code Converse},
 * {@code ConverseStream}. Order of checks as AWS: the model identifier, IAM, injected faults, the body, then the
 * answer after the configured latency.
 */
public final class BedrockRuntimeApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelCatalog catalog;
    private final FaultInjector faults;
    private final StreamWriter streams;

    public BedrockRuntimeApi(ModelCatalog catalog, FaultInjector faults, Clock clock) {
        this.catalog = catalog;
        this.faults = faults;
        this.streams = new StreamWriter();
    }

    /** Answers a request routed to the Bedrock runtime by an authenticated caller. */
    public Reply handle(Request request, Route route, Caller caller) {
        String operation = route.operation();
        try {
            ResolvedModel model = catalog.resolve(route.label(), caller.region(), caller.principal().accountId(),
                    operationOf(operation));
            Authorization.require(caller, operationOf(operation).iamAction(), model.resourceArns());
            Fault fault = faults.take(route.label(), operation);
            if (fault != null && fault.kind().isError()) {
                return BedrockErrors.error(fault.kind().status(), fault.kind().errorType(), fault.kind().message());
            }
            JsonNode body = parse(request.body());
            Latency latency = faults.latencyFor(route.label());
            return switch (operation) {
                case "InvokeModel" -> invoke(model, body, latency, fault);
                case "Converse" -> converse(model, body, latency, fault);
                case "InvokeModelWithResponseStream" -> streams.invokeStream(model, body, latency, fault);
                default -> streams.converseStream(model, body, latency, fault);
            };
        } catch (BedrockException e) {
            return BedrockErrors.error(e.httpStatus(), e.errorType(), e.message());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BedrockErrors.error(500, "InternalServerException", "The request was interrupted.");
        }
    }

    private static Operation operationOf(String operation) {
        return switch (operation) {
            case "InvokeModel" -> Operation.INVOKE;
            case "InvokeModelWithResponseStream" -> Operation.INVOKE_STREAM;
            case "Converse" -> Operation.CONVERSE;
            default -> Operation.CONVERSE_STREAM;
        };
    }

    private static Reply invoke(ResolvedModel model, JsonNode body, Latency latency, Fault fault) throws InterruptedException {
        long started = System.nanoTime();
        var generation = model.family().generate(model.family().parse(body, model.servedModelId()));
        byte[] answer = model.family().invokeResponse(generation, model.servedModelId());
        latency.beforeAnswer();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(elapsedMillis(started)));
        headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(generation.inputTokens()));
        headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(generation.outputTokens()));
        return new Reply.Full(200, headers, damaged(answer, fault));
    }

    private static Reply converse(ResolvedModel model, JsonNode body, Latency latency, Fault fault) throws InterruptedException {
        long started = System.nanoTime();
        var generation = model.family().generate(dev.modelgate.emulator.bedrock.ModelFamily.parseConverse(body));
        latency.beforeAnswer();
        byte[] answer = model.family().converseResponse(generation, elapsedMillis(started));
        return new Reply.Full(200, Map.of("Content-Type", "application/json"), damaged(answer, fault));
    }

    /** Applies a body fault: the answer cut in half, or replaced by something that is not JSON. */
    static byte[] damaged(byte[] answer, Fault fault) {
        if (fault == null) {
            return answer;
        }
        if (fault.kind() == FaultKind.TRUNCATED_BODY) {
            return java.util.Arrays.copyOf(answer, answer.length / 2);
        }
        if (fault.kind() == FaultKind.NON_JSON_BODY) {
            return "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return answer;
    }

    static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw BedrockException.malformedInput("the request body is empty");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw BedrockException.malformedInput("expected a JSON object, found invalid JSON");
        }
    }
}
