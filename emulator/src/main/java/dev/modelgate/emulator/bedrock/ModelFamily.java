package dev.modelgate.emulator.bedrock;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The model families Bedrock serves, each with its own native InvokeModel body and response (PROTOCOL.md §5), and the
 * emulator's deterministic "generation".
 *
 * <p>A call runs {@link #parse} (or {@link #parseConverse}), {@link #generate}, then {@link #invokeResponse},
 * {@link #streamChunks}, {@link #converseResponse} or {@link #converseStreamEvents}. The reply is always
 * {@code "Modelgate emulator reply to: " + prompt.text()}, cut before the earliest stop sequence it contains and then
 * to the token budget ({@link Tokens#truncate}); the stop reason is the family's "ended", "stop sequence" or
 * "max tokens" value accordingly. Identical requests give byte-identical responses (ids are hashes of the reply).
 */
public enum ModelFamily {
    /** Anthropic Claude, Messages API. */
    ANTHROPIC_CLAUDE(new ClaudeCodec()),
    /** Amazon Nova micro / lite / pro. */
    AMAZON_NOVA(new NovaCodec()),
    /** Amazon Titan Text express / lite. */
    AMAZON_TITAN_TEXT(new TitanCodec()),
    /** Meta Llama 3.x / 4 Instruct, and imported Llama-architecture models. */
    META_LLAMA(new LlamaCodec()),
    /** Mistral AI text completion. */
    MISTRAL(new MistralCodec()),
    /** Cohere Command R / R+. */
    COHERE_COMMAND_R(new CohereCodec()),
    /** AI21 Jamba 1.5, and OpenAI-style chat-completions models. */
    AI21_JAMBA(new JambaCodec()),
    /** DeepSeek-R1. */
    DEEPSEEK_R1(new DeepSeekCodec());

    private final FamilyCodec codec;

    ModelFamily(FamilyCodec codec) {
        this.codec = codec;
    }

    /** Validates a native InvokeModel body; messages that name the model use a generic name. */
    public Prompt parse(JsonNode body) {
        return parse(body, null);
    }

    /**
     * Validates a native InvokeModel body and extracts its prompt.
     *
     * @param body    the parsed request body
     * @param modelId the served model ({@link ResolvedModel#servedModelId()}), named in some messages; may be null
     * @throws BedrockException ValidationException with AWS's "Malformed input request: …" wording
     */
    public Prompt parse(JsonNode body, String modelId) {
        return codec.parse(Objects.requireNonNull(body, "body"), modelId);
    }

    /**
     * Like {@link #parse(JsonNode, String)} on raw bytes. A body that is not JSON is rejected with
     * "Malformed input request: expected a JSON object, found invalid JSON, please reformat your input and try
     * again." (emulator wording).
     */
    public Prompt parse(byte[] body, String modelId) {
        return parse(FamilySupport.readBody(body), modelId);
    }

    /** The deterministic reply to a prompt (see the class description). */
    public Generation generate(Prompt prompt) {
        return generate(prompt, FamilySupport.REPLY_PREFIX + prompt.text());
    }

    /** {@code full} as the reply to {@code prompt}: cut at its stop sequences and token budget. */
    private Generation generate(Prompt prompt, String full) {
        int budget = prompt.maxTokens() == Prompt.MODEL_DEFAULT ? codec.defaultMaxTokens() : prompt.maxTokens();
        String stopSequence = null;
        int cut = -1;
        for (String stop : prompt.stopSequences()) {
            int at = stop.isEmpty() ? -1 : full.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                stopSequence = stop;
            }
        }
        String candidate = cut < 0 ? full : full.substring(0, cut);
        String text = Tokens.truncate(candidate, budget);
        if (!text.equals(candidate)) {
            return new Generation(text, prompt.inputTokens(), Tokens.count(text), codec.maxTokensReason());
        }
        String reason = stopSequence == null ? codec.endReason() : codec.stopSequenceReason();
        return new Generation(text, prompt.inputTokens(), Tokens.count(text), reason, stopSequence);
    }

    /** The InvokeModel response body in the family's exact shape. */
    public byte[] invokeResponse(Generation generation, String modelId) {
        return codec.invokeResponse(generation, modelId);
    }

    /**
     * The decoded chunk payloads (the JSON inside each {@code {"bytes": …}}) of InvokeModelWithResponseStream; their
     * texts concatenate to the generation's text and the last one carries {@code amazon-bedrock-invocationMetrics}.
     */
    public List<byte[]> streamChunks(Generation generation, String modelId, InvocationMetrics metrics) {
        return codec.streamChunks(generation, modelId, metrics);
    }

    /** The family's stop reason for a reply that ended on its own (Claude {@code end_turn}, Titan {@code FINISHED}). */
    public String endStopReason() {
        return codec.endReason();
    }

    /** The family's stop reason for a reply cut at the token budget (Claude {@code max_tokens}, Llama {@code length}). */
    public String maxTokensStopReason() {
        return codec.maxTokensReason();
    }

    /** The family's default output budget, used when a request does not set one. */
    public int defaultMaxTokens() {
        return codec.defaultMaxTokens();
    }

    /**
     * Validates a Converse / ConverseStream request body (any family: Converse is model-independent) and extracts its
     * prompt; {@link Prompt#maxTokens()} is {@link Prompt#MODEL_DEFAULT} when {@code inferenceConfig.maxTokens} is
     * absent.
     *
     * @throws BedrockException ValidationException as the Converse API words it
     */
    public static Prompt parseConverse(JsonNode body) {
        return ConverseRequestParser.parse(Objects.requireNonNull(body, "body"));
    }

    /** Like {@link #parseConverse(JsonNode)} on raw bytes. */
    public static Prompt parseConverse(byte[] body) {
        return parseConverse(FamilySupport.readBody(body));
    }

    /** The Converse {@code StopReason} of a generation: {@code max_tokens}, {@code stop_sequence} or {@code end_turn}. */
    public String converseStopReason(Generation generation) {
        if (generation.stopReason().equals(codec.maxTokensReason())) {
            return "max_tokens";
        }
        return generation.stopSequence() != null ? "stop_sequence" : "end_turn";
    }

    /** The Converse response body. */
    public byte[] converseResponse(Generation generation, long latencyMs) {
        return ConverseWriter.response(generation, converseStopReason(generation), latencyMs);
    }

    /**
     * The answer to a Converse / ConverseStream request: the guardrail's blocked message with stop reason
     * {@code guardrail_intervened} when the guardrail intervened (no output tokens); else a tool call (stop reason
     * {@code tool_use}) or the answer to tool results, by {@link ConverseTools}' rule; else the deterministic reply;
     * with the guardrail trace when asked, and the performance configuration and service tier the request asked for.
     *
     * @param body    the request body, already accepted by {@link #parseConverse(JsonNode)}
     * @param prompt  what {@link #parseConverse(JsonNode)} extracted from it
     * @param options the request's options
     * @param verdict the guardrail's decision, or null when no guardrail applies
     */
    public ConverseAnswer converse(JsonNode body, Prompt prompt, InvocationOptions options, GuardrailVerdict verdict) {
        ObjectNode trace = verdict != null && verdict.trace() ? verdict.converseTrace() : null;
        if (verdict != null && verdict.intervened()) {
            return new ConverseAnswer(List.of(FamilySupport.object().put("text", verdict.blockedMessage())),
                    "guardrail_intervened", prompt.inputTokens(), 0, trace, options.performanceConfigJson(),
                    options.serviceTierJson());
        }
        JsonNode messages = body.get("messages");
        ConverseTools.Config tools = ConverseTools.config(body.get("toolConfig"), new ConstraintViolations());
        ConverseTools.Tool tool = ConverseTools.chosen(tools, messages);
        if (tool != null) {
            ObjectNode call = ConverseTools.call(tool, messages);
            int outputTokens = Math.max(1, Tokens.count(call.get("toolUse").get("input").toString()));
            return new ConverseAnswer(List.of(call), "tool_use", prompt.inputTokens(), outputTokens, trace,
                    options.performanceConfigJson(), options.serviceTierJson());
        }
        String results = ConverseTools.resultsText(messages);
        Generation generation = results == null ? generate(prompt) : generate(prompt, results);
        ConverseAnswer text = ConverseWriter.textAnswer(generation, converseStopReason(generation));
        return new ConverseAnswer(text.content(), text.stopReason(), text.inputTokens(), text.outputTokens(), trace,
                options.performanceConfigJson(), options.serviceTierJson());
    }

    /**
     * The reply to a native InvokeModel body: for Claude's Messages API with {@code tools} or tool turns, a tool call
     * or the answer to tool results ({@link ClaudeTools}); otherwise {@link #generate(Prompt)}.
     */
    public Generation generate(JsonNode body, Prompt prompt) {
        if (this == ANTHROPIC_CLAUDE && body.has("messages")
                && (body.has("tools") || body.toString().contains("\"tool_result\""))) {
            Generation tools = ClaudeTools.answer(body, prompt, text -> generate(prompt, text));
            if (tools != null) {
                return tools;
            }
        }
        return generate(prompt);
    }

    /** What InvokeModel answers when a guardrail intervened: its blocked message, no output tokens. */
    public Generation blocked(Prompt prompt, GuardrailVerdict verdict) {
        return new Generation(verdict.blockedMessage(), prompt.inputTokens(), 0, codec.endReason());
    }

    /**
     * An InvokeModel body (or a stream chunk) with the guardrail's members added, as Bedrock adds them:
     * {@code "amazon-bedrock-guardrailAction": "INTERVENED" | "NONE"} and, when the trace was asked for
     * ({@code includeTrace}), {@code "amazon-bedrock-trace": {"guardrail": {"input": {"<id>": {…}}}}}.
     */
    public static byte[] withGuardrail(byte[] json, GuardrailVerdict verdict, boolean includeTrace) {
        ObjectNode root = (ObjectNode) FamilySupport.readBody(json);
        root.put("amazon-bedrock-guardrailAction", verdict.intervened() ? "INTERVENED" : "NONE");
        if (includeTrace && verdict.trace()) {
            root.set("amazon-bedrock-trace", verdict.invokeTrace());
        }
        return FamilySupport.bytes(root);
    }

    /** The ConverseStream events, in order. */
    public List<ConverseEvent> converseStreamEvents(Generation generation, long latencyMs) {
        return ConverseWriter.streamEvents(generation, converseStopReason(generation), latencyMs);
    }
}
