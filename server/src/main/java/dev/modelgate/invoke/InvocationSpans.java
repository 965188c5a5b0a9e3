package dev.modelgate.invoke;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.StoredModel;
import dev.modelgate.tracing.TraceSpan;
import dev.modelgate.tracing.Tracing;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.workspace.Workspace;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * The spans of an invocation, named and attributed as OpenTelemetry's GenAI semantic conventions say, and nothing of
 * the prompt or the answer in them:
 * <ul>
 *   <li>the invocation, {@code chat <model ID>} (CLIENT): {@code gen_ai.operation.name} {@value #CHAT},
 *       {@code gen_ai.provider.name} and {@code gen_ai.system} {@value #PROVIDER}, {@code gen_ai.request.model} (the
 *       Bedrock model ID as sent), {@code gen_ai.response.id} where Bedrock's answer has one,
 *       {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens},
 *       {@code gen_ai.response.finish_reasons}, {@code error.type} (the usage outcome: {@code THROTTLED},
 *       {@code ASSUME_ROLE_ACCESS_DENIED}, {@code MAPPING_FAILED}, …) on failure, and Modelgate's
 *       {@code modelgate.workspace.id}, {@code modelgate.model.id}, {@code .name}, {@code .revision},
 *       {@code modelgate.usage.kind}, {@code modelgate.stream} and {@code modelgate.outcome}. A stream's span ends
 *       when the stream does;</li>
 *   <li>each Bedrock attempt, {@code BedrockRuntime.<operation>} (CLIENT; {@link ModelInvoker#withRetries}):
 *       {@code rpc.system} aws-api, {@code rpc.service}, {@code rpc.method}, {@code modelgate.attempt} (from 1),
 *       {@code aws.request_id}, {@code http.response.status_code}, and on failure {@code error.type} (AWS's error
 *       code, such as {@code ThrottlingException}, else the failure's kind);</li>
 *   <li>the output mapping of a template model's answer, {@value #OUTPUT_MAPPING} (INTERNAL).</li>
 * </ul>
 * With {@link Tracing#OFF} every method returns at once, allocating nothing.
 */
final class InvocationSpans {

    /** The GenAI operation of every invocation: Bedrock's models are called with a conversation or a prompt. */
    static final String CHAT = "chat";
    /** The GenAI provider (and system) of Amazon Bedrock. */
    static final String PROVIDER = "aws.bedrock";
    /** The name of an output mapping's span. */
    static final String OUTPUT_MAPPING = "output_mapping";

    static final String INVOKE_MODEL = "InvokeModel";
    static final String INVOKE_MODEL_STREAM = "InvokeModelWithResponseStream";
    static final String CONVERSE = "Converse";
    static final String CONVERSE_STREAM = "ConverseStream";

    private InvocationSpans() {
    }

    /** Starts an invocation's span, a child of the current one. */
    static TraceSpan invocation(Tracing tracing, Workspace workspace, StoredModel model,
                                ModelConfiguration configuration, UsageKind kind, boolean stream) {
        if (!tracing.enabled()) {
            return TraceSpan.NONE;
        }
        String modelId = configuration.modelReference().modelId();
        return tracing.start(CHAT + " " + modelId, Tracing.Kind.CLIENT)
                .set("gen_ai.operation.name", CHAT)
                .set("gen_ai.provider.name", PROVIDER)
                .set("gen_ai.system", PROVIDER)
                .set("gen_ai.request.model", modelId)
                .set("modelgate.workspace.id", workspace.id())
                .set("modelgate.model.id", model.id())
                .set("modelgate.model.name", model.name())
                .set("modelgate.model.revision", model.revision())
                .set("modelgate.usage.kind", kind.name())
                .set("modelgate.stream", stream);
    }

    /**
     * The invocation's outcome as metered: the outcome, the tokens known, and for a failure (anything but OK,
     * GUARDRAIL_INTERVENED and CLIENT_CLOSED) {@code error.type}.
     */
    static void outcome(TraceSpan span, String outcome, OptionalLong inputTokens, OptionalLong outputTokens) {
        if (!span.recording()) {
            return;
        }
        span.set("modelgate.outcome", outcome);
        if (inputTokens.isPresent()) {
            span.set("gen_ai.usage.input_tokens", inputTokens.getAsLong());
        }
        if (outputTokens.isPresent()) {
            span.set("gen_ai.usage.output_tokens", outputTokens.getAsLong());
        }
        if (!answered(outcome)) {
            span.failed(outcome);
        }
    }

    /** {@link #outcome(TraceSpan, String, OptionalLong, OptionalLong)} with counts that may be null. */
    static void outcome(TraceSpan span, String outcome, Long inputTokens, Long outputTokens) {
        if (span.recording()) {
            outcome(span, outcome, inputTokens == null ? OptionalLong.empty() : OptionalLong.of(inputTokens),
                    outputTokens == null ? OptionalLong.empty() : OptionalLong.of(outputTokens));
        }
    }

    /**
     * Sets {@code gen_ai.response.id} from a document of Bedrock's answer, when it holds one and the span has none
     * yet: the answer's top-level {@code id} (Anthropic's message ID, …), or in a stream the first chunk's
     * {@code message.id} (Anthropic's {@code message_start}). Returns whether the span has it now.
     */
    static boolean responseId(TraceSpan span, JsonNode document) {
        if (!span.recording()) {
            return true;
        }
        JsonNode id = document.get("id");
        if (id == null || !id.isString()) {
            id = document.path("message").get("id");
        }
        if (id != null && id.isString()) {
            span.set("gen_ai.response.id", id.stringValue());
            return true;
        }
        return false;
    }

    /** The model's stop reason, when there is one. */
    static void finishReason(TraceSpan span, String reason) {
        if (reason != null && span.recording()) {
            span.set("gen_ai.response.finish_reasons", List.of(reason));
        }
    }

    /** Marks a span failed by an exception no usage outcome names. */
    static void failed(TraceSpan span, RuntimeException failure) {
        if (span.recording()) {
            span.failed(errorType(failure));
        }
    }

    /**
     * Runs a stream's relay, which ends its invocation's span whichever way it goes: a failure escaping the relay is
     * marked on the span first.
     */
    static <T> T relaying(TraceSpan span, java.util.function.Supplier<T> relay) {
        try {
            return relay.get();
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Starts the span of one Bedrock attempt, a child of the current one. */
    static TraceSpan attempt(Tracing tracing, String operation, int attempt) {
        if (!tracing.enabled()) {
            return TraceSpan.NONE;
        }
        return tracing.start("BedrockRuntime." + operation, Tracing.Kind.CLIENT)
                .set("rpc.system", "aws-api")
                .set("rpc.service", "BedrockRuntime")
                .set("rpc.method", operation)
                .set("modelgate.attempt", attempt);
    }

    /** An attempt Bedrock answered (for a stream: whose first event arrived). */
    static void attemptAnswered(TraceSpan span, Object answer) {
        if (!span.recording()) {
            return;
        }
        span.set("http.response.status_code", 200);
        span.set("aws.request_id", switch (answer) {
            case BedrockCall call -> call.requestId();
            case ConverseCall call -> call.requestId();
            case ModelStream stream -> stream.requestId();
            case ConverseStream stream -> stream.requestId();
            default -> null;
        });
    }

    /** An attempt that failed: AWS's error code (else the failure's kind), status and request ID where known. */
    static void attemptFailed(TraceSpan span, RuntimeException failure) {
        if (!span.recording()) {
            return;
        }
        if (failure instanceof InvokeException e) {
            if (e.statusCode() > 0) {
                span.set("http.response.status_code", e.statusCode());
            }
            e.requestId().ifPresent(id -> span.set("aws.request_id", id));
            span.failed(e.errorCode().orElse(e.kind().name()));
        } else {
            span.failed(errorType(failure));
        }
    }

    /** A low-cardinality type of a failure: its reason or kind, its code, else its class. */
    static String errorType(RuntimeException failure) {
        return switch (failure) {
            case AssumeRoleException e -> "ASSUME_ROLE_" + e.reason().name();
            case InvokeException e -> e.kind().name();
            case ModelgateException e -> e.code().code();
            default -> failure.getClass().getName();
        };
    }

    private static boolean answered(String outcome) {
        return "OK".equals(outcome) || Invocations.GUARDRAIL_INTERVENED.equals(outcome)
                || StreamingInvocations.CLIENT_CLOSED.equals(outcome);
    }
}
