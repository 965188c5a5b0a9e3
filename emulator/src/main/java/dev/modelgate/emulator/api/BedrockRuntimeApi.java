package dev.modelgate.emulator.api;

import dev.modelgate.emulator.auth.Caller;
import dev.modelgate.emulator.bedrock.BedrockException;
import dev.modelgate.emulator.bedrock.ConverseAnswer;
import dev.modelgate.emulator.bedrock.ConverseFeatures;
import dev.modelgate.emulator.bedrock.Generation;
import dev.modelgate.emulator.bedrock.GuardrailVerdict;
import dev.modelgate.emulator.bedrock.InvocationOptions;
import dev.modelgate.emulator.bedrock.ModelFamily;
import dev.modelgate.emulator.bedrock.Modalities;
import dev.modelgate.emulator.bedrock.Prompt;
import dev.modelgate.emulator.bedrock.ModelCatalog;
import dev.modelgate.emulator.bedrock.Operation;
import dev.modelgate.emulator.bedrock.ResolvedModel;
import dev.modelgate.emulator.faults.Fault;
import dev.modelgate.emulator.faults.FaultInjector;
import dev.modelgate.emulator.faults.FaultKind;
import dev.modelgate.emulator.faults.Latency;
import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.iam.Guardrail;
import dev.modelgate.emulator.iam.World;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bedrock runtime over HTTP: {@code InvokeModel}, {@code InvokeModelWithResponseStream}, {@code Converse},
 * {@code ConverseStream}. Order of checks: the model identifier, IAM, injected faults, the body and the request's
 * options (guardrail, latency, service tier: {@link InvocationOptions}), the guardrail (it must exist, and the caller
 * needs {@code bedrock:ApplyGuardrail} on it), whether the model serves the latency and tier asked for, then the
 * answer after the configured latency.
 */
public final class BedrockRuntimeApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern GUARDRAIL_ARN =
            Pattern.compile("arn:aws(-[^:]+)?:bedrock:([a-z0-9-]{1,20}):([0-9]{12}):guardrail/([a-z0-9]+)");

    private static final String GUARDRAIL_CONFIG_MEMBER = "amazon-bedrock-guardrailConfig";

    private final ModelCatalog catalog;
    private final FaultInjector faults;
    private final Supplier<World> world;
    private final StreamWriter streams;

    /**
     * @param world the world now (its accounts hold the guardrails)
     */
    public BedrockRuntimeApi(ModelCatalog catalog, FaultInjector faults, Clock clock, Supplier<World> world) {
        this.catalog = catalog;
        this.faults = faults;
        this.world = world;
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
            Operation op = operationOf(operation);
            Prompt prompt;
            InvocationOptions options;
            if (op.converse()) {
                prompt = ModelFamily.parseConverse(body);
                options = InvocationOptions.fromConverse(body, op.streaming());
                Modalities.requireConverse(body, model.model());
                ConverseFeatures.require(body, model.model());
            } else {
                options = InvocationOptions.fromHeaders(request::header);
                guardrailConfigMember(body, options);
                prompt = model.family().parse(body, model.servedModelId());
                Modalities.requireInvoke(body, model.family(), model.model());
            }
            GuardrailVerdict verdict = guardrail(options, caller, request.body());
            options.requireSupportedBy(model.model());
            if (op.converse()) {
                ConverseAnswer answer = model.family().converse(body, prompt, options, verdict);
                return op.streaming() ? streams.converseStream(answer, latency, fault)
                        : converse(answer, latency, fault);
            }
            Generation generation = verdict != null && verdict.intervened()
                    ? model.family().blocked(prompt, verdict) : model.family().generate(body, prompt);
            return op.streaming() ? streams.invokeStream(model, generation, options, verdict, latency, fault)
                    : invoke(model, generation, options, verdict, latency, fault);
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

    /**
     * The guardrail's verdict on the request, or null when it names none. The guardrail must exist in the caller's
     * account (an ARN must name the caller's Region and account) with the version asked for, and the caller needs
     * {@code bedrock:ApplyGuardrail} on its ARN.
     *
     * @throws BedrockException ValidationException "The provided guardrail identifier is invalid." (AWS's wording) or
     *                          "The provided guardrail version is invalid." (emulator wording), AccessDeniedException
     */
    private GuardrailVerdict guardrail(InvocationOptions options, Caller caller, byte[] body) {
        InvocationOptions.GuardrailRequest asked = options.guardrail();
        if (asked == null) {
            return null;
        }
        String account = caller.principal().accountId();
        String id = asked.identifier();
        Matcher arn = GUARDRAIL_ARN.matcher(id);
        if (arn.matches()) {
            if (!arn.group(2).equals(caller.region()) || !arn.group(3).equals(account)) {
                throw BedrockException.validation("The provided guardrail identifier is invalid.");
            }
            id = arn.group(4);
        }
        String guardrailId = id;
        Guardrail guardrail = world.get().account(account).flatMap(a -> a.guardrail(guardrailId))
                .orElseThrow(() -> BedrockException.validation("The provided guardrail identifier is invalid."));
        if (!guardrail.hasVersion(asked.version())) {
            throw BedrockException.validation("The provided guardrail version is invalid.");
        }
        Authorization.require(caller, "bedrock:ApplyGuardrail", List.of(guardrail.arn(caller.region())));
        return new GuardrailVerdict(guardrail.id(), InvocationOptions.triggers(body, Guardrail.TRIGGER),
                guardrail.blockedMessage(), asked.trace());
    }

    private static Reply invoke(ResolvedModel model, Generation generation, InvocationOptions options,
                                GuardrailVerdict verdict, Latency latency, Fault fault) throws InterruptedException {
        long started = System.nanoTime();
        byte[] answer = model.family().invokeResponse(generation, model.servedModelId());
        if (verdict != null) {
            answer = ModelFamily.withGuardrail(answer, verdict, true);
        }
        latency.beforeAnswer();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(elapsedMillis(started)));
        headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(generation.inputTokens()));
        headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(generation.outputTokens()));
        optionHeaders(options, headers);
        return new Reply.Full(200, headers, damaged(answer, fault));
    }

    /**
     * Bedrock's own body member {@code amazon-bedrock-guardrailConfig} (e.g. {@code {"tagSuffix": "…"}}) is taken off
     * the body before the model sees it when a guardrail applies; without a guardrail AWS refuses it.
     */
    private static void guardrailConfigMember(JsonNode body, InvocationOptions options) {
        if (body instanceof tools.jackson.databind.node.ObjectNode object && object.has(GUARDRAIL_CONFIG_MEMBER)) {
            if (options.guardrail() == null) {
                // AWS documents this refusal; its wording is not known (emulator wording).
                throw BedrockException.validation("The request body contains " + GUARDRAIL_CONFIG_MEMBER
                        + " but no guardrail identifier was provided. Provide X-Amzn-Bedrock-GuardrailIdentifier and"
                        + " X-Amzn-Bedrock-GuardrailVersion, or remove the member, and try again.");
            }
            object.remove(GUARDRAIL_CONFIG_MEMBER);
        }
    }

    /** Echoes the latency and service tier the request asked for, as Bedrock's response headers. */
    static void optionHeaders(InvocationOptions options, Map<String, String> headers) {
        if (options.latency() != null) {
            headers.put("X-Amzn-Bedrock-PerformanceConfig-Latency", options.latency());
        }
        if (options.serviceTier() != null) {
            headers.put("X-Amzn-Bedrock-Service-Tier", options.serviceTier());
        }
    }

    private static Reply converse(ConverseAnswer answer, Latency latency, Fault fault) throws InterruptedException {
        long started = System.nanoTime();
        latency.beforeAnswer();
        byte[] body = answer.responseBody(elapsedMillis(started));
        return new Reply.Full(200, Map.of("Content-Type", "application/json"), damaged(body, fault));
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
