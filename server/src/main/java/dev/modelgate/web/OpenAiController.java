package dev.modelgate.web;

import dev.modelgate.access.Caller;
import dev.modelgate.access.RateLimits;
import dev.modelgate.budget.Budgets;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.invoke.ConverseCall;
import dev.modelgate.invoke.ConverseInvocations;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.Invocations;
import dev.modelgate.invoke.ModelInvocation;
import dev.modelgate.invoke.Router;
import dev.modelgate.invoke.StreamingInvocations;
import dev.modelgate.mapping.MappingException;
import dev.modelgate.model.ChatRule;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelApi;
import dev.modelgate.model.StoredModel;
import dev.modelgate.openai.ChatCompletions;
import dev.modelgate.openai.ChatRequest;
import dev.modelgate.openai.ChatStream;
import dev.modelgate.openai.ConverseTranslation;
import dev.modelgate.openai.TemplateTranslation;
import dev.modelgate.usage.UsageKind;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.workspace.Workspace;
import dev.modelgate.workspace.WorkspaceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible API, base URL {@code /v1}: what OpenAI SDKs and the agent frameworks built on them call, with
 * a Modelgate API key as their API key (an agent key suffices) and a workspace's model name as {@code model}.
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: the chat is read and checked ({@link ChatRequest}), then a Converse model
 *       answers it through Converse ({@link ConverseTranslation}) and a template model through its template, the
 *       chat mapped onto its variables by its chat rule ({@link TemplateTranslation}); the answer is OpenAI's
 *       {@code chat.completion} ({@link ChatCompletions}). With {@code "stream": true}: Server-Sent Events of
 *       {@code data:} lines only, each a {@code chat.completion.chunk} ({@link ChatStream}), ending with
 *       {@code data: [DONE]}; an SSE comment while Bedrock sends nothing, to notice a client that went away (its
 *       stream at Bedrock is then cancelled). A failure before the first chunk is an ordinary error answer; after it,
 *       one {@code data: {"error": {...}}} chunk, and the stream ends without {@code [DONE]}.</li>
 *   <li>{@code GET /v1/models}, {@code GET /v1/models/{name}}: the workspace's models that have a live revision with
 *       inference on, by the live revision's name, as OpenAI's {@code model} objects ({@code id} the name, {@code created} seconds, {@code owned_by} the
 *       workspace's name). An API key limited to some models ({@code models}) lists only those, and a chat or
 *       model it names outside them is refused (403 {@code model_not_in_key_scope}) before anything is looked up.</li>
 * </ul>
 * Each chat is routed over the model's fallbacks and balance ({@link Router}): {@code model} in the answer (and in
 * each chunk) names the model that served, as does the {@code Modelgate-Served-By} header. Each call is metered as a
 * usage record of kind {@link UsageKind#CHAT_COMPLETIONS}. Errors are in OpenAI's shape
 * ({@link OpenAiErrors}).
 */
@RestController
public class OpenAiController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Invocations invocations;
    private final StreamingInvocations streaming;
    private final ConverseInvocations converse;
    private final ExternalModels models;
    private final InvocationProblems problems;
    private final WorkspaceContext workspaces;
    private final Clock clock;
    private final Budgets budgets;
    private final RateLimits limits;
    private final Router router;

    public OpenAiController(Invocations invocations, StreamingInvocations streaming, ConverseInvocations converse,
                            ExternalModels models, InvocationProblems problems, WorkspaceContext workspaces,
                            Clock clock, Budgets budgets, RateLimits limits, Router router) {
        this.budgets = budgets;
        this.limits = limits;
        this.router = router;
        this.invocations = invocations;
        this.streaming = streaming;
        this.converse = converse;
        this.models = models;
        this.problems = problems;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** One chat: answered as JSON, or streamed (then null is returned and the answer is written here). */
    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> chat(@RequestBody JsonNode body, HttpServletRequest request,
                                    HttpServletResponse response) {
        ChatRequest chat = ChatRequest.read(body);
        Workspace workspace = workspaces.current();
        StoredModel model = invocable(workspace, chat.model(), request);
        BudgetWarnings.check(budgets, workspace, Callers.require(), response);
        TokenReservations.acquire(limits, Callers.require(), request, () -> JSON.writeValueAsBytes(body).length);
        String id = ChatCompletions.newId();
        long created = clock.instant().getEpochSecond();
        if (model.api() == ModelApi.CONVERSE) {
            ConverseTranslation.Translated translated = ConverseTranslation.translate(chat);
            if (chat.stream()) {
                Router.Routed<ConverseInvocations.Opened> routed = inOpenAiTerms(translated::param,
                        () -> router.route(workspace, model, (link, hop) -> converse.open(workspace, link,
                                translated.body(), UsageKind.CHAT_COMPLETIONS, hop)));
                RouteHeaders.set(response, routed.route());
                streamConverse(routed.value(), new ChatStream(id, created, routed.route().served(),
                        chat.includeUsage(), translated.structuredOutputTool()), response);
                return null;
            }
            Router.Routed<ConverseInvocations.Result> routed = inOpenAiTerms(translated::param,
                    () -> router.route(workspace, model, (link, hop) -> converse.invoke(workspace, link,
                            translated.body(), UsageKind.CHAT_COMPLETIONS, hop)));
            return json(converseCompletion(id, created, routed.route().served(), routed.value().call(),
                    translated.structuredOutputTool()), routed.route());
        }
        ChatRule rule = models.compiled(model).chat();
        UnaryOperator<String> param = field -> templateParam(rule, field);
        // Each link maps the chat onto its own variables by its own chat rule.
        if (chat.stream()) {
            Router.Routed<StreamingInvocations.Opened> routed = inOpenAiTerms(param,
                    () -> router.route(workspace, model, (link, hop) -> streaming.open(workspace, link,
                            variables(chat, link), UsageKind.CHAT_COMPLETIONS, hop)));
            RouteHeaders.set(response, routed.route());
            streamTemplate(routed.value(), new ChatStream(id, created, routed.route().served(), chat.includeUsage(),
                    null), response);
            return null;
        }
        Router.Routed<Invocations.Result> routed = inOpenAiTerms(param,
                () -> router.route(workspace, model, (link, hop) -> invocations.invoke(workspace, link,
                        variables(chat, link), UsageKind.CHAT_COMPLETIONS, hop)));
        ModelInvocation invocation = routed.value().invocation();
        String finish = invocation.guardrailIntervened() ? ConverseCall.GUARDRAIL_INTERVENED
                : ChatCompletions.stopReason(invocation.mapping().output().extras());
        return json(ChatCompletions.completion(id, created, routed.route().served(),
                invocation.mapping().output().text(), List.of(), ChatCompletions.finishReason(finish),
                new ChatCompletions.Usage(boxed(invocation.inputTokens()), boxed(invocation.outputTokens()), null)),
                routed.route());
    }

    /** The chat as a template model's variables, by its chat rule. */
    private Map<String, JsonNode> variables(ChatRequest chat, StoredModel model) {
        return TemplateTranslation.variables(chat, models.compiled(model).chat(), model.name());
    }

    /**
     * {@code {"object": "list", "data": [model, ...]}}: the workspace's live models with inference on, in the order
     * the model list gives them, among its first {@value ExternalModels#MAX_MODELS_FOR_POLICY} models.
     */
    @GetMapping("/v1/models")
    ResponseEntity<ObjectNode> list() {
        Workspace workspace = workspaces.current();
        Caller caller = Callers.require();
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        var data = list.putArray("data");
        int page = 500;
        for (int offset = 0; offset < ExternalModels.MAX_MODELS_FOR_POLICY; offset += page) {
            List<StoredModel> batch = models.listLive(workspace.id(), offset, page);
            batch.stream().filter(OpenAiController::served).filter(m -> caller.mayCall(m.name()))
                    .forEach(m -> data.add(model(m, workspace)));
            if (batch.size() < page) {
                break;
            }
        }
        return json(list);
    }

    /**
     * One model of {@link #list()}; a name outside the API key's scope is 403 {@code model_not_in_key_scope}, any
     * other name 404 {@code model_not_found}.
     */
    @GetMapping("/v1/models/{name}")
    ResponseEntity<ObjectNode> retrieve(@PathVariable String name, HttpServletRequest request) {
        Workspace workspace = workspaces.current();
        Callers.require().checkModel(name);
        StoredModel model = models.live(workspace.id(), name).filter(OpenAiController::served)
                .orElseThrow(() -> {
                    request.setAttribute(OpenAiErrors.MODEL_NOT_FOUND, "");
                    return new NotFoundException("the workspace has no model named \"" + name + "\" that is Ready "
                            + "with inference on; GET /v1/models lists those it has");
                });
        return json(model(model, workspace));
    }

    private StoredModel invocable(Workspace workspace, String name, HttpServletRequest request) {
        Callers.require().checkModel(name);
        try {
            return invocations.invocable(workspace, name);
        } catch (NotFoundException e) {
            request.setAttribute(OpenAiErrors.MODEL_NOT_FOUND, "model");
            throw new NotFoundException("the workspace has no model named \"" + name + "\"; GET /v1/models lists "
                    + "those it has");
        }
    }

    /** A live revision with inference on. */
    private static boolean served(StoredModel live) {
        return live.inferenceEnabled();
    }

    private static ObjectNode model(StoredModel model, Workspace workspace) {
        return JSON.createObjectNode().put("id", model.name()).put("object", "model")
                .put("created", model.createdAt().getEpochSecond()).put("owned_by", workspace.name());
    }

    private static ObjectNode converseCompletion(String id, long created, String model, ConverseCall call,
                                                 String structuredOutputTool) {
        ChatCompletions.Answer answer = ChatCompletions.answer(call.message(), structuredOutputTool);
        return ChatCompletions.completion(id, created, model, answer.text(), answer.toolCalls(),
                ChatCompletions.finishReason(call.stopReason(), structuredOutputTool),
                ChatCompletions.Usage.converse(call.inputTokens(), call.outputTokens(), call.cacheReadInputTokens(),
                        call.cacheWriteInputTokens()));
    }

    private void streamConverse(ConverseInvocations.Opened opened, ChatStream chunks, HttpServletResponse response) {
        EventStreamResponse events = EventStreamResponse.open(response);
        ConverseInvocations.Summary summary = converse.relay(opened, new ConverseInvocations.Listener() {
            @Override
            public boolean delta(String text) {
                return send(events, chunks.text(text));
            }

            @Override
            public boolean toolStart(int index, String toolUseId, String name) {
                return send(events, chunks.toolStart(index, toolUseId, name));
            }

            @Override
            public boolean toolInput(int index, String piece) {
                return send(events, chunks.toolInput(index, piece));
            }

            @Override
            public boolean toolUse(String toolUseId, String name, JsonNode input) {
                return true; // its start and input pieces went out as they came
            }

            @Override
            public boolean idle() {
                return events.heartbeat();
            }
        });
        end(events, chunks, summary.outcome(), summary.failure(), summary.stopReason(),
                ChatCompletions.Usage.converse(summary.inputTokens(), summary.outputTokens(),
                        summary.cacheReadInputTokens(), summary.cacheWriteInputTokens()));
    }

    private void streamTemplate(StreamingInvocations.Opened opened, ChatStream chunks, HttpServletResponse response) {
        EventStreamResponse events = EventStreamResponse.open(response);
        StreamingInvocations.Summary summary = streaming.relay(opened, new StreamingInvocations.Listener() {
            @Override
            public boolean delta(String text) {
                return send(events, chunks.text(text));
            }

            @Override
            public boolean idle() {
                return events.heartbeat();
            }
        });
        end(events, chunks, summary.outcome(), summary.failure(),
                Invocations.GUARDRAIL_INTERVENED.equals(summary.outcome()) ? ConverseCall.GUARDRAIL_INTERVENED : null,
                new ChatCompletions.Usage(boxed(summary.inputTokens()), boxed(summary.outputTokens()), null));
    }

    /**
     * The stream's end: nothing when the client went away; a failure before anything was sent is thrown (an ordinary
     * error answer), after it one error chunk; else the finish (and usage) chunks and {@code [DONE]}.
     */
    private void end(EventStreamResponse events, ChatStream chunks, String outcome, ModelgateException failure,
                     String stopReason, ChatCompletions.Usage usage) {
        if (StreamingInvocations.CLIENT_CLOSED.equals(outcome)) {
            return;
        }
        if (failure != null) {
            if (!events.started()) {
                throw failure;
            }
            events.data(error(failure));
        } else if (send(events, chunks.finish(stopReason, usage))) {
            events.data("[DONE]");
        }
        events.close();
    }

    private static boolean send(EventStreamResponse events, List<ObjectNode> chunks) {
        for (ObjectNode chunk : chunks) {
            if (!events.data(chunk)) {
                return false;
            }
        }
        return true;
    }

    /** A failure mid-stream in OpenAI's error shape, with the detail an error answer would have. */
    private ObjectNode error(ModelgateException failure) {
        ProblemDetail problem = switch (failure) {
            case InvokeException e -> problems.invoke(e).getBody();
            case MappingException e -> problems.mapping(e).getBody();
            default -> ProblemResponses.problem(failure.code(), failure.getMessage());
        };
        return OpenAiErrors.body(problem, null);
    }

    /** Runs {@code call}, naming the OpenAI parameter of each violation it throws instead of the field it named. */
    private static <T> T inOpenAiTerms(UnaryOperator<String> param, Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations().stream().map(v -> v.under(param.apply(v.field())))
                    .toList());
        }
    }

    /** The OpenAI parameter that fills a template variable ({@code variables.<name>}) by the chat rule. */
    static String templateParam(ChatRule rule, String field) {
        List<Map.Entry<String, String>> sources = new ArrayList<>();
        add(sources, rule.prompt(), "messages");
        add(sources, rule.system(), "messages");
        add(sources, rule.messages(), "messages");
        add(sources, rule.tools(), "tools");
        add(sources, rule.maxTokens(), "max_tokens");
        add(sources, rule.temperature(), "temperature");
        add(sources, rule.topP(), "top_p");
        add(sources, rule.stop(), "stop");
        for (Map.Entry<String, String> source : sources) {
            String variable = "variables." + source.getKey();
            if (field.equals(variable) || field.startsWith(variable + ".") || field.startsWith(variable + "[")) {
                return source.getValue();
            }
        }
        return field;
    }

    private static void add(List<Map.Entry<String, String>> sources, String variable, String param) {
        if (variable != null) {
            sources.add(Map.entry(variable, param));
        }
    }

    private static ResponseEntity<ObjectNode> json(ObjectNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** A routed chat's answer: {@code model} names the model that served, as do the route headers. */
    private static ResponseEntity<ObjectNode> json(ObjectNode body, Router.Route route) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(RouteHeaders.SERVED_BY, route.served()).header(RouteHeaders.ROUTE_REASON, route.reason())
                .body(body);
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
