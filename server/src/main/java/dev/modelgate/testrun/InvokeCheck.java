package dev.modelgate.testrun;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.invoke.BedrockCall;
import dev.modelgate.invoke.ConverseCall;
import dev.modelgate.invoke.ConverseInvoker;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.testrun.InvokeStage.Request;
import dev.modelgate.testrun.InvokeStage.Response;
import dev.modelgate.testrun.StageResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;

/**
 * Stage 2 of a Test run: the rendered body through {@link ModelInvoker#call} (its retries and timeouts), Bedrock's
 * answer kept verbatim, then read as JSON for the mapping; all within the model's total timeout.
 */
final class InvokeCheck {

    /** The response headers a Test shows, in this order, when Bedrock sends them. */
    private static final List<String> ERROR_HEADERS = List.of("x-amzn-RequestId", "x-amzn-ErrorType", "Content-Type");

    private final ModelInvoker invoker;
    private final ConverseInvoker converse;
    private final InvokeDiagnoses diagnoses;

    InvokeCheck(ModelInvoker invoker, InvokeDiagnoses diagnoses) {
        this.invoker = invoker;
        this.converse = new ConverseInvoker(invoker);
        this.diagnoses = diagnoses;
    }

    /** What the stage produced for a Converse model: the parsed answer when it passed. */
    record ConverseResult(InvokeStage stage, ConverseCall call) {
    }

    /**
     * The stage for a Converse model: {@code request} through {@link ConverseInvoker#converse} (the same retries and
     * timeouts); the request and the answer shown as Converse's JSON.
     */
    ConverseResult runConverse(InvokeDiagnoses.Call call, ConverseRequest request) {
        long started = System.nanoTime();
        Deadline deadline = invoker.deadline(call.configuration());
        ConverseCall answer;
        try {
            answer = converse.converse(call.workspaceId(), call.key(), call.configuration(), request, deadline);
        } catch (InvokeException e) {
            AwsServiceException service = serviceCause(e);
            return new ConverseResult(failed(call, started, service == null ? null : response(service), e.attempts(),
                    diagnoses.of(e, call, aws(e, service))).stage(), null);
        } catch (AssumeRoleException e) {
            return new ConverseResult(failed(call, started, null, 0, AssumeRoleDiagnoses.of(e, call.key(),
                    Optional.empty(), Optional.empty())).stage(), null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "x-amzn-RequestId", answer.requestId());
        headers.put("Content-Type", "application/json");
        ObjectNode body = JSON.createObjectNode();
        body.putObject("output").set("message", answer.message());
        body.put("stopReason", answer.stopReason());
        ObjectNode usage = body.putObject("usage");
        usage.put("inputTokens", answer.inputTokens()).put("outputTokens", answer.outputTokens());
        if (answer.cacheReadInputTokens() != null) {
            usage.put("cacheReadInputTokens", answer.cacheReadInputTokens());
        }
        if (answer.cacheWriteInputTokens() != null) {
            usage.put("cacheWriteInputTokens", answer.cacheWriteInputTokens());
        }
        body.putObject("metrics").put("latencyMs", answer.bedrockLatencyMillis());
        byte[] bytes = JSON.writeValueAsBytes(body);
        Response response = new Response(answer.response().sdkHttpResponse().statusCode(), headers,
                new String(bytes, StandardCharsets.UTF_8), bytes.length);
        if (answer.guardrailIntervened()) {
            // The answer is the guardrail's blocked message, not the model's: as for a template model, the Test fails.
            return new ConverseResult(new InvokeStage(Outcome.FAILED, AssumeRoleCheck.millisSince(started),
                    call.region(), answer.modelId(), request(call.body()), response, answer.attempts(),
                    diagnoses.guardrailIntervened(call)), null);
        }
        return new ConverseResult(new InvokeStage(Outcome.PASSED, AssumeRoleCheck.millisSince(started), call.region(),
                answer.modelId(), request(call.body()), response, answer.attempts(), null), answer);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * What the stage produced.
     *
     * @param document the answer as JSON, when the stage passed
     */
    record Result(InvokeStage stage, BedrockCall call, JsonNode document) {
    }

    /** The stage that did not run: the request it would have sent. */
    static InvokeStage skipped(InvokeDiagnoses.Call call) {
        return new InvokeStage(Outcome.SKIPPED, 0, call.region(), call.modelId(), request(call.body()), null, 0, null);
    }

    Result run(InvokeDiagnoses.Call call) {
        long started = System.nanoTime();
        // The stage's bound is the model's total timeout: every attempt, the waits and reading the answer.
        Deadline deadline = invoker.deadline(call.configuration());
        BedrockCall answer;
        try {
            answer = invoker.call(call.workspaceId(), call.key(), call.configuration(), call.body(), deadline);
        } catch (InvokeException e) {
            AwsServiceException service = serviceCause(e);
            Diagnosis.AwsError aws = aws(e, service);
            return failed(call, started, service == null ? null : response(service), e.attempts(),
                    diagnoses.of(e, call, aws));
        } catch (AssumeRoleException e) {
            // The session of stage 1 was dropped in between (another change of the connection): as stage 1 says it.
            return failed(call, started, null, 0, AssumeRoleDiagnoses.of(e, call.key(), Optional.empty(),
                    Optional.empty()));
        }
        long latency = AssumeRoleCheck.millisSince(started);
        Response response = response(answer);
        try {
            JsonNode document = ModelInvoker.parse(answer);
            deadline.check(Deadline.Step.READ, answer.attempts());
            if (dev.modelgate.invoke.ModelInvocation.guardrailIntervened(document)) {
                // The answer is the guardrail's blocked message, not the model's: nothing to check the mapping on.
                return new Result(new InvokeStage(Outcome.FAILED, latency, call.region(), answer.modelId(),
                        request(call.body()), response, answer.attempts(), diagnoses.guardrailIntervened(call)),
                        answer, null);
            }
            return new Result(new InvokeStage(Outcome.PASSED, latency, call.region(), answer.modelId(),
                    request(call.body()), response, answer.attempts(), null), answer, document);
        } catch (InvokeException e) {
            Diagnosis.AwsError aws = new Diagnosis.AwsError(null, InvokeDiagnoses.bare(e), answer.statusCode(), answer.requestId());
            return new Result(new InvokeStage(Outcome.FAILED, latency, call.region(), answer.modelId(),
                    request(call.body()), response, answer.attempts(), diagnoses.of(e, call, aws)), answer, null);
        }
    }

    private static Result failed(InvokeDiagnoses.Call call, long started, Response response, int attempts,
                                 Diagnosis diagnosis) {
        return new Result(new InvokeStage(Outcome.FAILED, AssumeRoleCheck.millisSince(started), call.region(),
                call.modelId(), request(call.body()), response, attempts, diagnosis), null, null);
    }

    private static Request request(byte[] body) {
        return new Request("application/json", new String(body, StandardCharsets.UTF_8), body.length);
    }

    private static Response response(BedrockCall answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "x-amzn-RequestId", answer.requestId());
        put(headers, "Content-Type", answer.contentType());
        answer.inputTokens().ifPresent(n -> headers.put("X-Amzn-Bedrock-Input-Token-Count", Long.toString(n)));
        answer.outputTokens().ifPresent(n -> headers.put("X-Amzn-Bedrock-Output-Token-Count", Long.toString(n)));
        if (answer.bedrockLatencyMillis() >= 0) {
            headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(answer.bedrockLatencyMillis()));
        }
        return new Response(answer.statusCode(), headers, new String(answer.body(), StandardCharsets.UTF_8),
                answer.body().length);
    }

    private static Response response(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        SdkHttpResponse http = details == null ? null : details.sdkHttpResponse();
        Map<String, String> headers = new LinkedHashMap<>();
        if (http != null) {
            ERROR_HEADERS.forEach(name -> put(headers, name, http.firstMatchingHeader(name).orElse(null)));
        }
        byte[] body = details == null || details.rawResponse() == null ? new byte[0]
                : details.rawResponse().asByteArrayUnsafe();
        return new Response(e.statusCode(), headers, new String(body, StandardCharsets.UTF_8), body.length);
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    static Diagnosis.AwsError aws(InvokeException e, AwsServiceException service) {
        if (e.statusCode() == 0 && service == null) {
            return null;
        }
        String message = service != null && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null ? service.awsErrorDetails().errorMessage() : InvokeDiagnoses.bare(e);
        return new Diagnosis.AwsError(e.errorCode().orElse(null), message, e.statusCode() == 0 ? null : e.statusCode(),
                e.requestId().orElse(null));
    }

    static AwsServiceException serviceCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return service;
            }
        }
        return null;
    }
}
